// Options of the commands that act (remediate, collect), on top of the endpoint options every command takes.
import type { InferredOptionTypes } from 'yargs';
import type { OptionTable } from '../contract/options';

export const REMEDIATE_OPTIONS = {
  force: {
    type: 'boolean',
    default: false,
    describe: 'force an update even when the definitions are current (the cooldown still applies)',
  },
  'wait-seconds': {
    type: 'number',
    default: 300,
    range: { min: 0, max: 86_400, integer: false },
    describe: 'how long to watch for the forced update to take',
  },
  'cooldown-minutes': {
    type: 'number',
    default: 60,
    range: { min: 0, max: 10_080, integer: false },
    describe: 'least time between two forced updates (0: none)',
  },
  'poll-seconds': {
    type: 'number',
    default: 5,
    hidden: true,
    range: { min: 0, exclusiveMin: true, max: 3600, integer: false },
    describe: 'how often to look while waiting (tests)',
  },
} as const satisfies OptionTable;

export const COLLECT_OPTIONS = {
  duration: {
    type: 'number',
    range: { min: 0, max: 86_400, integer: false },
    describe: "seconds of debug logging (default: the policy's TETRA update interval, else 3600)",
  },
  output: { type: 'string', describe: 'folder for the bundle (default: <state-dir>/collect/<time>)' },
  capture: {
    type: 'boolean',
    default: false,
    describe: 'also capture packets over the same window with pktmon (Windows)',
  },
  'support-timeout-seconds': {
    type: 'number',
    default: 900,
    hidden: true,
    range: { min: 1, max: 86_400, integer: false },
    describe: 'how long ipsupporttool.exe may take',
  },
} as const satisfies OptionTable;

export type RemediateArgs = InferredOptionTypes<typeof REMEDIATE_OPTIONS>;
export type CollectArgs = InferredOptionTypes<typeof COLLECT_OPTIONS>;
