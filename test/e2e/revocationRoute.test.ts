// Revocation the way Windows does it, end to end against servers on 127.0.0.1 and a real Squid: CryptoAPI fetches
// OCSP answers and CRLs through WinHTTP with the machine's WinHTTP proxy (--winhttp-proxy stands in for netsh here),
// not through the connector's proxy; and only a real, signed answer for the certificate counts.
import t, { type Test } from 'tap';
import { runCli } from '../helpers/cli';
import { createCa } from '../helpers/pki';
import { crlServer, startPath, type PathOptions } from '../helpers/pathServers';
import { realProxiesMissing, startSquid } from '../helpers/realProxies';
import { status } from '../helpers/servers';

const missing = realProxiesMissing();
const codes = (run: { json: { findings: Array<{ code: string }> } }) => run.json.findings.map((f) => f.code);
const revocation = (run: { json: any }) => run.json.probes.find((p: { name: string }) => p.name === 'revocation');
/** A name no resolver knows; the Squid below resolves it from its own hosts file. */
const ONLY_VIA_PROXY = 'revocation.tetra-doctor.invalid';

async function path(t: Test, o: PathOptions = {}) {
  const servers = await startPath(o);
  t.teardown(servers.close);
  return servers;
}

const probe = (args: string[]) =>
  runCli(['probe', '--format', 'json', '--timeout-ms', '8000', ...args], { now: null, timeoutMs: 30_000 });

t.test(
  "revocation reachable only through the connector's proxy, no WinHTTP proxy: a cause naming the WinHTTP route and the fix",
  { skip: missing ?? false },
  async (t) => {
    const servers = await path(t, { revocationHost: ONLY_VIA_PROXY });
    const squid = await startSquid({ hosts: { [ONLY_VIA_PROXY]: '127.0.0.1' } });
    t.teardown(squid.close);
    const proxyUrl = `http://127.0.0.1:${squid.port}`;

    // Off Windows without --winhttp-proxy the WinHTTP route is direct, as it is with --winhttp-proxy none.
    for (const winHttp of [[], ['--winhttp-proxy', 'none']]) {
      const run = await probe([...servers.args, '--proxy', proxyUrl, ...winHttp]);
      t.equal(run.code, 1, run.stdout.slice(0, 400));
      t.same(codes(run), ['REVOCATION_UNREACHABLE'], 'the update server itself is fine through Squid');
      const finding = run.json.findings[0];
      t.match(finding.message, /over the route Windows uses for it \(WinHTTP, direct: no WinHTTP proxy is set\)/);
      t.match(finding.message, new RegExp(`The connector's own proxy 127\\.0\\.0\\.1:${squid.port} does reach them`));
      t.match(finding.action, new RegExp(`netsh winhttp set proxy 127\\.0\\.0\\.1:${squid.port}`));
      t.match(finding.action, /netsh winhttp import proxy source=ie/);
      const detail = revocation(run).detail;
      t.equal(detail.route, 'direct');
      t.equal(detail.connectorProxy, `127.0.0.1:${squid.port}`);
      t.match(detail.ocsp[0], {
        ok: false,
        route: 'direct',
        error: /ENOTFOUND/,
        connectorRoute: { ok: true, answer: 'good', route: `127.0.0.1:${squid.port}` },
      });
    }

    const viaWinHttp = await probe([...servers.args, '--proxy', proxyUrl, '--winhttp-proxy', proxyUrl]);
    t.equal(viaWinHttp.code, 0, viaWinHttp.stdout.slice(0, 400));
    t.same(codes(viaWinHttp), [], 'the WinHTTP proxy set to that proxy: no revocation cause');
    t.match(revocation(viaWinHttp).detail, {
      route: `127.0.0.1:${squid.port}`,
      ocsp: [{ ok: true, answer: 'good' }],
      crl: [{ ok: true, answer: 'good' }],
    });
    t.match(viaWinHttp.json.winHttpProxy, { direct: false, proxyServers: proxyUrl, from: 'option' });
  },
);

t.test('OCSP and CRL that answer 403 (a filter block page) are no answer: a revocation cause', async (t) => {
  const servers = await path(t, { ocspHandler: status(403), crlHandler: status(403) });
  const run = await probe(servers.args);
  t.equal(run.code, 1, run.stdout.slice(0, 400));
  t.same(codes(run), ['REVOCATION_UNREACHABLE']);
  t.match(revocation(run).detail, {
    ocsp: [{ ok: false, status: 403, error: 'HTTP 403' }],
    crl: [{ error: 'HTTP 403' }],
  });
});

t.test('OCSP and CRL that answer 200 with an HTML page are no answer: a revocation cause', async (t) => {
  const html = (_req: unknown, res: import('node:http').ServerResponse) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Blocked</body></html>');
  const servers = await path(t, { ocspHandler: html, crlHandler: html });
  const run = await probe(servers.args);
  t.equal(run.code, 1, run.stdout.slice(0, 400));
  t.same(codes(run), ['REVOCATION_UNREACHABLE']);
  t.match(revocation(run).detail, {
    ocsp: [{ ok: false, status: 200, error: 'not a DER OCSP response (an HTML page)' }],
    crl: [{ ok: false, status: 200, error: 'not a DER CRL (an HTML page)' }],
  });
});

t.test('a redirect is no answer', async (t) => {
  const redirect = (_req: unknown, res: import('node:http').ServerResponse) =>
    res.writeHead(302, { location: 'http://127.0.0.1:9/login', 'content-length': '0' }).end();
  const servers = await path(t, { ocspHandler: redirect, crlHandler: redirect });
  const run = await probe(servers.args);
  t.same(codes(run), ['REVOCATION_UNREACHABLE']);
  t.match(revocation(run).detail.crl, [{ ok: false, status: 302, error: /redirect is no answer/ }]);
});

t.test('a CRL from another issuer is not an answer (OCSP down): a revocation cause', async (t) => {
  const other = await createCa('Another Test CA');
  const servers = await path(t, { ocspHandler: status(503), crlHandler: crlServer(other) });
  const run = await probe(servers.args);
  t.equal(run.code, 1, run.stdout.slice(0, 400));
  t.same(codes(run), ['REVOCATION_UNREACHABLE']);
  t.match(revocation(run).detail.crl, [
    { ok: false, status: 200, error: "the CRL was issued by another issuer than the certificate's" },
  ]);

  // The issuer's own CRL, the same OCSP failure: an answer.
  const own = await path(t, { ocspHandler: status(503) });
  const fine = await probe(own.args);
  t.same([fine.code, codes(fine)], [0, []], fine.stdout.slice(0, 400));
  t.match(revocation(fine).detail.crl, [{ ok: true, answer: 'good' }]);
});

t.test('a revoked leaf is CERTIFICATE_REVOKED, by OCSP and by CRL', async (t) => {
  for (const only of ['ocsp', 'crl'] as const) {
    const servers = await path(t, only === 'crl' ? { ocspHandler: status(503) } : { crlHandler: status(404) });
    servers.ca.revoke(servers.leafSerial);
    const run = await probe(servers.args);
    t.equal(run.code, 1, run.stdout.slice(0, 400));
    t.same(codes(run), ['CERTIFICATE_REVOKED'], only);
    t.match(run.json.findings[0].message, /certificate localhost of the update server's chain is revoked/);
    t.match(revocation(run).detail[only], [{ ok: true, answer: 'revoked' }]);
  }
});
