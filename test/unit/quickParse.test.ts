// The endpoint commands read a plain command line without yargs (src/cli/quickParse.ts). Every line that reader
// accepts must give exactly the arguments yargs gives for it; every line that needs yargs' judgement must be left
// to yargs.
import t from 'tap';
import yargs from 'yargs';
import { COMMAND_OPTIONS, type EndpointCommand } from '../../src/cli/commandTables';
import { quickParse } from '../../src/cli/quickParse';
import type { OptionTable } from '../../src/contract/options';

const COMMANDS: EndpointCommand[] = ['detect', 'probe', 'remediate', 'collect'];

const yargsArgs = (argv: string[], table: OptionTable) =>
  yargs(argv).strict().options(table).exitProcess(false).fail(false).parseSync();

/** Values of each kind that a schedule's command line holds, spelled the ways people spell them. */
const STRINGS = ['C:\\Program Files\\Cisco\\AMP', '/tmp/a b', 'http://u:p@proxy:3128', 'none', '0042', 'a=b', 'é日本'];
const NUMBERS = ['0', '1', '5', '300', '007', '1.5', '2.', '.25', '100000', '600000'];

function valuesFor(table: OptionTable, name: string): string[] {
  const spec = table[name];
  if (spec.choices) return spec.choices.flatMap((c) => (typeof c === 'string' ? [c, c.toUpperCase()] : []));
  return spec.type === 'number' ? NUMBERS : STRINGS;
}

/** Lines of one to six options, each given once, from a fixed seed: the same lines on every run. */
function plainLines(table: OptionTable, count: number): string[][] {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % n; // the high bits: an LCG's low bits repeat with a short period
  };
  const names = Object.keys(table);
  const lines: string[][] = [];
  for (let i = 0; i < count; i++) {
    const picked = new Set(Array.from({ length: 1 + next(6) }, () => names[next(names.length)]));
    lines.push(
      [...picked].flatMap((name) => {
        if (table[name].type === 'boolean') return [`--${name}`];
        const values = valuesFor(table, name);
        const value = values[next(values.length)];
        return next(3) === 0 ? [`--${name}=${value}`] : [`--${name}`, value];
      }),
    );
  }
  return lines;
}

t.test('every plain line reads the same as yargs reads it', async (t) => {
  for (const command of COMMANDS) {
    const table = COMMAND_OPTIONS[command];
    let quick = 0;
    for (const argv of [[], ...plainLines(table, 400)]) {
      const ours = quickParse(argv, table);
      if (ours === null) continue;
      quick++;
      const theirs = yargsArgs(argv, table);
      const pick = (args: Record<string, unknown>) =>
        Object.fromEntries(Object.keys(table).map((name) => [name, args[name]]));
      if (!t.same(pick(ours), pick(theirs), `${command} ${argv.join(' ')}`)) break;
      t.same(ours._, theirs._);
    }
    // Most of these lines are plain; a reader that gave up on all of them would compare nothing.
    t.ok(quick > 250, `${command}: ${quick} of 401 lines read without yargs`);
  }
});

t.test('a line that needs yargs is left to it', async (t) => {
  const table = COMMAND_OPTIONS.detect;
  const lines = [
    ['--help'],
    ['-h'],
    ['--version'],
    ['--offline', '--offline'],
    ['--amp-dir', 'a', '--amp-dir', 'b'],
    ['--no-offline'],
    ['--offline=true'],
    ['--amp-dir='],
    ['--amp-dir'],
    ['--amp-dir', '--format', 'json'],
    ['--max-behind', '-1'],
    ['--timeout-ms', '1e3'],
    ['--timeout-ms', '0x10'],
    ['--timeout-ms', ' 5'],
    ['--timeout-ms', 'soon'],
    ['--format', 'xml'],
    ['--region', 'mars'],
    ['--ampDir', 'x'],
    ['--bogus'],
    ['extra'],
    ['--offline', '--', 'x'],
  ];
  for (const argv of lines) t.equal(quickParse(argv, table), null, argv.join(' '));
});

t.test('a region is read in any case, and nam is na, as yargs reads it', async (t) => {
  const table = COMMAND_OPTIONS.detect;
  for (const value of ['EU', 'nam', 'Apjc'])
    t.equal(quickParse(['--region', value], table)?.region, yargsArgs(['--region', value], table).region);
});
