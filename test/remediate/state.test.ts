// The state that makes remediate safe to run blindly: the lock between concurrent runs (and after a killed one),
// and the bounded history that detect reads back.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { parseLine } from '../../src/render/line';
import { actingArgs, makeActingEndpoint, type ActingEndpoint, type ActingOptions } from '../helpers/acting';
import { BUNDLE, runCli } from '../helpers/cli';
import { HOUR, localXml, makeEndpoint, NOW, NOW_S, postureJson } from '../helpers/endpoint';

function endpoint(t: Test, o: ActingOptions): ActingEndpoint {
  const e = makeActingEndpoint(o);
  t.teardown(e.remove);
  return e;
}

const remediateArgs = (e: ActingEndpoint, ...extra: string[]) =>
  actingArgs('remediate', e, '--poll-seconds', '0.2', ...extra);
const lockFile = (e: ActingEndpoint) => path.join(e.stateDir, 'remediate.lock');

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}

t.test(
  'two concurrent remediate runs on one state folder: exactly one forces, the other exits 5 at once',
  async (t) => {
    const e = endpoint(t, { update: 'version', updateDelay: 4 });
    const [a, b] = await Promise.all([
      runCli(remediateArgs(e, '--wait-seconds', '15'), { now: null }),
      runCli(remediateArgs(e, '--wait-seconds', '15'), { now: null }),
    ]);
    t.same([a.code, b.code].sort(), [0, 5], 'one updated, one busy');
    t.same(e.calls('sfc.exe'), ['-forceupdate'], 'exactly one -forceupdate logged');
    const busy = a.code === 5 ? a : b;
    const winner = a.code === 5 ? b : a;
    t.equal(busy.stderr, '');
    t.match(busy.json, { status: 'undetermined', exitCode: 5, remediation: { attempted: false, outcome: 'busy' } });
    t.match(busy.json.findings, [{ code: 'REMEDIATION_BUSY', severity: 'info' }]);
    t.ok(busy.ms < winner.ms, `the loser returned first (${busy.ms} ms vs ${winner.ms} ms)`);
    t.equal(winner.json.remediation.outcome, 'updated');
    t.notOk(existsSync(lockFile(e)), 'the winner released the lock');
  },
);

t.test('a lock left by a killed run does not block the next one', async (t) => {
  const e = endpoint(t, { update: 'none' });
  const child = spawn(process.execPath, [BUNDLE, ...remediateArgs(e, '--wait-seconds', '60')], { stdio: 'ignore' });
  t.ok(await until(() => e.calls('sfc.exe').length === 1, 20_000), 'the first run forced and is waiting');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  t.equal(JSON.parse(readFileSync(lockFile(e), 'utf8')).pid, child.pid, 'its lock is still there');
  const next = await runCli(remediateArgs(e, '--wait-seconds', '0', '--cooldown-minutes', '0'), { now: null });
  t.equal(next.code, 1, next.stdout.slice(0, 200));
  t.equal(next.json.remediation.outcome, 'no_change', 'the stale lock was broken and the run forced');
  t.same(e.calls('sfc.exe'), ['-forceupdate', '-forceupdate']);
  t.notOk(existsSync(lockFile(e)));
});

t.test('a live holder blocks; a holder past its own time bound does not', async (t) => {
  const e = endpoint(t, { update: 'none' });
  const hold = (startedAt: string) =>
    writeFileSync(
      lockFile(e),
      JSON.stringify({
        pid: process.pid,
        host: os.hostname(),
        command: 'remediate',
        startedAt,
        staleAfterMs: 3_600_000,
      }),
    );
  hold(new Date().toISOString());
  const busy = await runCli(remediateArgs(e, '--wait-seconds', '0'), { now: null });
  t.equal(busy.code, 5);
  t.match(busy.json.findings[0].message, new RegExp(`process ${process.pid}`));
  t.same(e.calls('sfc.exe'), []);
  hold(new Date(Date.now() - 2 * 3_600_000).toISOString());
  const next = await runCli(remediateArgs(e, '--wait-seconds', '0'), { now: null });
  t.equal(
    next.json.remediation.outcome,
    'no_change',
    'a lock older than its bound is stale even though the pid lives (pid reuse)',
  );
  t.same(e.calls('sfc.exe'), ['-forceupdate']);
});

t.test('history is capped at 200 entries, oldest dropped, rewritten whole', async (t) => {
  const e = makeEndpoint({});
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'tetra-state-'));
  t.teardown(() => (e.remove(), rmSync(stateDir, { recursive: true, force: true })));
  const old = Array.from({ length: 205 }, (_, i) =>
    JSON.stringify({
      at: new Date((NOW_S - (300 - i) * HOUR) * 1000).toISOString(),
      command: 'detect',
      status: 'healthy',
      exitCode: 0,
      installDir: e.root,
      version: i,
      lastSuccessfulUpdate: null,
      codes: [],
    }),
  );
  writeFileSync(
    path.join(stateDir, 'history.jsonl'),
    [...old.slice(0, 100), '{broken json', ...old.slice(100)].join('\n') + '\n',
  );
  const run = await runCli(['detect', '--amp-dir', e.root, '--state-dir', stateDir, '--offline', '--format', 'json']);
  t.equal(run.code, 0);
  const lines = readFileSync(path.join(stateDir, 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.equal(lines.length, 200);
  t.equal(lines[0].version, 6, 'the six oldest entries went (205 + 1 new - 200)');
  t.match(lines[199], { command: 'detect', at: NOW, status: 'healthy', version: 90604, installDir: e.root, codes: [] });
  t.same(
    readFileSync(path.join(stateDir, 'history.jsonl'), 'utf8').includes('broken'),
    false,
    'a damaged line is dropped',
  );
});

t.test('detect: since when unhealthy, then an intermittent problem once healthy again', async (t) => {
  const stale = NOW_S - 30 * HOUR;
  const e = makeEndpoint({ posture: postureJson({ lastSuccess: stale }), localXml: localXml({ lastSuccess: stale }) });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'tetra-state-'));
  t.teardown(() => (e.remove(), rmSync(stateDir, { recursive: true, force: true })));
  const at = (h: number) => new Date(Date.parse(NOW) + h * HOUR * 1000).toISOString();
  const detect = (h: number, format = 'json') =>
    runCli(['detect', '--amp-dir', e.root, '--state-dir', stateDir, '--offline', '--format', format], { now: at(h) });

  const first = await detect(-1);
  t.match(first.json.history, {
    available: true,
    unhealthySince: at(-1),
    recentRuns: 1,
    unhealthyRecent: 1,
    intermittent: false,
  });
  const second = await detect(0);
  t.equal(second.code, 1);
  t.match(
    second.json.history,
    { unhealthySince: at(-1), recentRuns: 2, unhealthyRecent: 2, intermittent: false },
    'since the first unhealthy run',
  );

  e.write(`${path.basename(e.versionDir)}/posture.out`, postureJson({ lastSuccess: NOW_S + HOUR / 2 }));
  e.write('local.xml', localXml({ lastSuccess: NOW_S + HOUR / 2 }));
  const healthy = await detect(1);
  t.equal(healthy.code, 0, 'an intermittent problem warns; it does not fail');
  t.equal(healthy.stderr, '');
  t.match(healthy.json.history, { unhealthySince: null, recentRuns: 3, unhealthyRecent: 2, intermittent: true });
  t.match(healthy.json.findings, [
    { code: 'INTERMITTENT_FAILURES', severity: 'warning', message: /2 of the last 3 checks/ },
  ]);
  const line = await detect(2, 'line');
  t.match(parseLine(line.stdout)?.fields, { status: 'healthy', intermittent: '1', codes: 'INTERMITTENT_FAILURES' });
});

t.test('a state folder named on purpose that cannot be a folder is a usage error, at once', async (t) => {
  const e = makeEndpoint({});
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-state-'));
  t.teardown(() => (e.remove(), rmSync(dir, { recursive: true, force: true })));
  const notADir = path.join(dir, 'file');
  writeFileSync(notADir, 'x');
  const run = await runCli(['detect', '--amp-dir', e.root, '--state-dir', notADir, '--offline', '--format', 'json']);
  t.equal(run.code, 2, 'never a run without the history that was asked for');
  t.equal(run.stdout, '');
  t.match(run.stderr, /^tetra-doctor: --state-dir: .*file is not a folder/);
});
