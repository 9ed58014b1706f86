// The `line` format is written by one command and read by another: detect and remediate results in --format line,
// fed to `fleet`, keep what the line carries (since when unhealthy, the remediation's outcome).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { actingArgs, makeActingEndpoint } from '../helpers/acting';
import { runCli } from '../helpers/cli';
import { HOUR, localXml, makeEndpoint, NOW, NOW_S, postureJson } from '../helpers/endpoint';

function tempDir(t: Test): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-line-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function fleetOf(t: Test, line: string) {
  const file = path.join(tempDir(t), 'results.txt');
  writeFileSync(file, `${line.trim()}\n`);
  // The report is made as of the line's own time: a result from ahead of the report's clock is not current.
  const run = await runCli(['fleet', file, '--format', 'json'], { now: / at=(\S+)/.exec(line)?.[1] });
  t.equal(run.code, 0, run.stderr);
  t.equal(run.stderr, '');
  t.equal(run.json.inputs.unreadableRows, 0, 'the line was read');
  return run.json;
}

t.test('detect with history: the unhealthy-since time reaches the fleet report', async (t) => {
  const stale = NOW_S - 30 * HOUR;
  const e = makeEndpoint({ posture: postureJson({ lastSuccess: stale }), localXml: localXml({ lastSuccess: stale }) });
  t.teardown(e.remove);
  const stateDir = tempDir(t);
  const at = (h: number) => new Date(Date.parse(NOW) + h * HOUR * 1000).toISOString();
  const detect = (h: number) =>
    runCli(['detect', '--amp-dir', e.root, '--state-dir', stateDir, '--offline', '--format', 'line'], { now: at(h) });
  await detect(-2);
  const run = await detect(0);
  t.equal(run.code, 1);
  t.match(run.stdout, / unhealthy_since=\S+ /, 'the writer writes it');
  const report = await fleetOf(t, run.stdout);
  t.match(report.attention, [{ status: 'unhealthy', since: at(-2), sinceSource: 'history' }]);
});

t.test('remediate: the outcome reaches the fleet report', async (t) => {
  const e = makeActingEndpoint({ update: 'none' });
  t.teardown(e.remove);
  const args = actingArgs('remediate', e, '--format', 'line', '--wait-seconds', '1', '--poll-seconds', '0.2');
  const run = await runCli(args, { now: null });
  t.equal(run.code, 1, run.stdout);
  t.match(run.stdout, / outcome=no_change /, 'the writer writes it');
  const report = await fleetOf(t, run.stdout);
  t.match(report.attention, [{ status: 'unhealthy', remediation: 'no_change' }]);
});
