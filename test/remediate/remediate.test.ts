// remediate, run as a child process against fixture install folders whose fake sfc.exe logs every call and, when
// asked to -forceupdate, rewrites posture and local.xml a moment later as the connector would.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { parseLine } from '../../src/render/line';
import { actingArgs, makeActingEndpoint, type ActingEndpoint, type ActingOptions } from '../helpers/acting';
import { BUNDLE, promptLimit, runCli } from '../helpers/cli';

function endpoint(t: Test, o: ActingOptions): ActingEndpoint {
  const e = makeActingEndpoint(o);
  t.teardown(e.remove);
  return e;
}

/** Short waits and a quick poll by default; `extra` overrides them (yargs would turn a repeated option into an array). */
async function remediate(e: ActingEndpoint, extra: string[] = []) {
  const defaults: Record<string, string> = { '--wait-seconds': '5', '--poll-seconds': '0.2' };
  for (let i = 0; i < extra.length; i++)
    if (extra[i] in defaults && extra[i + 1] !== undefined) delete defaults[extra[i]];
  return runCli(actingArgs('remediate', e, ...Object.entries(defaults).flat(), ...extra), { now: null });
}

function contract(t: Test, run: Awaited<ReturnType<typeof runCli>>) {
  t.equal(run.stderr, '', 'stderr stays empty');
  t.ok(run.json, `stdout is one JSON object: ${run.stdout.slice(0, 300)}`);
  t.equal(run.stdout.trim().split('\n').length, 1, 'on one line');
}

const codes = (run: { json: { findings: Array<{ code: string }> } }) => run.json.findings.map((f) => f.code);
const history = (e: ActingEndpoint) =>
  readFileSync(path.join(e.stateDir, 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

t.test('healthy: nothing forced, not_needed, exit 0, recorded in the history', async (t) => {
  const e = endpoint(t, { ageHours: 2, update: 'version' });
  const run = await remediate(e);
  contract(t, run);
  t.equal(run.code, 0);
  t.match(run.json.remediation, {
    attempted: false,
    outcome: 'not_needed',
    sfcExitCode: null,
    after: null,
    before: { version: 90604 },
  });
  t.same(e.calls('sfc.exe'), [], 'sfc.exe not run');
  t.match(history(e), [
    { command: 'remediate', status: 'healthy', outcome: 'not_needed', exitCode: 0, version: 90604 },
  ]);
});

t.test('stale: forces once, the version rises, updated, exit 0', async (t) => {
  const e = endpoint(t, { update: 'version', updateDelay: 1 });
  // A window long enough that load cannot close it before the update lands; noticing the update promptly is judged
  // against the CLI's own cost measured now, always short of waiting the window out.
  const WAIT_SECONDS = 30;
  const limit = await promptLimit(2000, WAIT_SECONDS * 1000);
  const run = await remediate(e, ['--wait-seconds', String(WAIT_SECONDS)]);
  contract(t, run);
  t.equal(run.code, 0, run.json?.summary);
  t.equal(run.json.status, 'healthy');
  t.same(e.calls('sfc.exe'), ['-forceupdate'], 'exactly one -forceupdate, nothing else');
  const r = run.json.remediation;
  t.match(r, {
    attempted: true,
    outcome: 'updated',
    sfcExitCode: 0,
    before: { version: 90604 },
    after: { version: 90700 },
  });
  t.ok(r.waitedMs >= 800 && r.waitedMs < limit, `waited ${r.waitedMs} ms for the update (limit ${limit} ms)`);
  t.ok(Date.parse(r.after.lastSuccessfulUpdate) >= Date.parse(r.forcedAt) - 1000, 'after shows the new success time');
  t.match(run.json.summary, /Forced a TETRA update and it took \(90604 -> 90700/);
});

t.test('the last successful update moving past the start counts, with the same version', async (t) => {
  const e = endpoint(t, { update: 'timestamp', updateDelay: 0.5 });
  const run = await remediate(e, ['--format', 'line']);
  t.equal(run.code, 0);
  t.match(
    parseLine(run.stdout)?.fields,
    { status: 'healthy', outcome: 'updated', version: '90604' },
    'line carries outcome=',
  );
  t.same(e.calls('sfc.exe'), ['-forceupdate']);
});

t.test(
  'nothing changes: no_change, exit 1; the next run is inside the cooldown; --cooldown-minutes 0 forces again',
  async (t) => {
    const e = endpoint(t, { update: 'none' });
    const first = await remediate(e, ['--wait-seconds', '1']);
    contract(t, first);
    t.equal(first.code, 1);
    t.match(first.json.remediation, {
      attempted: true,
      outcome: 'no_change',
      sfcExitCode: 0,
      after: { version: 90604 },
    });
    t.ok(first.json.remediation.waitedMs >= 900, 'waited the whole --wait-seconds');
    t.ok(codes(first).includes('FORCEUPDATE_NO_CHANGE'));
    t.match(
      first.json.findings.find((f: { code: string }) => f.code === 'FORCEUPDATE_NO_CHANGE'),
      { severity: 'error', action: /tetra-doctor collect/ },
    );

    const second = await remediate(e, ['--wait-seconds', '1']);
    contract(t, second);
    t.equal(second.code, 1);
    t.match(second.json.remediation, { attempted: false, outcome: 'cooldown', sfcExitCode: null });
    t.equal(
      Date.parse(second.json.remediation.cooldownUntil) - Date.parse(first.json.remediation.forcedAt),
      60 * 60_000,
      'cooldown runs 60 min from the forced update',
    );
    t.ok(codes(second).includes('REMEDIATION_COOLDOWN'));
    t.same(e.calls('sfc.exe'), ['-forceupdate'], 'sfc.exe not run inside the cooldown');

    const third = await remediate(e, ['--wait-seconds', '0', '--cooldown-minutes', '0']);
    t.equal(third.json.remediation.outcome, 'no_change');
    t.same(e.calls('sfc.exe'), ['-forceupdate', '-forceupdate']);
    t.same(
      history(e).map((h) => h.outcome),
      ['no_change', 'cooldown', 'no_change'],
    );
  },
);

t.test('connector older than 7.2.7: unsupported finding, exit 1, sfc.exe not run', async (t) => {
  const e = endpoint(t, { connectorVersion: '7.2.5', update: 'version' });
  const run = await remediate(e);
  contract(t, run);
  t.equal(run.code, 1);
  t.match(run.json.remediation, { attempted: false, outcome: 'unsupported' });
  t.match(
    run.json.findings.find((f: { code: string }) => f.code === 'FORCEUPDATE_UNSUPPORTED'),
    { severity: 'error', message: /7\.2\.5.*7\.2\.7/ },
  );
  t.same(e.calls('sfc.exe'), []);
});

t.test('no connector: not applicable, exit 3', async (t) => {
  const e = endpoint(t, {});
  // A folder without a connector (one that does not exist at all is a typo: a usage error).
  mkdirSync(path.join(e.root, 'missing'));
  const run = await runCli(
    [
      'remediate',
      '--amp-dir',
      path.join(e.root, 'missing'),
      '--state-dir',
      e.stateDir,
      '--offline',
      '--format',
      'json',
    ],
    { now: null },
  );
  contract(t, run);
  t.equal(run.code, 3);
  t.match(run.json.remediation, { attempted: false, outcome: 'not_needed' });
});

t.test('sfc.exe that cannot be started: failed_to_start, exit 1', async (t) => {
  const e = endpoint(t, { sfcBroken: true });
  const run = await remediate(e);
  contract(t, run);
  t.equal(run.code, 1);
  t.match(run.json.remediation, { attempted: true, outcome: 'failed_to_start', sfcExitCode: null });
  t.match(
    run.json.findings.find((f: { code: string }) => f.code === 'FORCEUPDATE_FAILED'),
    { message: /EACCES/ },
  );
});

t.test('a known network cause: forces once anyway and names the cause', async (t) => {
  const e = endpoint(t, { lastError: '4294965196', update: 'none' });
  const run = await remediate(e, ['--wait-seconds', '1', '--lang', 'ja']);
  contract(t, run);
  t.equal(run.code, 1);
  t.same(e.calls('sfc.exe'), ['-forceupdate']);
  t.same(run.json.remediation.knownCauses, ['LASTERROR_PROXY_AUTH']);
  t.match(run.json.summary, /already known \(LASTERROR_PROXY_AUTH\).*Cause: .*proxy rejected its credentials/);
  t.match(run.json.localized.summary, /手動更新を実行しましたが/);
  t.ok(
    run.json.localized.findings.some(
      (f: { code: string; message: string }) => f.code === 'FORCEUPDATE_NO_CHANGE' && /秒以内/.test(f.message),
    ),
    'Japanese finding too',
  );
});

t.test('--force on a healthy endpoint forces; text output shows the remediation', async (t) => {
  const e = endpoint(t, { ageHours: 2, update: 'version', updateDelay: 0.3 });
  const run = await remediate(e, ['--force', '--format', 'text']);
  t.equal(run.code, 0);
  t.match(run.stdout, /Remediation: updated {2}\(version 90604 -> 90700/);
  t.same(e.calls('sfc.exe'), ['-forceupdate']);
});

t.test('usage errors exit 2', async (t) => {
  for (const args of [
    ['--wait-seconds', '-1'],
    ['--cooldown-minutes', 'x'],
    ['--poll-seconds', '0'],
  ]) {
    const run = await runCli(['remediate', '--offline', ...args], { now: null });
    t.equal(run.code, 2, args.join(' '));
    t.equal(run.stdout, '');
  }
});

t.test('a named state folder that cannot be a folder: usage error before anything is forced', async (t) => {
  const e = endpoint(t, { update: 'version' });
  const notADir = path.join(e.stateDir, 'file');
  writeFileSync(notADir, 'x');
  const run = await runCli(
    ['remediate', '--amp-dir', e.root, '--state-dir', path.join(notADir, 'state'), '--offline', '--format', 'json'],
    { now: null },
  );
  t.equal(run.code, 2);
  t.equal(run.stdout, '');
  t.match(run.stderr, /^tetra-doctor: --state-dir: cannot use .*file\/state: ENOTDIR/);
  t.same(e.calls('sfc.exe'), []);
});

/** Starts remediate, sends SIGTERM once `ready` holds, and returns its exit code and parsed output. */
async function terminateWhen(e: ActingEndpoint, args: string[], ready: () => boolean) {
  const child = spawn(
    process.execPath,
    [BUNDLE, 'remediate', '--amp-dir', e.root, '--state-dir', e.stateDir, '--offline', '--format', 'json', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const end = Date.now() + 20_000;
  while (!ready() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGTERM');
  const code = await new Promise((r) => child.once('exit', r));
  return { code, stderr, json: JSON.parse(stdout) };
}

t.test('SIGTERM while waiting: stops waiting, reports interrupted, releases the lock', async (t) => {
  const e = endpoint(t, { update: 'none' });
  const run = await terminateWhen(
    e,
    ['--wait-seconds', '60', '--poll-seconds', '0.2'],
    () => e.calls('sfc.exe').length > 0,
  );
  t.equal(run.code, 1);
  t.equal(run.stderr, '');
  t.match(run.json.remediation, { attempted: true, outcome: 'no_change', interrupted: true });
  const limit = await promptLimit(20_000, 60_000);
  t.ok(run.json.remediation.waitedMs < limit, `did not sit out the 60 s (waited ${run.json.remediation.waitedMs} ms)`);
  t.notOk(existsSync(path.join(e.stateDir, 'remediate.lock')));
});

t.test('SIGTERM while diagnosing: nothing is forced', async (t) => {
  const e = endpoint(t, { update: 'none' });
  const ampCli = path.join(e.versionDir, 'AmpCLI.exe');
  writeFileSync(ampCli, '#!/bin/sh\necho "$*" >> "$0.calls"\nsleep 2\ncat "$(dirname "$0")/posture.out"\n');
  chmodSync(ampCli, 0o755);
  const run = await terminateWhen(e, ['--wait-seconds', '5'], () => existsSync(`${ampCli}.calls`));
  t.same(e.calls('sfc.exe'), [], 'sfc.exe never ran');
  t.equal(run.code, 1);
  t.match(run.json.remediation, { attempted: false, outcome: 'failed_to_start', interrupted: true });
  t.match(
    run.json.findings.find((f: { code: string }) => f.code === 'FORCEUPDATE_FAILED'),
    { message: /interrupted by SIGTERM before the update was forced/ },
  );
});
