// A proxy password, given in policy.xml or in --proxy, never reaches any output format, log, state or history file,
// or error message, in any command, whether the proxy accepts it, rejects it, or cannot be reached.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { makeActingEndpoint } from '../helpers/acting';
import { runCli } from '../helpers/cli';
import { EXIT } from '../../src/contract/exitCodes';
import { policyXml } from '../helpers/endpoint';
import { startPath } from '../helpers/pathServers';
import { closedPort, startProxy } from '../helpers/servers';

const SENTINEL = 'Sx7-SENTINEL-pw:@/&';
// The forms a password takes on its way: as typed, URL-encoded, and inside a Basic credential.
const FORMS = [
  SENTINEL,
  encodeURIComponent(SENTINEL),
  Buffer.from(`svc-amp:${SENTINEL}`).toString('base64'),
  'SENTINEL',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

// Every command, format and proxy behaviour is 60 child processes: they run three at a time, with a long timeout.
t.setTimeout(600_000);

interface Combination {
  label: string;
  args: string[];
}

/**
 * Runs three at a time, each group's runs one after another: the runs of one group share a state folder, and two of
 * them at once would meet the remediation lock (exit 5, busy) instead of the proxy whose password is looked for.
 */
async function runAll(groups: Combination[][], check: (c: Combination, output: string, code: number | null) => void) {
  const queue = [...groups];
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const c of group) {
          const run = await runCli(c.args, { now: null });
          check({ ...c, label: `${c.label}: exit ${run.code}` }, run.stdout + run.stderr, run.code);
        }
      }
    }),
  );
}

t.test('no command, format or outcome ever shows the proxy password', async (t) => {
  const serverPath = await startPath();
  const accepting = await startProxy({ username: 'svc-amp', password: SENTINEL });
  const rejecting = await startProxy({ username: 'svc-amp', password: 'something-else' });
  const closed = await closedPort();
  t.teardown(() => Promise.all([serverPath.close(), accepting.close(), rejecting.close()]));

  const proxies = { accepting: accepting.port, rejecting: rejecting.port, unreachable: closed };
  const commands = [
    ['detect'],
    ['probe'],
    ['remediate', '--wait-seconds', '1', '--poll-seconds', '1'],
    ['collect', '--duration', '0'],
  ];
  const stateDirs: string[] = [];
  const groups: Combination[][] = [];
  for (const [behaviour, port] of Object.entries(proxies)) {
    for (const source of ['policy', 'option'] as const) {
      const e = makeActingEndpoint({
        policy:
          source === 'policy'
            ? policyXml({
                server: serverPath.update.url,
                proxy: { host: '127.0.0.1', port, username: 'svc-amp', password: SENTINEL.replace('&', '&amp;') },
              })
            : undefined,
        supportTool: 'ok',
      });
      t.teardown(e.remove);
      stateDirs.push(e.stateDir);
      const common = [
        '--amp-dir',
        e.root,
        '--state-dir',
        e.stateDir,
        '--ca-file',
        serverPath.caFile,
        '--reference-url',
        `${serverPath.reference.url}/versions.id`,
        '--update-server',
        serverPath.update.url,
        '--timeout-ms',
        '3000',
      ];
      const proxyArg =
        source === 'option' ? ['--proxy', `http://svc-amp:${encodeURIComponent(SENTINEL)}@127.0.0.1:${port}`] : [];
      const group: Combination[] = [];
      groups.push(group);
      for (const command of commands) {
        for (const format of ['json', 'line', 'text']) {
          group.push({
            label: `${command[0]} --format ${format}, ${behaviour} proxy from ${source}`,
            args: [...command, ...common, ...proxyArg, '--format', format],
          });
        }
      }
    }
  }
  const busy: string[] = [];
  await runAll(groups, (c, output, code) => {
    t.same(
      FORMS.filter((f) => output.includes(f)),
      [],
      c.label,
    );
    if (code === EXIT.busy) busy.push(c.label);
  });
  t.same(busy, [], 'no run met another holding the lock: every one reached the proxy');
  for (const dir of stateDirs) {
    for (const file of filesUnder(dir)) {
      const text = readFileSync(file, 'latin1');
      t.same(
        FORMS.filter((f) => text.includes(f)),
        [],
        `state file ${path.relative(dir, file)}`,
      );
    }
  }
});
