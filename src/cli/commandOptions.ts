// Options of the commands that act (remediate, collect), on top of the endpoint options every command takes.
import type { Argv } from 'yargs';
import { UsageError } from './endpointOptions';

export function withRemediateOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('force', { type: 'boolean', default: false, describe: 'force an update even when the definitions are current (the cooldown still applies)' })
    .option('wait-seconds', { type: 'number', default: 300, describe: 'how long to watch for the forced update to take' })
    .option('cooldown-minutes', { type: 'number', default: 60, describe: 'least time between two forced updates (0: none)' })
    .option('poll-seconds', { type: 'number', default: 5, hidden: true, describe: 'how often to look while waiting (tests)' });
}

export function withCollectOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('duration', { type: 'number', describe: 'seconds of debug logging (default: the policy\'s TETRA update interval, else 3600)' })
    .option('output', { type: 'string', describe: 'folder for the bundle (default: <state-dir>/collect/<time>)' })
    .option('capture', { type: 'boolean', default: false, describe: 'also capture packets over the same window with pktmon (Windows)' })
    .option('support-timeout-seconds', { type: 'number', default: 900, hidden: true, describe: 'how long ipsupporttool.exe may take' });
}

export interface RawRemediateArgs {
  force: boolean;
  waitSeconds: number;
  cooldownMinutes: number;
  pollSeconds: number;
}

export interface RawCollectArgs {
  duration?: number;
  output?: string;
  capture: boolean;
  supportTimeoutSeconds: number;
}

export function checkRemediateArgs(args: RawRemediateArgs): void {
  atLeast('--wait-seconds', args.waitSeconds, 0);
  atLeast('--cooldown-minutes', args.cooldownMinutes, 0);
  if (!(args.pollSeconds > 0)) throw new UsageError('--poll-seconds must be a number greater than 0');
}

export function checkCollectArgs(args: RawCollectArgs): void {
  if (args.duration !== undefined) atLeast('--duration', args.duration, 0);
  if (!(args.supportTimeoutSeconds > 0)) throw new UsageError('--support-timeout-seconds must be a number greater than 0');
}

function atLeast(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) throw new UsageError(`${name} must be a number, ${min} or more`);
}
