// README's option-range table and the settings file's table say what the commands' option tables say: every ranged
// option once, with its range, its commands and whether it is hidden.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { optionRangeRows } from '../../src/cli/commandTables';
import { ENDPOINT_OPTIONS } from '../../src/cli/endpointOptions';
import { describeRange } from '../../src/contract/options';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const ENDPOINT_COMMANDS = ['detect', 'probe', 'remediate', 'collect'];

/** The body rows of the first Markdown table after `heading`, as trimmed cells. */
function tableAfter(heading: string): string[][] {
  const lines = readme.slice(readme.indexOf(heading)).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  return lines.slice(start + 2, end).map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
}

t.test("README's option-range table lists every ranged option of every command, as its table has it", async (t) => {
  const rows = optionRangeRows();
  const readmeRows = tableAfter('Every numeric option has a range');
  const options = [...new Set(rows.map((row) => row.option))];
  t.same(readmeRows.map(([option]) => /`(--[\w-]+)`/.exec(option)?.[1]).sort(), options.sort(), 'the same options');
  for (const [optionCell, commandCell, rangeCell] of readmeRows) {
    const option = /`(--[\w-]+)`/.exec(optionCell)?.[1];
    const ofOption = rows.filter((row) => row.option === option);
    for (const row of ofOption) {
      t.equal(rangeCell, row.rangeCell, `${option} of ${row.command}: range`);
      t.equal(optionCell.includes('(hidden)'), row.hidden, `${option} of ${row.command}: hidden or not`);
    }
    const commands = ofOption.map((row) => row.command);
    if (ENDPOINT_COMMANDS.every((command) => commands.includes(command)))
      t.match(commandCell, /^every endpoint command/, `${option}: every endpoint command`);
    for (const command of commands.filter((name) => !ENDPOINT_COMMANDS.includes(name)))
      t.ok(commandCell.includes(`\`${command}`), `${option}: README names ${command}`);
  }
});

t.test("README's settings table gives each numeric key its option's range", async (t) => {
  const settingsRows = tableAfter('## Settings file');
  const numeric = settingsRows.filter(([, value]) => /number/.test(value));
  t.ok(numeric.length >= 4, 'the numeric keys are listed');
  for (const [keyCell, value] of numeric) {
    const key = keyCell.replace(/`/g, '');
    const spec = Object.entries(ENDPOINT_OPTIONS).find(([name]) => name === key)?.[1];
    if (!spec || !('range' in spec)) t.fail(`${key} is an endpoint option with a range`);
    else t.equal(value, describeRange(spec.range), key);
  }
});
