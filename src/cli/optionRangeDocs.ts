// README.md's option-range table: one row per ranged option, its range from the command tables (commandTables.ts,
// the ranges the CLI checks) and, said here, where it is taken: README names the commands in words ("every endpoint
// command") that no table holds. A ranged option without its words here fails `npm run docs:contract` and its test.
import type { NumericRange } from '../contract/options';
import { optionRangeRows } from './commandTables';

const TAKEN_BY: Record<string, string> = {
  'max-age-hours': 'every endpoint command',
  'max-behind': 'every endpoint command',
  'timeout-ms': 'every endpoint command, `fleet --graph` and `intune deploy` (each Graph request)',
  'posture-timeout-ms': 'every endpoint command',
  'wait-seconds': '`remediate`',
  'cooldown-minutes': '`remediate`',
  'poll-seconds': '`remediate`',
  duration: '`collect`',
  'support-timeout-seconds': '`collect`',
  top: '`fleet`',
  'max-result-age-days': '`fleet`',
  'console-timeout-ms': '`fleet --secure-endpoint`, `policy`',
  'console-max-pages': '`fleet --secure-endpoint`, `policy`',
  interval: '`intune deploy` (hourly: at most 23)',
  'poll-ms': '`intune deploy`',
  'block-bytes': '`intune deploy`',
};

export interface OptionRangeDoc {
  /** The option's name without its dashes. */
  name: string;
  hidden: boolean;
  /** The commands that take it (Markdown). */
  commands: string;
  range: NumericRange;
}

/** Every ranged option once, in the order the command tables first name it; one range wherever it is taken. */
export function optionRangeDocs(): OptionRangeDoc[] {
  const docs = new Map<string, OptionRangeDoc>();
  for (const row of optionRangeRows()) {
    const name = row.option.slice(2);
    const seen = docs.get(name);
    if (seen) {
      if (JSON.stringify(seen.range) !== JSON.stringify(row.range))
        throw new Error(`${row.option} has two ranges: README's table gives one per option`);
      continue;
    }
    const commands = TAKEN_BY[name];
    if (commands === undefined) throw new Error(`${row.option} has a range: say in TAKEN_BY where it is taken`);
    docs.set(name, { name, hidden: row.hidden, commands, range: row.range });
  }
  return [...docs.values()];
}
