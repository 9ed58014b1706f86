// --help for every command: the bundled CLI answers on stdout with exit 0, names the command's options, and writes
// nothing to stderr (Intune treats stderr as a script error).
import t from 'tap';
import { runCli } from '../helpers/cli';

const ENDPOINT = [
  '--amp-dir',
  '--format',
  '--offline',
  '--update-server',
  '--proxy',
  '--ca-file',
  '--timeout-ms',
  '--state-dir',
  '--lang',
  '--settings',
];

const COMMANDS: Record<string, string[]> = {
  '': ['detect', 'probe', 'remediate', 'collect', 'fleet', '--help', '--version'],
  detect: [...ENDPOINT, '--max-age-hours', '--max-behind', '--posture-timeout-ms'],
  probe: ENDPOINT.filter((o) => o !== '--offline' && o !== '--state-dir'),
  remediate: [...ENDPOINT, '--force', '--wait-seconds', '--cooldown-minutes'],
  collect: [...ENDPOINT, '--duration', '--output', '--capture'],
  fleet: ['--format', '--csv', '--html', '--graph', '--lang'],
};

for (const [command, options] of Object.entries(COMMANDS)) {
  t.test(`tetra-doctor ${command || '(no command)'} --help`, async (t) => {
    const run = await runCli([...(command ? [command] : []), '--help'], { now: null });
    t.equal(run.code, 0, 'exit 0');
    t.equal(run.stderr, '', 'stderr empty');
    if (command) t.match(run.stdout, new RegExp(`^tetra-doctor ${command}\\b`), 'usage line names the command');
    for (const option of options) t.match(run.stdout, new RegExp(`(^|\\s)${option}(\\s|$)`, 'm'), `names ${option}`);
  });
}
