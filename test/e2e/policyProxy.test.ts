// The policy's proxy as the connector reads it, end to end through a real Squid: `type` and `authtype` as the
// numbers real policy XML holds, a type that cannot be interpreted probed as HTTP (and labelled a guess), and
// `nolocalresolvehost` 0 (the endpoint resolves the update server's name itself) against 1 (the proxy does); and
// whose policy a --policy-file is.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { runCli } from '../helpers/cli';
import { localXml, makeEndpoint, policyXml, type PolicyOptions } from '../helpers/endpoint';
import { startPath } from '../helpers/pathServers';
import { realProxiesMissing, startSquid } from '../helpers/realProxies';

const missing = realProxiesMissing();
const codes = (run: { json: { findings: Array<{ code: string }> } }) => run.json.findings.map((f) => f.code);
const names = (run: { json: { probes: Array<{ name: string }> } }) => run.json.probes.map((p) => p.name).sort();
/** An update server name no resolver knows; only the Squid below resolves it. */
const ONLY_VIA_PROXY = 'tetra-defs.tetra-doctor.invalid';

async function setting(t: Test) {
  const servers = await startPath({ leaf: { hostnames: [ONLY_VIA_PROXY, '127.0.0.1'] } });
  const squid = await startSquid({ users: { 'svc-amp': 'S3cret-pw' }, hosts: { [ONLY_VIA_PROXY]: '127.0.0.1' } });
  const open = await startSquid({ hosts: { [ONLY_VIA_PROXY]: '127.0.0.1' } });
  t.teardown(() => Promise.all([servers.close(), squid.close(), open.close()]));
  return { servers, squid, open };
}

async function probeWithPolicy(t: Test, proxy: PolicyOptions['proxy'], updateServer: string, caFile: string) {
  const e = makeEndpoint({ policyXml: policyXml({ proxy }) });
  t.teardown(e.remove);
  const args = ['probe', '--amp-dir', e.root, '--update-server', updateServer, '--ca-file', caFile];
  return runCli([...args, '--format', 'json', '--timeout-ms', '8000'], { now: null });
}

t.test(
  'numeric type and authtype use the policy proxy; an unknown type is probed as HTTP, labelled',
  { skip: missing ?? false },
  async (t) => {
    const { servers, squid } = await setting(t);
    const viaSquid = { host: '127.0.0.1', port: squid.port, username: 'svc-amp', password: 'S3cret-pw' };
    const numeric = await probeWithPolicy(
      t,
      { ...viaSquid, type: '1', authtype: '1' },
      servers.update.url,
      servers.caFile,
    );
    t.equal(numeric.code, 0, numeric.stdout.slice(0, 600));
    t.same(codes(numeric), []);
    t.match(numeric.json.proxy, { host: '127.0.0.1', port: squid.port, kind: 'http', auth: 'basic', source: 'policy' });
    t.ok(names(numeric).includes('proxy'), 'probed through the proxy');
    t.notOk(numeric.json.path.guessed.proxyKind, 'type 1 is known: no guess');

    const wrongPassword = await probeWithPolicy(
      t,
      { ...viaSquid, password: 'wrong', type: '1', authtype: '1' },
      servers.update.url,
      servers.caFile,
    );
    t.same(codes(wrongPassword), ['PROXY_AUTH_REJECTED'], 'authtype 1 really sends Basic credentials');

    const unknown = await probeWithPolicy(
      t,
      { ...viaSquid, type: '9', authtype: '1' },
      servers.update.url,
      servers.caFile,
    );
    t.equal(unknown.code, 0, unknown.stdout.slice(0, 600));
    t.same(codes(unknown), ['PROXY_SETTING_UNINTERPRETED'], 'the value is still reported');
    t.match(unknown.json.proxy, { kind: 'http', source: 'policy' }, 'probed as an HTTP proxy');
    t.equal(unknown.json.path.guessed.proxyKind, true, 'and the kind is labelled as guessed');
    t.ok(names(unknown).includes('proxy'), 'the configured proxy is not dropped');
  },
);

t.test(
  'nolocalresolvehost 0 runs the DNS probe (the endpoint resolves the name); 1 leaves it to the proxy',
  { skip: missing ?? false },
  async (t) => {
    const { servers, open } = await setting(t);
    const server = `https://${ONLY_VIA_PROXY}:${servers.update.port}/`;
    const proxy = { host: '127.0.0.1', port: open.port, type: '1', authtype: '0' };
    const byProxy = await probeWithPolicy(t, { ...proxy, nolocalresolvehost: '1' }, server, servers.caFile);
    t.equal(byProxy.code, 0, byProxy.stdout.slice(0, 600));
    t.same(codes(byProxy), []);
    t.notOk(names(byProxy).includes('dns'), 'no DNS probe: the proxy resolves the name');

    const byEndpoint = await probeWithPolicy(t, { ...proxy, nolocalresolvehost: '0' }, server, servers.caFile);
    t.equal(byEndpoint.code, 1, byEndpoint.stdout.slice(0, 600));
    t.same(codes(byEndpoint), ['DNS_RESOLUTION_FAILED'], 'the endpoint cannot resolve it, as the connector could not');
    t.equal(byEndpoint.json.proxy.resolvesLocally, true);
    t.ok(
      byEndpoint.json.probes
        .filter((p: { name: string; ok: boolean }) => p.name !== 'dns')
        .every((p: { ok: boolean }) => p.ok),
      'everything else passed through the proxy',
    );
  },
);

t.test('--policy-file of another policy, or an older serial, than local.xml names: POLICY_FILE_MISMATCH', async (t) => {
  const OWN = '7d2c1f50-8a7e-4d0b-9e55-5f4f3d9a2b10';
  const OTHER = '0f9e8d7c-6b5a-4e3d-8c2b-1a0f9e8d7c6b';
  const servers = await startPath();
  t.teardown(servers.close);
  const e = makeEndpoint({ localXml: localXml({ policy: { uuid: OWN, serial: 214 } }) });
  t.teardown(e.remove);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-policy-file-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const detectWith = (janus: { uuid: string; serial: number }) => {
    const file = path.join(dir, `${janus.uuid}-${janus.serial}.xml`);
    writeFileSync(file, policyXml({ janus, server: servers.update.url }));
    return runCli(['detect', '--amp-dir', e.root, '--format', 'json', '--policy-file', file, ...servers.args.slice(2)]);
  };

  const other = await detectWith({ uuid: OTHER, serial: 300 });
  t.same(codes(other), ['POLICY_FILE_MISMATCH'], other.stdout.slice(0, 400));
  t.equal(other.json.findings[0].severity, 'warning');
  t.match(
    other.json.findings[0].message,
    `is another policy: it is policy ${OTHER} serial 300, and this endpoint's local.xml names policy ${OWN} serial 214`,
  );
  t.same(
    [other.json.path.policy, other.json.path.updateServer.source],
    ['file', 'policy-file'],
    "the path is still the file's",
  );

  const older = await detectWith({ uuid: OWN, serial: 200 });
  t.same(codes(older), ['POLICY_FILE_MISMATCH']);
  t.match(older.json.findings[0].message, /an older revision of this endpoint's policy: it is policy .* serial 200/);

  const same = await detectWith({ uuid: OWN, serial: 214 });
  t.same(codes(same), [], 'the policy the endpoint runs: nothing to say');
});
