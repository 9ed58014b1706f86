// Trust and revocation as the connector sees them, against HTTPS servers on 127.0.0.1:
// - revocation like CryptoAPI: per certificate, any OCSP responder or CRL distribution point answering is enough;
// - trust like schannel: the Windows store (here the --test-trust-store seam) plus --ca-file only; a public root
//   (the --test-public-roots seam) missing from the store is named; a root no public bundle has is TLS inspection.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import t, { type Test } from 'tap';
import { runCli } from '../helpers/cli';
import { createCa, type TestCa } from '../helpers/pki';
import { crlServer, ocspResponder } from '../helpers/pathServers';
import { closedPort, ok200, startHttp, startHttps, type Running } from '../helpers/servers';

const codes = (run: { json: { findings: Array<{ code: string }> } }) => run.json.findings.map((f) => f.code);

function pemFile(t: Test, name: string, ...pems: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-trust-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  writeFileSync(file, pems.join('\n'));
  return file;
}

async function serve(t: Test, ca: TestCa, urls: { ocspUrls?: string[]; crlUrls?: string[] } = {}): Promise<Running> {
  const server = await startHttps(await ca.issue({ hostnames: ['127.0.0.1'], ...urls }), ok200);
  t.teardown(server.close);
  return server;
}

/** The CA's real OCSP responder or CRL (only a real answer counts). */
async function revocationServer(t: Test, kind: 'ocsp' | 'crl', ca: TestCa): Promise<string> {
  const server = await startHttp(kind === 'ocsp' ? ocspResponder(ca) : crlServer(ca));
  t.teardown(server.close);
  return `${server.url}/${kind}`;
}

const downUrl = async (kind: string) => `http://127.0.0.1:${await closedPort()}/${kind}`;
const probe = (args: string[]) => runCli(['probe', '--format', 'json', '--timeout-ms', '5000', ...args], { now: null });

t.test('revocation: OCSP down and the CRL up is no finding; the OCSP failure stays in the detail', async (t) => {
  const ca = await createCa();
  const server = await serve(t, ca, {
    ocspUrls: [await downUrl('ocsp')],
    crlUrls: [await revocationServer(t, 'crl', ca)],
  });
  const run = await probe(['--update-server', server.url, '--ca-file', pemFile(t, 'ca.pem', ca.certPem)]);
  t.equal(run.code, 0, run.stdout);
  t.same(codes(run), []);
  const revocation = run.json.probes.find((p: { name: string }) => p.name === 'revocation');
  t.equal(revocation.ok, true);
  t.match(revocation.target, /certificate 127\.0\.0\.1/);
  t.match(revocation.detail, { ocsp: [{ ok: false, error: /ECONNREFUSED/ }], crl: [{ ok: true, status: 200 }] });
});

t.test('revocation: OCSP and CRL both down is REVOCATION_UNREACHABLE', async (t) => {
  const ca = await createCa();
  const server = await serve(t, ca, { ocspUrls: [await downUrl('ocsp')], crlUrls: [await downUrl('crl')] });
  const run = await probe(['--update-server', server.url, '--ca-file', pemFile(t, 'ca.pem', ca.certPem)]);
  t.equal(run.code, 1);
  t.same(codes(run), ['REVOCATION_UNREACHABLE']);
  t.match(run.json.findings[0].message, /no OCSP responder or CRL distribution point gave an answer/);
});

t.test('revocation: one of two OCSP responders down, no CRL: no finding', async (t) => {
  const ca = await createCa();
  const server = await serve(t, ca, { ocspUrls: [await downUrl('ocsp'), await revocationServer(t, 'ocsp', ca)] });
  const run = await probe(['--update-server', server.url, '--ca-file', pemFile(t, 'ca.pem', ca.certPem)]);
  t.equal(run.code, 0, run.stdout);
  t.same(codes(run), []);
  t.match(run.json.probes.find((p: { name: string }) => p.name === 'revocation').detail.ocsp, [
    { ok: false },
    { ok: true },
  ]);
});

t.test('trust: a public root missing from the store is TRUST_ROOT_MISSING, named with its thumbprint', async (t) => {
  const publicRoot = await createCa('Public Test Root G1');
  const other = await createCa('Some Other Root');
  const server = await serve(t, publicRoot);
  const seams = [
    '--test-public-roots',
    pemFile(t, 'public.pem', publicRoot.certPem, other.certPem),
    '--test-trust-store',
    pemFile(t, 'store.pem', other.certPem),
  ];
  const run = await probe(['--update-server', server.url, ...seams]);
  t.equal(run.code, 1, run.stdout);
  t.same(codes(run), ['TRUST_ROOT_MISSING'], 'one cause: the HTTP GET failing verification too is the same cause');
  const thumbprint = new X509Certificate(publicRoot.certPem).fingerprint.replace(/:/g, '');
  t.match(run.json.findings[0].message, new RegExp(`Public Test Root G1 \\(SHA-1 ${thumbprint}\\)`));
  t.match(
    run.json.findings[0].message,
    /Cisco's required roots missing from the store: Microsoft Root Certificate Authority 2010, /,
  );
  t.match(run.json.findings[0].action, /TechNote 216943/);
  const tlsProbe = run.json.probes.find((p: { name: string }) => p.name === 'tls');
  t.equal(tlsProbe.failure, 'trust_root_missing');
  t.equal(tlsProbe.detail.requiredRootsMissing.length, 16, 'none of the 16 required roots is in this store');

  // The same root in the store: the connector would trust it.
  const trusted = await probe([
    '--update-server',
    server.url,
    '--test-public-roots',
    pemFile(t, 'p.pem', publicRoot.certPem),
    '--test-trust-store',
    pemFile(t, 's.pem', publicRoot.certPem),
  ]);
  t.equal(trusted.code, 0, trusted.stdout);
  t.same(codes(trusted), []);
});

t.test("trust: the store's required roots are looked up by thumbprint", async (t) => {
  const publicRoot = await createCa('Public Test Root G2');
  const server = await serve(t, publicRoot);
  // A store holding the runtime's own public roots holds some of Cisco's list (DigiCert Global Root CA among them).
  const store = pemFile(t, 'store.pem', ...tls.rootCertificates);
  const run = await probe([
    '--update-server',
    server.url,
    '--test-public-roots',
    pemFile(t, 'public.pem', publicRoot.certPem),
    '--test-trust-store',
    store,
  ]);
  t.same(codes(run), ['TRUST_ROOT_MISSING']);
  const missing: string[] = run.json.probes.find((p: { name: string }) => p.name === 'tls').detail.requiredRootsMissing;
  t.notOk(missing.includes('DigiCert Global Root CA'), 'present in the store, so not missing');
  t.ok(missing.length < 16);
});

t.test('trust: a root no public bundle has is TLS inspection, even when the store trusts it', async (t) => {
  const inspection = await createCa('Corp Inspection CA');
  const server = await serve(t, inspection);
  const run = await probe([
    '--update-server',
    server.url,
    '--test-trust-store',
    pemFile(t, 'store.pem', inspection.certPem),
  ]);
  t.equal(run.code, 1, run.stdout);
  t.same(codes(run), ['TLS_INSPECTED']);
  t.match(run.json.findings[0].message, /ends in a root that no public root bundle has \(Corp Inspection CA\)/);
  t.equal(
    run.json.probes.find((p: { name: string }) => p.name === 'http').ok,
    true,
    'the store trusts it: the download itself works',
  );
});

t.test('trust: the same private root declared with --ca-file (Private Cloud) is no inspection', async (t) => {
  const privateRoot = await createCa('Private Cloud Root');
  const server = await serve(t, privateRoot);
  const run = await probe([
    '--update-server',
    server.url,
    '--test-trust-store',
    pemFile(t, 'store.pem'),
    '--ca-file',
    pemFile(t, 'ca.pem', privateRoot.certPem),
  ]);
  t.equal(run.code, 0, run.stdout);
  t.same(codes(run), []);
});

t.test('trust: with the Windows rules, the runtime bundle is not trusted beyond the store', async (t) => {
  // A store without the root and a public bundle with it: the runtime's roots would have passed; the store fails.
  const root = await createCa('Bundled Only Root');
  const server = await serve(t, root);
  const run = await probe([
    '--update-server',
    server.url,
    '--test-trust-store',
    pemFile(t, 'store.pem'),
    '--test-public-roots',
    pemFile(t, 'public.pem', root.certPem),
  ]);
  t.same(codes(run), ['TRUST_ROOT_MISSING']);
});

t.test(
  'automatic root update: a missing public root Windows can fetch is no cause; off or unreachable is',
  async (t) => {
    const publicRoot = await createCa('Public Test Root G3');
    const server = await serve(t, publicRoot);
    const windowsUpdate = await startHttp((req, res) =>
      req.url?.endsWith('/authrootstl.cab') ? res.writeHead(200).end(Buffer.alloc(16)) : res.writeHead(404).end(),
    );
    t.teardown(windowsUpdate.close);
    const seams = [
      '--update-server',
      server.url,
      '--test-public-roots',
      pemFile(t, 'public.pem', publicRoot.certPem),
      '--test-trust-store',
      pemFile(t, 'store.pem'),
      '--winhttp-proxy',
      'none',
    ];
    const reachable = `${windowsUpdate.url}/msdownload/update/v3/static/trustedr/en/`;

    const fetched = await probe([...seams, '--test-root-auto-update', 'on', '--test-root-update-url', reachable]);
    t.equal(fetched.code, 0, fetched.stdout.slice(0, 600));
    t.same(codes(fetched), [], 'auto-update on and Windows Update reachable: no TRUST_ROOT_MISSING');
    const tlsProbe = fetched.json.probes.find((p: { name: string }) => p.name === 'tls');
    t.match(tlsProbe.detail, {
      rootOnDemand: 'Public Test Root G3',
      requiredRootsMissing: [],
      rootUpdate: { autoUpdate: 'on', ok: true, route: 'direct', url: `${reachable}authrootstl.cab` },
    });
    t.ok(windowsUpdate.hits.includes('GET /msdownload/update/v3/static/trustedr/en/authrootstl.cab'));

    const down = `http://127.0.0.1:${await closedPort()}/trustedr/en/`;
    const unreachable = await probe([...seams, '--test-root-auto-update', 'on', '--test-root-update-url', down]);
    t.same(codes(unreachable), ['TRUST_ROOT_MISSING'], 'Windows Update unreachable');
    t.match(
      unreachable.json.findings[0].message,
      /Windows will not fetch it: automatic root update is on, but http:\/\/127\.0\.0\.1:\d+\/trustedr\/en\/authrootstl\.cab cannot be reached over the WinHTTP route \(direct\)/,
    );
    t.equal(
      unreachable.json.probes.find((p: { name: string }) => p.name === 'tls').detail.requiredRootsMissing.length,
      16,
      'the required roots cannot be fetched either',
    );

    const off = await probe([...seams, '--test-root-auto-update', 'off', '--test-root-update-url', reachable]);
    t.same(codes(off), ['TRUST_ROOT_MISSING'], 'auto-update off by policy');
    t.match(
      off.json.findings[0].message,
      /automatic root update is turned off by policy \(DisableRootAutoUpdate = 1\)/,
    );
  },
);
