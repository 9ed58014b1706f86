// collect: debug logging on for one interval, the support bundle, and debug logging off again, whatever happens.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { actingArgs, makeActingEndpoint, type ActingEndpoint, type ActingOptions } from '../helpers/acting';
import { BUNDLE, promptLimit, runCli } from '../helpers/cli';
import { policyXml } from '../helpers/endpoint';

function endpoint(t: Test, o: ActingOptions): ActingEndpoint {
  const e = makeActingEndpoint(o);
  t.teardown(e.remove);
  return e;
}

const collectArgs = (e: ActingEndpoint, ...extra: string[]) => actingArgs('collect', e, ...extra);

t.test('complete: debug on, wait, support bundle, debug off; says what to attach', async (t) => {
  const e = endpoint(t, {});
  const output = path.join(e.stateDir, 'bundle');
  const run = await runCli(collectArgs(e, '--duration', '1', '--output', output), { now: null });
  t.equal(run.stderr, '');
  t.equal(run.code, 1, 'the endpoint is still stale: the diagnosis exit code');
  t.same(e.calls('sfc.exe'), ['-l start', '-l stop']);
  t.same(e.calls('ipsupporttool.exe'), [`-o ${output}`]);
  const c = run.json.collection;
  t.match(c, {
    outcome: 'complete',
    outputDir: output,
    window: { seconds: 1, source: 'option' },
    capture: { state: 'not_requested' },
    supportBundle: { exitCode: 0, error: null },
  });
  t.same(
    c.attach,
    ['CiscoAMP_Support_Tool_test.zip', 'tetra-doctor-report.json', 'tetra-doctor-report.txt'].map((f) =>
      path.join(output, f),
    ),
  );
  t.match(run.json.summary, /attach CiscoAMP_Support_Tool_test\.zip .*Cisco TAC/);
  t.equal(
    JSON.parse(readFileSync(path.join(output, 'tetra-doctor-report.json'), 'utf8')).collection.outcome,
    'complete',
    'the report is in the bundle',
  );
  t.match(readFileSync(path.join(output, 'tetra-doctor-report.txt'), 'utf8'), /Attach to the TAC case/);
});

t.test(
  'the window defaults to the policy update interval; --capture is refused off Windows but the rest runs',
  async (t) => {
    const e = endpoint(t, { policy: policyXml({}).replace('<interval>3600</interval>', '<interval>1</interval>') });
    const run = await runCli(collectArgs(e, '--capture'), { now: null });
    t.match(run.json.collection, {
      outcome: 'complete',
      window: { seconds: 1, source: 'policy' },
      capture: { requested: true, state: 'unsupported', error: /only on Windows/ },
    });
    t.ok(
      run.json.collection.outputDir.startsWith(path.join(e.stateDir, 'collect')),
      'default output under the state folder',
    );
    t.same(e.calls('sfc.exe'), ['-l start', '-l stop']);
  },
);

t.test('support tool failing or hanging: debug logging still turned off, exit 4', async (t) => {
  for (const supportTool of ['fail', 'hang'] as const) {
    const e = endpoint(t, { supportTool });
    const run = await runCli(collectArgs(e, '--duration', '0', '--support-timeout-seconds', '1'), { now: null });
    t.equal(run.code, 4, supportTool);
    t.match(run.json.collection, {
      outcome: 'incomplete',
      supportBundle: {
        error: supportTool === 'fail' ? /exited with 1 and wrote no \.zip/ : /did not finish within 1 s/,
      },
    });
    t.same(e.calls('sfc.exe'), ['-l start', '-l stop'], `${supportTool}: -l stop logged`);
  }
});

t.test('SIGTERM mid-wait: debug logging is turned off, the result is still complete JSON', async (t) => {
  const e = endpoint(t, {});
  const child = spawn(process.execPath, [BUNDLE, ...collectArgs(e, '--duration', '60')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const end = Date.now() + 20_000;
  while (e.calls('sfc.exe').length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  t.same(e.calls('sfc.exe'), ['-l start'], 'debug logging on, waiting');
  const killedAt = Date.now();
  child.kill('SIGTERM');
  const code = await new Promise((r) => child.once('exit', r));
  const stoppedMs = Date.now() - killedAt;
  const limit = await promptLimit(10_000, 60_000);
  t.ok(stoppedMs < limit, `stopped promptly (${stoppedMs} ms, limit ${limit} ms), not after the 60 s window`);
  t.equal(code, 4);
  t.same(e.calls('sfc.exe'), ['-l start', '-l stop'], '-l stop logged after SIGTERM');
  t.same(e.calls('ipsupporttool.exe'), [], 'no bundle from a cut window');
  t.equal(stderr, '');
  t.match(JSON.parse(stdout).collection, {
    outcome: 'interrupted',
    debugLogging: { stop: { started: true, exitCode: 0 } },
  });
  t.notOk(existsSync(path.join(e.stateDir, 'remediate.lock')), 'the lock was released');
});

t.test('no connector: not applicable, exit 3, nothing run', async (t) => {
  const e = endpoint(t, {});
  // A folder without a connector (one that does not exist at all is a typo: a usage error).
  mkdirSync(path.join(e.root, 'missing'));
  const run = await runCli(
    [
      'collect',
      '--amp-dir',
      path.join(e.root, 'missing'),
      '--state-dir',
      e.stateDir,
      '--offline',
      '--format',
      'json',
      '--duration',
      '0',
    ],
    { now: null },
  );
  t.equal(run.code, 3);
  t.equal(run.json.collection.outcome, 'not_applicable');
  t.same(e.calls('sfc.exe'), []);
});

t.test(
  'run at a terminal, the text on screen may be coloured but the report in the bundle never is',
  { skip: existsSync('/usr/bin/script') ? false : 'needs util-linux script for a pseudo-terminal' },
  async (t) => {
    const e = endpoint(t, {});
    const output = path.join(e.stateDir, 'bundle');
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const command = [
      process.execPath,
      BUNDLE,
      'collect',
      '--amp-dir',
      e.root,
      '--state-dir',
      e.stateDir,
      '--offline',
      '--duration',
      '0',
      '--output',
      output,
    ]
      .map(quote)
      .join(' ');
    // script(1) gives the CLI a pseudo-terminal for stdout, as a person at a console has.
    const env = { ...process.env };
    delete env.NO_COLOR;
    const screen = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    // eslint-disable-next-line no-control-regex -- the escape character is what a terminal's colour starts with
    t.match(screen, /\x1b\[3\dm/, 'the terminal got colour (so the test can tell)');
    const report = readFileSync(path.join(output, 'tetra-doctor-report.txt'), 'utf8');
    t.match(report, /Attach to the TAC case/);
    t.notOk(report.includes('\x1b'), 'no ESC byte in the report written for TAC');
  },
);
