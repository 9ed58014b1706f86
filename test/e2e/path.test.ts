// Where the probed path comes from (policy.xml, --policy-file, --update-server, --region, --proxy, the default),
// and what is said when it is a guess: the bundled CLI against fixture installs and servers on 127.0.0.1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { runCli } from '../helpers/cli';
import { HOUR, localXml, makeEndpoint, NOW_S, policyXml, postureJson, type EndpointOptions } from '../helpers/endpoint';
import { startPath } from '../helpers/pathServers';
import { startProxy } from '../helpers/servers';

const codes = (run: { json: { findings: Array<{ code: string }> } }) => run.json.findings.map((f) => f.code);
const old = NOW_S - 30 * HOUR;
const stale: EndpointOptions = { posture: postureJson({ lastSuccess: old }), localXml: localXml({ lastSuccess: old }) };

function scratch(t: Test): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-path-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function detect(t: Test, endpoint: EndpointOptions, args: string[]) {
  const e = makeEndpoint(endpoint);
  t.teardown(e.remove);
  const run = await runCli(['detect', '--amp-dir', e.root, '--format', 'json', '--timeout-ms', '3000', ...args]);
  t.equal(run.stderr, '', 'stderr stays empty');
  t.ok(run.json, run.stdout.slice(0, 300));
  return run;
}

t.test(
  'no policy.xml (connector 8.1.3+), nothing named: the default path is probed, said to be a guess, causes labelled',
  async (t) => {
    const hole = path.join(scratch(t), 'nothing');
    // An unresolvable update server stands in for "the default, unreachable from here" without leaving the machine.
    const run = await detect(t, stale, ['--reference-url', `file://${hole}`, '--update-server', 'tetra-defs.invalid']);
    t.equal(run.json.path.updateServer.source, 'option');
    t.equal(run.json.path.policy, 'none');
    t.match(run.json.path.localPolicy, /absent/);
    t.same(
      run.json.path.guessed,
      { updateServer: false, proxy: true },
      'the proxy part is a guess: nobody said there is none',
    );
    t.same(codes(run), ['DEFINITIONS_STALE', 'DNS_RESOLUTION_FAILED', 'REFERENCE_UNAVAILABLE', 'POLICY_UNAVAILABLE']);
    const dns = run.json.findings.find((f: { code: string }) => f.code === 'DNS_RESOLUTION_FAILED');
    t.equal(dns.guessedPath, true, 'JSON labels the cause');
    t.match(dns.message, /path tetra-doctor guessed/, 'and so does the message');
    const notice = run.json.findings.find((f: { code: string }) => f.code === 'POLICY_UNAVAILABLE');
    t.match(
      notice.message,
      /policy\.xml is absent.*probed https:\/\/tetra-defs\.invalid\/ \(from the command line\) directly/,
    );
    t.match(notice.action, /--policy-file/);
  },
);

t.test(
  'the default is North America, --region picks the region host; both are recorded with their source',
  async (t) => {
    const e = makeEndpoint(stale);
    t.teardown(e.remove);
    const base = ['detect', '--amp-dir', e.root, '--format', 'json', '--offline'];
    const byDefault = await runCli(base);
    t.same(byDefault.json.path.updateServer, { url: 'https://tetra-defs.amp.cisco.com/', source: 'default' });
    t.same(byDefault.json.path.guessed, { updateServer: true, proxy: true });
    t.notOk(codes(byDefault).includes('POLICY_UNAVAILABLE'), 'offline: nothing was probed, so nothing to qualify');
    for (const [region, host] of [
      ['na', 'tetra-defs.amp.cisco.com'],
      ['eu', 'tetra-defs.eu.amp.cisco.com'],
      ['apjc', 'tetra-defs.apjc.amp.cisco.com'],
    ]) {
      const run = await runCli([...base, '--region', region]);
      t.same(run.json.path.updateServer, { url: `https://${host}/`, source: 'region' }, region);
      t.equal(run.json.updateServer, `https://${host}/`);
      t.equal(run.json.path.guessed.updateServer, false);
    }
    const bad = await runCli([...base, '--region', 'mars']);
    t.equal(bad.code, 2, 'an unknown region is a usage error');
    t.match(bad.stderr, /^tetra-doctor: /);
    t.equal(bad.stdout, '');
  },
);

t.test('a readable policy.xml beats --region; --update-server beats both', async (t) => {
  const e = makeEndpoint({ policyXml: policyXml({ server: 'tetra-defs.eu.amp.cisco.com' }) });
  t.teardown(e.remove);
  const base = ['detect', '--amp-dir', e.root, '--format', 'json', '--offline'];
  const run = await runCli([...base, '--region', 'apjc']);
  t.same(run.json.path.updateServer, { url: 'https://tetra-defs.eu.amp.cisco.com/', source: 'policy' });
  t.same(
    run.json.path.guessed,
    { updateServer: false, proxy: false },
    "the policy says there is no proxy: that is the connector's path",
  );
  t.equal(run.json.path.localPolicy, null);
  const option = await runCli([...base, '--update-server', 'https://127.0.0.1:9/']);
  t.equal(option.json.path.updateServer.source, 'option');
});

t.test(
  '--policy-file: read when policy.xml is absent; its server and proxy are probed, with their source',
  async (t) => {
    const servers = await startPath();
    const proxy = await startProxy({ username: 'svc', password: 'S3NTINEL-file' });
    t.teardown(() => Promise.all([servers.close(), proxy.close()]));
    const file = path.join(scratch(t), 'exported-policy.xml');
    writeFileSync(
      file,
      policyXml({
        server: servers.update.url,
        proxy: { host: '127.0.0.1', port: proxy.port, username: 'svc', password: 'S3NTINEL-file' },
      }),
    );
    const run = await detect(t, {}, [
      '--policy-file',
      file,
      '--ca-file',
      servers.caFile,
      '--reference-url',
      `${servers.reference.url}/versions.id`,
    ]);
    t.equal(run.code, 0, run.stdout);
    t.same(run.json.path.updateServer, { url: servers.update.url, source: 'policy-file' });
    t.equal(run.json.path.proxySource, 'policy-file');
    t.equal(run.json.path.policy, 'file');
    t.match(run.json.path.localPolicy, /absent/);
    t.same(run.json.path.guessed, { updateServer: false, proxy: false });
    t.equal(run.json.proxy.source, 'policy-file');
    t.equal(run.json.sources.policy.state, 'ok');
    t.same(codes(run), []);
    t.ok(
      proxy.hits.includes(`CONNECT 127.0.0.1:${servers.update.port}`),
      'the probes went through the policy-file proxy',
    );
    t.notMatch(run.stdout, /S3NTINEL/, 'its password never shows');
  },
);

t.test('--policy-file is ignored when the local policy.xml is readable', async (t) => {
  const file = path.join(scratch(t), 'exported.xml');
  writeFileSync(file, policyXml({ server: 'tetra-defs.apjc.amp.cisco.com' }));
  const run = await detect(t, { policyXml: policyXml({ server: 'tetra-defs.eu.amp.cisco.com' }) }, [
    '--offline',
    '--policy-file',
    file,
  ]);
  t.same(run.json.path.updateServer, { url: 'https://tetra-defs.eu.amp.cisco.com/', source: 'policy' });
  t.equal(run.json.path.policy, 'local');
});

t.test(
  'a --policy-file that is not a policy: POLICY_UNREADABLE naming it; one that does not exist: usage error',
  async (t) => {
    const file = path.join(scratch(t), 'broken.xml');
    writeFileSync(file, '<Signature><Object><config><agent></Object>');
    const run = await detect(t, {}, ['--offline', '--policy-file', file]);
    t.equal(run.code, 0);
    t.same(codes(run), ['POLICY_UNREADABLE']);
    t.match(run.json.findings[0].message, /broken\.xml/);
    t.equal(run.json.sources.policy.state, 'failed');
    const e = makeEndpoint();
    t.teardown(e.remove);
    const missing = await runCli([
      'detect',
      '--amp-dir',
      e.root,
      '--offline',
      '--policy-file',
      path.join(os.tmpdir(), 'no-such-policy.xml'),
    ]);
    t.equal(missing.code, 2);
    t.match(missing.stderr, /--policy-file/);
    // A device never ends: refused before anything reads it.
    const device = await runCli(['detect', '--amp-dir', e.root, '--offline', '--policy-file', '/dev/zero'], {
      timeoutMs: 20_000,
    });
    t.equal(device.code, 2);
    t.match(device.stderr, /--policy-file: \/dev\/zero is not a regular file/);
  },
);

t.test('lasterror says proxy and no proxy is known: PROXY_NOT_KNOWN says how to tell it', async (t) => {
  const run = await detect(t, { ...stale, localXml: localXml({ lastSuccess: old, lastError: '4294965193' }) }, [
    '--offline',
  ]);
  t.same(codes(run), ['DEFINITIONS_STALE', 'LASTERROR_PROXY_CONNECT', 'PROXY_NOT_KNOWN']);
  const notice = run.json.findings[2];
  t.match(notice.message, /uses a proxy, but tetra-doctor does not know/);
  t.match(notice.action, /--policy-file.*--proxy/);
  // With the proxy named, the notice goes.
  const named = await detect(t, { ...stale, localXml: localXml({ lastSuccess: old, lastError: '4294965193' }) }, [
    '--offline',
    '--proxy',
    'http://127.0.0.1:3128',
  ]);
  t.same(codes(named), ['DEFINITIONS_STALE', 'LASTERROR_PROXY_CONNECT']);
  t.equal(named.json.path.proxySource, 'option');
});

t.test('--proxy none declares a direct path: no guess, no POLICY_UNAVAILABLE', async (t) => {
  const servers = await startPath();
  t.teardown(servers.close);
  const run = await detect(t, {}, ['--proxy', 'none', ...servers.args]);
  t.equal(run.code, 0, run.stdout);
  t.same(run.json.path.guessed, { updateServer: false, proxy: false });
  t.equal(run.json.path.proxySource, 'none');
  t.same(codes(run), []);
});

t.test(
  'an unreadable policy.xml with a --policy-file: the file is used, the local failure kept in path.localPolicy',
  async (t) => {
    const file = path.join(scratch(t), 'exported.xml');
    writeFileSync(file, policyXml({ server: 'tetra-defs.apjc.amp.cisco.com' }));
    const run = await detect(t, { policyXml: '<Signature><Object><config>' }, ['--offline', '--policy-file', file]);
    t.same(run.json.path.updateServer, { url: 'https://tetra-defs.apjc.amp.cisco.com/', source: 'policy-file' });
    t.match(run.json.path.localPolicy, /policy\.xml is unreadable/);
    t.same(codes(run), [], 'the policy is known: nothing to warn about');
  },
);

t.test('the default reference follows Windows bitness: av32bit on a 32-bit Windows, av64bit under WOW64', async (t) => {
  const e = makeEndpoint();
  t.teardown(e.remove);
  // Through a proxy on a closed loopback port: the reference request is made (its URL recorded) without leaving
  // the machine.
  const closed = `http://127.0.0.1:${await (await import('../helpers/servers')).closedPort()}`;
  const base = [
    'detect',
    '--amp-dir',
    e.root,
    '--format',
    'json',
    '--timeout-ms',
    '2000',
    '--update-server',
    'https://127.0.0.1:9/',
    '--proxy',
    closed,
  ];
  const target = (run: { json: { probes: Array<{ name: string; target: string }> } }) =>
    run.json.probes.find((p) => p.name === 'reference')?.target;
  const x86 = await runCli(base, { env: { ...process.env, PROCESSOR_ARCHITECTURE: 'x86', SystemRoot: 'C:\\Windows' } });
  t.equal(target(x86), 'http://update.amp.cisco.com/av32bit/versions.id');
  const wow64 = await runCli(base, {
    env: { ...process.env, PROCESSOR_ARCHITECTURE: 'x86', PROCESSOR_ARCHITEW6432: 'AMD64' },
  });
  t.equal(target(wow64), 'http://update.amp.cisco.com/av64bit/versions.id');
  const amd64 = await runCli(base, { env: { ...process.env, PROCESSOR_ARCHITECTURE: 'AMD64' } });
  t.equal(target(amd64), 'http://update.amp.cisco.com/av64bit/versions.id');
});
