// Options of the commands that act (remediate, collect), on top of the endpoint options every command takes.
import type { Argv } from 'yargs';
import { checkRange } from './endpointOptions';

export function withRemediateOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'force an update even when the definitions are current (the cooldown still applies)',
    })
    .option('wait-seconds', {
      type: 'number',
      default: 300,
      describe: 'how long to watch for the forced update to take',
    })
    .option('cooldown-minutes', {
      type: 'number',
      default: 60,
      describe: 'least time between two forced updates (0: none)',
    })
    .option('poll-seconds', {
      type: 'number',
      default: 5,
      hidden: true,
      describe: 'how often to look while waiting (tests)',
    });
}

export function withCollectOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('duration', {
      type: 'number',
      describe: "seconds of debug logging (default: the policy's TETRA update interval, else 3600)",
    })
    .option('output', { type: 'string', describe: 'folder for the bundle (default: <state-dir>/collect/<time>)' })
    .option('capture', {
      type: 'boolean',
      default: false,
      describe: 'also capture packets over the same window with pktmon (Windows)',
    })
    .option('support-timeout-seconds', {
      type: 'number',
      default: 900,
      hidden: true,
      describe: 'how long ipsupporttool.exe may take',
    });
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
  checkRange('wait-seconds', args.waitSeconds);
  checkRange('cooldown-minutes', args.cooldownMinutes);
  checkRange('poll-seconds', args.pollSeconds);
}

export function checkCollectArgs(args: RawCollectArgs): void {
  if (args.duration !== undefined) checkRange('duration', args.duration);
  checkRange('support-timeout-seconds', args.supportTimeoutSeconds);
}
