// Signals and kills, with real signals to the bundled CLI: SIGHUP (a closed terminal or SSH session) is handled
// like SIGTERM by collect and remediate; after a SIGKILL in the middle of collect, the next run of any command,
// detect included, turns debug logging off again and says so.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { actingArgs, makeActingEndpoint, type ActingEndpoint } from '../helpers/acting';
import { BUNDLE, promptLimit, runCli } from '../helpers/cli';

function endpoint(t: Test): ActingEndpoint {
  const e = makeActingEndpoint({});
  t.teardown(e.remove);
  return e;
}

/** Starts a command, waits until `ready` holds, sends `signal`, and returns its exit, output and timing. */
async function interrupt(args: string[], ready: () => boolean, signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [BUNDLE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const end = Date.now() + 20_000;
  while (!ready() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  const sentAt = Date.now();
  child.kill(signal);
  const code = await exited;
  return { code, stdout, stderr, ms: Date.now() - sentAt };
}

const collectArgs = (e: ActingEndpoint) => actingArgs('collect', e, '--duration', '60');
const marker = (e: ActingEndpoint) => path.join(e.stateDir, 'debug-logging.json');

t.test('SIGHUP mid-collect: debug logging off, lock released, record cleared, a complete result', async (t) => {
  const e = endpoint(t);
  const run = await interrupt(collectArgs(e), () => e.calls('sfc.exe').length > 0, 'SIGHUP');
  const limit = await promptLimit(10_000, 60_000);
  t.ok(run.ms < limit, `stopped promptly (${run.ms} ms, limit ${limit} ms), not after the 60 s window`);
  t.equal(run.code, 4);
  t.equal(run.stderr, '');
  t.same(e.calls('sfc.exe'), ['-l start', '-l stop'], '-l stop after SIGHUP');
  t.match(JSON.parse(run.stdout).collection, { outcome: 'interrupted', debugLogging: { stop: { started: true } } });
  t.notOk(existsSync(path.join(e.stateDir, 'remediate.lock')), 'the lock was released');
  t.notOk(existsSync(marker(e)), 'the debug-logging record was cleared');
});

t.test('SIGHUP while remediate waits: stops waiting, reports interrupted, releases the lock', async (t) => {
  const e = endpoint(t);
  const args = actingArgs('remediate', e, '--wait-seconds', '60', '--poll-seconds', '0.2');
  const run = await interrupt(args, () => e.calls('sfc.exe').length > 0, 'SIGHUP');
  const limit = await promptLimit(10_000, 60_000);
  t.ok(run.ms < limit, `stopped promptly (${run.ms} ms, limit ${limit} ms)`);
  t.equal(run.stderr, '');
  t.match(JSON.parse(run.stdout).remediation, { attempted: true, outcome: 'no_change', interrupted: true });
  t.notOk(existsSync(path.join(e.stateDir, 'remediate.lock')), 'the lock was released');
});

for (const next of ['detect', 'remediate', 'collect'] as const) {
  t.test(`SIGKILL mid-collect: the next ${next} turns debug logging off and says so`, async (t) => {
    const e = endpoint(t);
    const killed = await interrupt(collectArgs(e), () => e.calls('sfc.exe').length > 0, 'SIGKILL');
    t.equal(killed.code, null, 'killed');
    t.same(e.calls('sfc.exe'), ['-l start'], 'debug logging left on by the killed run');
    t.ok(existsSync(marker(e)), 'the record says so');
    const extra =
      next === 'collect'
        ? ['--duration', '0']
        : next === 'remediate'
          ? ['--wait-seconds', '0', '--poll-seconds', '0.2', '--cooldown-minutes', '0']
          : [];
    const run = await runCli(
      [next, '--amp-dir', e.root, '--state-dir', e.stateDir, '--offline', '--format', 'json', ...extra],
      { now: null },
    );
    t.equal(run.stderr, '');
    t.ok(run.json, 'a complete result');
    const finding = run.json.findings.find((f: { code: string }) => f.code === 'DEBUG_LOGGING_RESTORED');
    t.ok(finding, `${next} reports DEBUG_LOGGING_RESTORED`);
    t.match(finding?.message ?? '', /turned off now/);
    t.equal(e.calls('sfc.exe')[1], '-l stop', 'sfc.exe -l stop ran next');
    t.notOk(existsSync(marker(e)), 'the record was cleared');
  });
}

t.test(
  'SIGKILL mid-collect, then sfc.exe cannot run: the next detect says debug logging is still on, and keeps the record',
  async (t) => {
    const e = endpoint(t);
    await interrupt(collectArgs(e), () => e.calls('sfc.exe').length > 0, 'SIGKILL');
    chmodSync(path.join(e.versionDir, 'sfc.exe'), 0o644);
    const run = await runCli(
      ['detect', '--amp-dir', e.root, '--state-dir', e.stateDir, '--offline', '--format', 'json'],
      { now: null },
    );
    t.equal(run.stderr, '');
    t.match(
      run.json.findings.find((f: { code: string }) => f.code === 'DEBUG_LOGGING_LEFT_ON'),
      { severity: 'warning', message: /could not be turned off now/ },
    );
    t.ok(existsSync(marker(e)), 'the record stays for the next run');
  },
);

t.test("a running collect's record is left alone by a concurrent detect", async (t) => {
  const e = endpoint(t);
  const child = spawn(process.execPath, [BUNDLE, ...collectArgs(e)], { stdio: 'ignore' });
  t.teardown(() => child.kill('SIGKILL'));
  const end = Date.now() + 20_000;
  while (e.calls('sfc.exe').length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  const run = await runCli(
    ['detect', '--amp-dir', e.root, '--state-dir', e.stateDir, '--offline', '--format', 'json'],
    { now: null },
  );
  t.notOk(
    run.json.findings.some((f: { code: string }) => f.code.startsWith('DEBUG_LOGGING')),
    'nothing to restore while its owner runs',
  );
  t.same(e.calls('sfc.exe'), ['-l start'], 'its debug logging was not cut');
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
});
