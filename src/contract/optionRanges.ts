// README.md's option-range table: every numeric option, where it is taken and its range. The ranges are
// NUMERIC_OPTIONS (options.ts), the ones the CLI checks; where each option is taken, and whether --help hides it,
// is said here, typed by the same keys so that a ranged option cannot lack its row.
import { NUMERIC_OPTIONS, type NumericRange } from './options';

type RangedOption = keyof typeof NUMERIC_OPTIONS;

const TAKEN_BY: Record<RangedOption, { commands: string; hidden?: true }> = {
  'max-age-hours': { commands: 'every endpoint command' },
  'max-behind': { commands: 'every endpoint command' },
  'timeout-ms': { commands: 'every endpoint command, `fleet --graph` and `intune deploy` (each Graph request)' },
  'posture-timeout-ms': { commands: 'every endpoint command' },
  'wait-seconds': { commands: '`remediate`' },
  'cooldown-minutes': { commands: '`remediate`' },
  'poll-seconds': { commands: '`remediate`', hidden: true },
  duration: { commands: '`collect`' },
  'support-timeout-seconds': { commands: '`collect`', hidden: true },
  top: { commands: '`fleet`' },
  'max-result-age-days': { commands: '`fleet`' },
  'console-timeout-ms': { commands: '`fleet --secure-endpoint`, `policy`' },
  'console-max-pages': { commands: '`fleet --secure-endpoint`, `policy`', hidden: true },
  interval: { commands: '`intune deploy` (hourly: at most 23)' },
  'poll-ms': { commands: '`intune deploy`', hidden: true },
  'block-bytes': { commands: '`intune deploy`', hidden: true },
};

export interface OptionRangeRow {
  /** The option's name without its dashes. */
  name: string;
  hidden: boolean;
  /** The commands that take it (Markdown). */
  commands: string;
  range: NumericRange;
}

/** Every ranged option, in the order README lists them. */
export function optionRangeRows(): OptionRangeRow[] {
  return (Object.keys(NUMERIC_OPTIONS) as RangedOption[]).map((name) => ({
    name,
    hidden: TAKEN_BY[name].hidden === true,
    commands: TAKEN_BY[name].commands,
    range: NUMERIC_OPTIONS[name],
  }));
}
