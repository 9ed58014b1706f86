// Class 10, the command line: a single-valued option given twice is a usage error (yargs would silently make an
// array of it, and every later check would see something other than what either value said).
import { run, type Case } from '../kit';

/** Every single-valued option, a command that takes it, and two values that are each valid alone. */
const TWICE: Array<[string, string[], string, string]> = [
  ['format', ['detect', '--offline'], 'json', 'line'],
  ['amp-dir', ['detect', '--offline'], '/a', '/b'],
  ['update-server', ['probe'], 'a.example', 'b.example'],
  ['reference-url', ['detect', '--offline'], 'http://a/', 'http://b/'],
  ['proxy', ['probe'], 'http://u:S3NTINEL-1@127.0.0.1:1', 'http://u:S3NTINEL-2@127.0.0.1:2'],
  ['max-age-hours', ['detect', '--offline'], '24', '48'],
  ['max-behind', ['detect', '--offline'], '5', '6'],
  ['timeout-ms', ['probe'], '1000', '2000'],
  ['posture-timeout-ms', ['detect', '--offline'], '1000', '2000'],
  ['state-dir', ['detect', '--offline'], '/tmp/a', '/tmp/b'],
  ['lang', ['detect', '--offline'], 'en', 'ja'],
  ['wait-seconds', ['remediate', '--offline'], '1', '2'],
  ['cooldown-minutes', ['remediate', '--offline'], '0', '60'],
  ['duration', ['collect', '--offline'], '1', '2'],
  ['output', ['collect', '--offline'], '/tmp/a', '/tmp/b'],
  ['top', ['fleet', '/nonexistent.ndjson'], '5', '6'],
  ['csv', ['fleet', '/nonexistent.ndjson'], '/tmp/a.csv', '/tmp/b.csv'],
];

let id = 3;
const next = () => `A${String(++id).padStart(2, '0')}`;

export const CLI: Case[] = [
  ...TWICE.map(([name, command, a, b]): Case => ({
    id: next(),
    area: 'arguments',
    input: `--${name} given twice (${command[0]})`,
    exit: 2,
    codes: [],
    run: () => run([...command, `--${name}`, a, `--${name}`, b]),
  })),
  {
    id: next(),
    area: 'arguments',
    input: '--timeout-ms given twice, once as --timeout-ms=N (probe)',
    exit: 2,
    codes: [],
    run: () => run(['probe', '--timeout-ms=1000', '--timeout-ms', '2000']),
  },
  {
    id: next(),
    area: 'arguments',
    input: '--max-age-hours given three times, the same value each time (detect)',
    exit: 2,
    codes: [],
    run: () => run(['detect', '--offline', '--max-age-hours', '24', '--max-age-hours', '24', '--max-age-hours', '24']),
  },
];
