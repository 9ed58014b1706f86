// detect, run as a child process against fixture install folders, offline: the endpoint's own evidence.
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { parseLine } from '../../src/render/line';
import { promptLimit, runCli } from '../helpers/cli';
import { HOUR, localXml, makeEndpoint, NOW_S, policyXml, postureJson, type EndpointOptions } from '../helpers/endpoint';

async function detect(t: Test, endpoint: EndpointOptions, extra: string[] = []) {
  const e = makeEndpoint(endpoint);
  t.teardown(e.remove);
  const run = await runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'json', ...extra]);
  t.equal(run.stderr, '', 'stderr stays empty');
  t.ok(run.json, `stdout is one JSON object: ${run.stdout.slice(0, 200)}`);
  t.equal(run.stdout.trim().split('\n').length, 1, 'on one line');
  return run;
}

const codes = (run: { json: { findings: Array<{ code: string }> } }) => run.json.findings.map((f) => f.code);

t.test('healthy endpoint: exit 0, facts from posture', async (t) => {
  const run = await detect(t, {});
  t.equal(run.code, 0);
  t.equal(run.json.status, 'healthy');
  t.equal(run.json.schemaVersion, 1);
  t.equal(run.json.tetra.version, 90604);
  t.equal(run.json.tetra.lastSuccessfulUpdate, new Date((NOW_S - 2 * HOUR) * 1000).toISOString());
  t.equal(run.json.connector.version, '8.1.7');
  t.equal(run.json.connector.running, true);
  t.equal(run.json.tetra.latestVersion, null, 'offline: no reference, null not guessed');
  t.same(codes(run), []);
});

t.test(
  'stale definitions: exit 1 with DEFINITIONS_STALE and CAUSE_UNDETERMINED when nothing explains it',
  async (t) => {
    const old = NOW_S - 30 * HOUR;
    const run = await detect(t, {
      posture: postureJson({ lastSuccess: old }),
      localXml: localXml({ lastSuccess: old }),
    });
    t.equal(run.code, 1);
    t.equal(run.json.status, 'unhealthy');
    t.same(codes(run), ['DEFINITIONS_STALE', 'CAUSE_UNDETERMINED']);
    t.match(run.json.findings[0], { severity: 'error', message: /30 h ago/, action: /forceupdate/ });
  },
);

t.test('--max-age-hours moves the threshold', async (t) => {
  const old = NOW_S - 30 * HOUR;
  const run = await detect(
    t,
    { posture: postureJson({ lastSuccess: old }), localXml: localXml({ lastSuccess: old }) },
    ['--max-age-hours', '48'],
  );
  t.equal(run.code, 0);
});

t.test('proxy authentication lasterror, unsigned and signed, names the cause', async (t) => {
  for (const lastError of ['4294965196', '-2100']) {
    const old = NOW_S - 72 * HOUR;
    const run = await detect(t, {
      posture: postureJson({ lastSuccess: old }),
      localXml: localXml({ lastSuccess: old, lastError }),
    });
    t.equal(run.code, 1);
    // No policy.xml and no --proxy: the connector's proxy is unknown, and that is said too.
    t.same(codes(run), ['DEFINITIONS_STALE', 'LASTERROR_PROXY_AUTH', 'PROXY_NOT_KNOWN']);
    t.same(run.json.tetra.lastError, { code: -2100, unsigned: 4294965196, name: 'proxy_auth' });
    t.match(run.json.summary, /proxy rejected its credentials/);
  }
});

t.test('every lasterror code maps to its finding', async (t) => {
  const cases: Array<[string, string]> = [
    ['4294965193', 'LASTERROR_PROXY_CONNECT'],
    ['-2109', 'LASTERROR_PROXY_DOWNLOAD'],
    ['4294967295', 'LASTERROR_OTHER'],
  ];
  for (const [lastError, code] of cases) {
    const run = await detect(t, { localXml: localXml({ lastError }) });
    t.equal(run.code, 0, 'current definitions stay healthy');
    t.same(codes(run), code === 'LASTERROR_OTHER' ? [code] : [code, 'PROXY_NOT_KNOWN']);
    t.equal(run.json.findings[0].severity, 'warning', 'a cause is a warning while definitions are current');
  }
});

t.test(
  'connector not installed: exit 3 not_applicable; a named --amp-dir that does not exist is a typo, exit 2',
  async (t) => {
    // Default discovery: no registry (no reg.exe here) and no %ProgramW6432%\Cisco\AMP.
    const run = await runCli(['detect', '--offline', '--format', 'json'], {
      env: { ProgramW6432: '/nonexistent/pf64' },
    });
    t.equal(run.code, 3);
    t.equal(run.json.status, 'not_applicable');
    t.same(codes(run), ['CONNECTOR_NOT_FOUND']);
    t.equal(run.stderr, '');
    const typo = await runCli(['detect', '--amp-dir', '/nonexistent/amp', '--offline', '--format', 'json']);
    t.equal(typo.code, 2, 'never "not applicable", which Intune reports as compliant');
    t.equal(typo.stdout, '');
    t.equal(typo.stderr, 'tetra-doctor: --amp-dir: /nonexistent/amp does not exist (see tetra-doctor --help)\n');
  },
);

t.test('TETRA disabled, by posture or by policy: exit 3', async (t) => {
  const byPosture = await detect(t, { posture: postureJson({ tetraEnabled: false }) });
  t.equal(byPosture.code, 3);
  t.same(codes(byPosture), ['TETRA_DISABLED']);
  const byPolicy = await detect(t, { policyXml: policyXml({ tetraEnabled: false }) });
  t.equal(byPolicy.code, 3);
  t.same(codes(byPolicy), ['TETRA_DISABLED']);
});

t.test('updater disabled by policy is named as the cause', async (t) => {
  const old = NOW_S - 48 * HOUR;
  const run = await detect(t, {
    policyXml: policyXml({ updaterEnabled: false }),
    posture: postureJson({ lastSuccess: old }),
    localXml: localXml({ lastSuccess: old }),
  });
  t.equal(run.code, 1);
  t.same(codes(run), ['DEFINITIONS_STALE', 'TETRA_UPDATER_DISABLED']);
});

t.test('connector stopped and disconnected: exit 1', async (t) => {
  const run = await detect(t, { posture: postureJson({ running: false, connected: false }) });
  t.equal(run.code, 1);
  t.same(codes(run), ['CONNECTOR_NOT_RUNNING', 'CONNECTOR_DISCONNECTED']);
  t.equal(run.json.connector.running, false);
  t.equal(run.json.connector.connected, false);
});

t.test('posture garbage falls back to local.xml (older layout)', async (t) => {
  const run = await detect(t, {
    posture: '<html>500 Internal Error</html>',
    localXml: localXml({ layout: 'older', version: 90512 }),
  });
  t.equal(run.code, 0);
  t.same(codes(run), ['POSTURE_UNAVAILABLE']);
  t.equal(run.json.tetra.version, 90512);
  t.equal(run.json.sources.posture.state, 'failed');
});

t.test('a hung AmpCLI is killed after --posture-timeout-ms and local.xml is used', async (t) => {
  const run = await detect(t, { ampCliScript: 'sleep 30' }, ['--posture-timeout-ms', '500']);
  t.equal(run.code, 0);
  const limit = await promptLimit(10_000, 30_000);
  t.ok(run.ms < limit, `returned in ${run.ms} ms (limit ${limit} ms), not after AmpCLI's 30 s`);
  t.same(codes(run), ['POSTURE_UNAVAILABLE']);
  t.match(run.json.findings[0].message, /did not finish within 500 ms/);
});

t.test('posture in UTF-16LE with a BOM is read', async (t) => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(postureJson({ version: 90700 }), 'utf16le')]);
  const run = await detect(t, { posture: utf16 as unknown as string });
  t.equal(run.json.tetra.version, 90700);
  t.same(codes(run), []);
});

t.test('local.xml in UTF-16LE with BOM, and UTF-8 with BOM, when posture fails', async (t) => {
  const text = localXml({ version: 90555 });
  for (const bytes of [
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
  ]) {
    const run = await detect(t, { posture: null, localXml: bytes });
    t.equal(run.code, 0);
    t.equal(run.json.tetra.version, 90555);
  }
});

t.test('truncated local.xml and failing posture: undetermined, exit 4', async (t) => {
  const run = await detect(t, { posture: null, localXml: localXml().slice(0, 200) });
  t.equal(run.code, 4);
  t.equal(run.json.status, 'undetermined');
  t.same(codes(run), ['DEFINITIONS_UNKNOWN', 'POSTURE_UNAVAILABLE', 'LOCAL_XML_UNREADABLE']);
  t.match(run.json.sources.localXml.error, /not well-formed/);
});

t.test('unreadable policy.xml is a warning, not a failure', async (t) => {
  const run = await detect(t, { policyXml: '<Signature><Object>' });
  t.equal(run.code, 0);
  t.same(codes(run), ['POLICY_UNREADABLE']);
});

t.test('the highest version folder holding sfc.exe is live; non-version folders are ignored', async (t) => {
  const e = makeEndpoint({ version: '8.1.7.21417', extraVersions: ['7.5.3.100', 'Backup'] });
  t.teardown(e.remove);
  const run = await runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'json']);
  t.equal(run.code, 0);
  t.equal(run.json.connector.installDir, e.root);
});

t.test('--format line: one ASCII line that parses back', async (t) => {
  const e = makeEndpoint({
    posture: postureJson({ lastSuccess: NOW_S - 72 * HOUR }),
    localXml: localXml({ lastSuccess: NOW_S - 72 * HOUR, lastError: '4294965196' }),
  });
  t.teardown(e.remove);
  const run = await runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'line', '--lang', 'ja']);
  t.equal(run.code, 1);
  const line = run.stdout.replace(/\n$/, '');
  t.notOk(line.includes('\n'));
  t.ok(line.length <= 2048);
  t.match(line, /^[\x20-\x7e]+$/, 'printable ASCII only, even with --lang ja');
  const parsed = parseLine(line);
  t.match(parsed?.fields, {
    status: 'unhealthy',
    exit: '1',
    version: '90604',
    age_h: '72',
    lasterror: '-2100',
    codes: 'DEFINITIONS_STALE,LASTERROR_PROXY_AUTH',
  });
  t.match(parsed?.summary, /not current/);
});

t.test('--format text speaks Japanese with --lang ja', async (t) => {
  const e = makeEndpoint({
    posture: postureJson({ lastSuccess: NOW_S - 72 * HOUR }),
    localXml: localXml({ lastSuccess: NOW_S - 72 * HOUR }),
  });
  t.teardown(e.remove);
  const ja = await runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'text', '--lang', 'ja']);
  t.equal(ja.code, 1);
  t.match(ja.stdout, /要対応/);
  t.match(ja.stdout, /定義/);
  // eslint-disable-next-line no-control-regex -- the escape character is exactly what must not appear
  t.notMatch(ja.stdout, /\x1b\[/, 'no colour when not a terminal');
  const en = await runCli(['detect', '--amp-dir', e.root, '--offline'], { env: { LANG: 'en_US.UTF-8' } });
  t.ok(en.json, 'json is the default when stdout is not a terminal');
});

t.test('usage errors: one line on stderr, exit 2', async (t) => {
  for (const args of [
    ['detect', '--bogus'],
    ['detect', '--format', 'xml'],
    ['detect', '--timeout-ms', '0'],
    ['nonsense'],
    [],
    ['probe', '--offline'],
    ['detect', '--proxy', 'https://x:1'],
    ['detect', '--proxy', 'socks6://x:1'],
  ]) {
    const run = await runCli(args);
    t.equal(run.code, 2, `${args.join(' ')} exits 2`);
    t.equal(run.stdout, '');
    t.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
  }
});

t.test('--version prints the package version', async (t) => {
  const run = await runCli(['--version'], { now: null });
  t.equal(run.stdout.trim(), require('../../package.json').version);
});

t.test(
  'running as root, an install folder others can write is refused and nothing in it runs',
  { skip: process.getuid?.() !== 0 ? 'needs root (CI runs as root)' : false },
  async (t) => {
    const e = makeEndpoint({ ampCliScript: 'touch "$(dirname "$0")/ran"; cat "$(dirname "$0")/posture.out"' });
    t.teardown(e.remove);
    require('node:fs').chmodSync(e.root, 0o777);
    const run = await runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'json']);
    t.equal(run.code, 4);
    t.same(codes(run), ['AMP_DIR_UNTRUSTED']);
    t.match(run.json.findings[0].message, /writable by group or others/);
    t.notOk(require('node:fs').existsSync(`${e.versionDir}/ran`), 'AmpCLI.exe was not executed');
    require('node:fs').chmodSync(e.root, 0o755);
    const trusted = await runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'json']);
    t.equal(trusted.code, 0);
    t.ok(require('node:fs').existsSync(`${e.versionDir}/ran`), 'with the permissions restored it runs');
  },
);

t.test(
  'running as root, a state folder others can write is refused with a finding; detect still answers',
  { skip: process.getuid?.() !== 0 ? 'needs root (CI runs as root)' : false },
  async (t) => {
    const fs = require('node:fs') as typeof import('node:fs');
    const e = makeEndpoint();
    const state = fs.mkdtempSync(`${require('node:os').tmpdir()}/tetra-open-state-`);
    fs.chmodSync(state, 0o777);
    t.teardown(() => {
      e.remove();
      fs.rmSync(state, { recursive: true, force: true });
    });
    const run = await runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'json', '--state-dir', state]);
    t.equal(run.code, 0, 'the diagnosis itself stands');
    t.equal(run.stderr, '');
    t.same(codes(run), ['STATE_DIR_UNTRUSTED']);
    t.equal(run.json.history.available, false);
    t.same(fs.readdirSync(state), [], 'nothing was written there');
  },
);

t.test('--ca-file is read once, bounded: a device or an oversized file is a usage error, not a hang', async (t) => {
  const big = path.join(os.tmpdir(), `tetra-big-ca-${process.pid}.pem`);
  writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 0x41));
  t.teardown(() => rmSync(big, { force: true }));
  for (const file of ['/dev/zero', big]) {
    const run = await runCli(['detect', '--offline', '--ca-file', file], { timeoutMs: 10_000 });
    t.equal(run.code, 2, `${file}: exit 2`);
    t.match(run.stderr, /--ca-file: /);
    t.equal(run.stdout, '');
  }
});
