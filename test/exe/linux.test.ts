// The Linux single executable passes the bundle's end-to-end scenarios: detect over fixture install folders, probes
// against real servers on 127.0.0.1. It embeds its own Node 22, so this also checks the bundle on that Node.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { promptLimit } from '../helpers/cli';
import { actingArgs, makeActingEndpoint } from '../helpers/acting';
import { HOUR, localXml, makeEndpoint, NOW_S, postureJson } from '../helpers/endpoint';
import { ensureExecutables, runLinuxExe } from '../helpers/exe';
import { createCa } from '../helpers/pki';
import { closedPort, ok200, startHttps } from '../helpers/servers';

// Building the executables (on the first run, or after the bundle changed) takes a minute or two, more on a busy
// machine, and Wine is slow to start: this file gets more than tap's default time.
t.setTimeout(600_000);

const codes = (run: { json: { findings: Array<{ code: string }> } }) => run.json.findings.map((f) => f.code);

t.test('Linux executable', async (t) => {
  const notBuilt = await ensureExecutables();
  if (notBuilt) {
    t.plan(0, `skipping the Linux executable tests: ${notBuilt}`);
    return;
  }

  t.test('--version prints the package version', async (t) => {
    const run = await runLinuxExe(['--version'], { now: null });
    t.equal(run.code, 0);
    t.equal(run.stdout.trim(), require('../../package.json').version);
    t.equal(run.stderr, '', 'no experimental-feature warning');
  });

  t.test('detect, healthy endpoint: exit 0, one JSON line, facts from posture', async (t) => {
    const e = makeEndpoint();
    t.teardown(e.remove);
    const run = await runLinuxExe(['detect', '--amp-dir', e.root, '--offline', '--format', 'json']);
    t.equal(run.code, 0, 'exit 0', { stdout: run.stdout });
    t.equal(run.stderr, '');
    t.equal(run.stdout.trim().split('\n').length, 1);
    t.match(run.json, {
      status: 'healthy',
      exitCode: 0,
      tool: { name: 'tetra-doctor', version: require('../../package.json').version },
    });
    t.equal(run.json.tetra.version, 90604);
    t.equal(run.json.connector.installDir, e.root);
    t.same(codes(run), []);
  });

  t.test('detect, stale definitions: exit 1 with DEFINITIONS_STALE', async (t) => {
    const old = NOW_S - 30 * HOUR;
    const e = makeEndpoint({ posture: postureJson({ lastSuccess: old }), localXml: localXml({ lastSuccess: old }) });
    t.teardown(e.remove);
    const run = await runLinuxExe(['detect', '--amp-dir', e.root, '--offline', '--format', 'json']);
    t.equal(run.code, 1);
    t.equal(run.json.status, 'unhealthy');
    t.same(codes(run), ['DEFINITIONS_STALE', 'CAUSE_UNDETERMINED']);
  });

  t.test('detect, connector not installed: exit 3', async (t) => {
    // An install folder with no connector in it (a named folder that does not exist is a usage error).
    const empty = mkdtempSync(path.join(os.tmpdir(), 'tetra-empty-'));
    t.teardown(() => rmSync(empty, { recursive: true, force: true }));
    const run = await runLinuxExe(['detect', '--amp-dir', empty, '--offline', '--format', 'json']);
    t.equal(run.code, 3);
    t.equal(run.json.status, 'not_applicable');
    t.same(codes(run), ['CONNECTOR_NOT_FOUND']);
  });

  t.test('detect, a hung AmpCLI is killed and local.xml is used', async (t) => {
    const e = makeEndpoint({ ampCliScript: 'sleep 30' });
    t.teardown(e.remove);
    const run = await runLinuxExe([
      'detect',
      '--amp-dir',
      e.root,
      '--offline',
      '--format',
      'json',
      '--posture-timeout-ms',
      '500',
    ]);
    t.equal(run.code, 0);
    const limit = await promptLimit(10_000, 30_000);
    t.ok(run.ms < limit, `returned in ${run.ms} ms (limit ${limit} ms)`);
    t.same(codes(run), ['POSTURE_UNAVAILABLE']);
  });

  t.test('--format line and a usage error', async (t) => {
    const e = makeEndpoint();
    t.teardown(e.remove);
    const line = await runLinuxExe(['detect', '--amp-dir', e.root, '--offline', '--format', 'line']);
    t.equal(line.code, 0);
    t.match(line.stdout, /^[\x20-\x7e]+\n$/);
    const usage = await runLinuxExe(['detect', '--bogus']);
    t.equal(usage.code, 2);
    t.equal(usage.stdout, '');
    t.equal(usage.stderr.trim().split('\n').length, 1);
  });

  t.test('remediate forces an update with sfc.exe and sees it take', async (t) => {
    const e = makeActingEndpoint({ update: 'version', updateDelay: 1 });
    t.teardown(e.remove);
    const run = await runLinuxExe(actingArgs('remediate', e, '--wait-seconds', '20', '--poll-seconds', '1'), {
      now: null,
    });
    t.equal(run.code, 0, 'healthy at the end', { stdout: run.stdout });
    t.equal(run.stderr, '');
    t.match(run.json.remediation, {
      attempted: true,
      outcome: 'updated',
      before: { version: 90604 },
      after: { version: 90700 },
    });
    t.same(e.calls('sfc.exe'), ['-forceupdate']);
  });

  t.test('probe against an HTTPS server on 127.0.0.1 with a private CA: exit 0, every probe ok', async (t) => {
    const ca = await createCa();
    const leaf = await ca.issue({ hostnames: ['127.0.0.1'] });
    const server = await startHttps(leaf, ok200);
    t.teardown(server.close);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-ca-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, ca.certPem);
    const run = await runLinuxExe(['probe', '--update-server', server.url, '--ca-file', caFile, '--format', 'json'], {
      now: null,
    });
    t.equal(run.code, 0, 'exit 0', { stdout: run.stdout });
    t.equal(run.stderr, '');
    t.equal(run.json.status, 'healthy');
    const names = run.json.probes.map((p: { name: string }) => p.name);
    t.ok(names.includes('tls') && names.includes('http'), `TLS and HTTP probed: ${names.join(',')}`);
    t.ok(
      run.json.probes.every((p: { ok: boolean }) => p.ok),
      'every probe ok',
    );
    t.same(server.hits, ['GET /']);
  });

  t.test('probe against a refused port: exit 1 with SERVER_UNREACHABLE', async (t) => {
    const port = await closedPort();
    const run = await runLinuxExe(
      ['probe', '--update-server', `https://127.0.0.1:${port}/`, '--timeout-ms', '3000', '--format', 'json'],
      { now: null },
    );
    t.equal(run.code, 1);
    t.same(codes(run), ['SERVER_UNREACHABLE']);
    t.match(run.json.findings[0].message, /ECONNREFUSED/);
  });
});
