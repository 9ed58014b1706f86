// probe and detect against real servers on 127.0.0.1: TLS with a private CA, revocation endpoints, a proxy.
import t, { type Test } from 'tap';
import { runCli } from '../helpers/cli';
import { HOUR, localXml, makeEndpoint, NOW_S, policyXml, postureJson } from '../helpers/endpoint';
import { startPath } from '../helpers/pathServers';
import { closedPort, delayed, dropMidBody, ok200, startBlackHole, startProxy, status } from '../helpers/servers';

const codes = (run: { json: { findings: Array<{ code: string }> } }) => run.json.findings.map((f) => f.code);
const probe = (args: string[]) => runCli(['probe', '--format', 'json', ...args], { now: null });

t.test('a healthy path: DNS, TCP, TLS with full verification, both revocation endpoints, HTTP', async (t) => {
  const path = await startPath();
  t.teardown(path.close);
  const run = await probe(path.args);
  t.equal(run.code, 0, run.stdout);
  t.equal(run.stderr, '');
  t.equal(run.json.status, 'healthy');
  t.same(
    run.json.probes.map((p: { name: string }) => p.name).sort(),
    ['http', 'revocation', 'tcp', 'tls'],
    'no DNS probe for an IP address',
  );
  t.ok(run.json.probes.every((p: { ok: boolean }) => p.ok));
  t.match(path.ocsp?.hits, [/^GET \/ocsp\/[A-Za-z0-9%]+$/], 'a real OCSP request, by GET (RFC 6960 A.1)');
  t.same(path.crl?.hits, ['GET /test.crl']);
  t.same(path.update.hits, ['GET /']);
});

t.test('revocation endpoints down: REVOCATION_UNREACHABLE', async (t) => {
  const path = await startPath({ revocation: 'down' });
  t.teardown(path.close);
  const run = await probe(path.args);
  t.equal(run.code, 1);
  t.same(codes(run), ['REVOCATION_UNREACHABLE']);
  t.match(run.json.findings[0], { severity: 'error', action: /0x80092013/ });
});

t.test(
  'a private root not declared with --ca-file is TLS inspection; expired or another host: TLS_VERIFY_FAILED',
  async (t) => {
    const untrusted = await startPath();
    t.teardown(untrusted.close);
    const noCa = await probe(['--update-server', untrusted.update.url, '--timeout-ms', '5000']);
    t.equal(noCa.code, 1);
    t.same(codes(noCa), ['TLS_INSPECTED']);
    t.match(noCa.json.findings[0].message, /tetra-doctor test CA/);

    const expired = await startPath({
      leaf: { notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) },
    });
    t.teardown(expired.close);
    const run = await probe(expired.args);
    t.same(codes(run), ['TLS_VERIFY_FAILED']);
    t.match(run.json.findings[0].message, /CERT_HAS_EXPIRED|expired/);

    const wrongHost = await startPath({ leaf: { hostnames: ['tetra-defs.example.net'] } });
    t.teardown(wrongHost.close);
    const wrong = await probe(wrongHost.args);
    t.same(codes(wrong), ['TLS_VERIFY_FAILED']);
  },
);

t.test('a 503 from the update server: HTTP_ERROR', async (t) => {
  const path = await startPath({ update: status(503) });
  t.teardown(path.close);
  const run = await probe(path.args);
  t.equal(run.code, 1);
  t.same(codes(run), ['HTTP_ERROR']);
  t.match(run.json.findings[0].message, /503/);
});

t.test('the connection drops mid-body: DOWNLOAD_INTERRUPTED', async (t) => {
  const path = await startPath({ update: dropMidBody });
  t.teardown(path.close);
  const run = await probe(path.args);
  t.equal(run.code, 1);
  t.same(codes(run), ['DOWNLOAD_INTERRUPTED']);
});

t.test('connection refused: SERVER_UNREACHABLE', async (t) => {
  const port = await closedPort();
  const run = await probe(['--update-server', `https://127.0.0.1:${port}/`, '--timeout-ms', '3000']);
  t.equal(run.code, 1);
  t.same(codes(run), ['SERVER_UNREACHABLE']);
  t.match(run.json.findings[0].message, /ECONNREFUSED/);
});

t.test('a black hole costs the deadline once, not once per probe', async (t) => {
  const DEADLINE = 2000;
  const hole = await startBlackHole();
  t.teardown(hole.close);
  // The same run with a deadline of 1 ms, beside it: what start-up and the probes' own work cost on this machine now.
  const [run, startup] = await Promise.all([
    probe(['--update-server', hole.url, '--timeout-ms', String(DEADLINE)]),
    runCli(['probe', '--update-server', hole.url, '--timeout-ms', '1', '--format', 'json'], { now: null }),
  ]);
  t.equal(run.code, 1);
  t.same(codes(run), ['SERVER_UNREACHABLE']);
  for (const p of run.json.probes)
    t.ok(p.durationMs < 2 * DEADLINE, `${p.name} stopped at the deadline (${p.durationMs} ms), not after a second`);
  // TLS and HTTP one after another would cost twice the deadline beyond start-up; together they cost it once.
  const beyond = run.ms - startup.ms;
  t.ok(beyond < 2 * DEADLINE, `the deadline cost ${beyond} ms beyond start-up (${startup.ms} ms), not two deadlines`);
});

t.test('a name that does not resolve: DNS_RESOLUTION_FAILED', async (t) => {
  const run = await probe(['--update-server', 'tetra-defs.invalid', '--timeout-ms', '5000']);
  t.equal(run.code, 1);
  t.same(codes(run), ['DNS_RESOLUTION_FAILED']);
  t.equal(run.json.updateServer, 'https://tetra-defs.invalid/', 'a bare host name means https on 443');
  t.equal(run.json.probes.find((p: { name: string }) => p.name === 'dns').ok, false);
});

t.test('through an authenticating proxy: the whole path goes through it, loopback included', async (t) => {
  const path = await startPath();
  const proxy = await startProxy({ username: 'svc-amp', password: 'pr0xy-S3cret!' });
  t.teardown(() => Promise.all([path.close(), proxy.close()]));
  const run = await probe([...path.args, '--proxy', `http://svc-amp:pr0xy-S3cret!@127.0.0.1:${proxy.port}`]);
  t.equal(run.code, 0, run.stdout);
  t.same(run.json.probes.map((p: { name: string }) => p.name).sort(), [
    'http',
    'proxy',
    'proxy-tcp',
    'revocation',
    'tls',
  ]);
  t.ok(proxy.hits.includes(`CONNECT 127.0.0.1:${path.update.port}`), 'the update server was reached through CONNECT');
  t.notOk(
    proxy.hits.some((h) => h.includes(`127.0.0.1:${path.ocsp!.port}`)),
    "revocation did not go through the connector's proxy: CryptoAPI takes the WinHTTP route (here direct)",
  );
  t.equal(run.json.probes.find((p: { name: string }) => p.name === 'revocation').detail.route, 'direct');
  t.equal(run.json.proxy.username, 'svc-amp');
  t.notMatch(run.stdout, /pr0xy-S3cret/);
});

t.test('a proxy that rejects the credentials: PROXY_AUTH_REJECTED', async (t) => {
  const path = await startPath();
  const proxy = await startProxy({ username: 'svc-amp', password: 'right' });
  t.teardown(() => Promise.all([path.close(), proxy.close()]));
  const run = await probe([...path.args, '--proxy', `http://svc-amp:wrong-S3NTINEL@127.0.0.1:${proxy.port}`]);
  t.equal(run.code, 1);
  t.same(codes(run), ['PROXY_AUTH_REJECTED']);
  t.notMatch(run.stdout + run.stderr, /S3NTINEL/);
});

t.test('a proxy that refuses connections: PROXY_UNREACHABLE', async (t) => {
  const path = await startPath();
  t.teardown(path.close);
  const run = await probe([...path.args, '--proxy', `http://127.0.0.1:${await closedPort()}`]);
  t.equal(run.code, 1);
  t.same(codes(run), ['PROXY_UNREACHABLE']);
});

t.test('a proxy that will not tunnel to the server: PROXY_DOWNLOAD_FAILED', async (t) => {
  const path = await startPath();
  const proxy = await startProxy({ connectStatus: 403 });
  t.teardown(() => Promise.all([path.close(), proxy.close()]));
  const run = await probe([...path.args, '--proxy', `http://127.0.0.1:${proxy.port}`]);
  t.equal(run.code, 1);
  t.same(codes(run), ['PROXY_DOWNLOAD_FAILED']);
});

t.test('detect: current endpoint, reference read, every probe passing', async (t) => {
  const path = await startPath({ latestVersion: 90606 });
  const e = makeEndpoint();
  t.teardown(() => Promise.all([path.close(), e.remove()]));
  const run = await runCli(['detect', '--amp-dir', e.root, '--format', 'json', '--proxy', 'none', ...path.args]);
  t.equal(run.code, 0, run.stdout);
  t.equal(run.json.tetra.latestVersion, 90606);
  t.equal(run.json.tetra.versionsBehind, 2);
  t.same(codes(run), []);
  t.same(path.reference.hits, ['GET /av64bit/versions.id']);
});

t.test(
  'detect: more than --max-behind versions behind is DEFINITIONS_BEHIND, even when recently updated',
  async (t) => {
    const path = await startPath({ latestVersion: 90700 });
    const e = makeEndpoint();
    t.teardown(() => Promise.all([path.close(), e.remove()]));
    const run = await runCli(['detect', '--amp-dir', e.root, '--format', 'json', '--proxy', 'none', ...path.args]);
    t.equal(run.code, 1);
    t.same(codes(run), ['DEFINITIONS_BEHIND', 'CAUSE_UNDETERMINED']);
    t.equal(run.json.tetra.versionsBehind, 96);
    t.match(run.json.findings[1].action, /collect/);
  },
);

t.test('detect: an unreadable reference is REFERENCE_UNAVAILABLE, a warning', async (t) => {
  for (const reference of [
    status(500),
    (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(200).end('garbage'),
  ]) {
    const path = await startPath({ reference });
    const e = makeEndpoint();
    t.teardown(() => Promise.all([path.close(), e.remove()]));
    const run = await runCli(['detect', '--amp-dir', e.root, '--format', 'json', '--proxy', 'none', ...path.args]);
    t.equal(run.code, 0);
    t.same(codes(run), ['REFERENCE_UNAVAILABLE']);
    t.equal(run.json.findings[0].severity, 'warning');
    t.equal(run.json.tetra.latestVersion, null);
  }
});

t.test('detect: stale, the proxy from policy.xml rejects the credentials; the password never shows', async (t) => {
  const path = await startPath();
  const proxy = await startProxy({ username: 'svc-amp', password: 'the-right-one' });
  const old = NOW_S - 72 * HOUR;
  const e = makeEndpoint({
    posture: postureJson({ lastSuccess: old }),
    localXml: localXml({ lastSuccess: old, lastError: '4294965196' }),
    policyXml: policyXml({
      server: path.update.url,
      proxy: { host: '127.0.0.1', port: proxy.port, username: 'svc-amp', password: 'SENTINEL-pw&amp;&lt;x&gt;' },
    }),
  });
  t.teardown(() => Promise.all([path.close(), proxy.close(), e.remove()]));
  const args = [
    'detect',
    '--amp-dir',
    e.root,
    '--ca-file',
    path.caFile,
    '--reference-url',
    `${path.reference.url}/versions.id`,
    '--timeout-ms',
    '5000',
  ];
  for (const format of ['json', 'line', 'text']) {
    const run = await runCli([...args, '--format', format]);
    t.equal(run.code, 1);
    t.notMatch(run.stdout + run.stderr, /SENTINEL/, `${format}: the password never appears`);
  }
  const run = await runCli([...args, '--format', 'json']);
  t.same(codes(run), ['DEFINITIONS_STALE', 'LASTERROR_PROXY_AUTH', 'PROXY_AUTH_REJECTED', 'REFERENCE_UNAVAILABLE']);
  t.equal(run.json.proxy.source, 'policy');
  t.equal(run.json.updateServer, path.update.url);
});

/** Runs detect against a path whose update server, reference, OCSP and CRL answer after `delayMs`, and returns how
 * far apart the four requests arrived. */
async function arrivalSpread(t: Test, delayMs: number) {
  const path = await startPath({
    update: delayed(delayMs, ok200),
    reference: delayed(delayMs, (_q, res) => res.writeHead(200).end('value="90606"')),
    revocationDelayMs: delayMs,
  });
  const e = makeEndpoint();
  t.teardown(() => Promise.all([path.close(), e.remove()]));
  const run = await runCli(['detect', '--amp-dir', e.root, '--format', 'json', '--proxy', 'none', ...path.args]);
  t.equal(run.code, 0, `healthy with targets answering after ${delayMs} ms`);
  const arrivals = [path.update, path.reference, path.ocsp!, path.crl!].map((s) => s.arrivals[0]);
  return { run, spread: Math.max(...arrivals) - Math.min(...arrivals) };
}

t.test(
  'probes run concurrently: four slow targets are asked at about the same time, not one after another',
  async (t) => {
    // Measured at the servers, so that start-up on a busy machine does not count. The baseline is the spread of the
    // same four requests to targets that answer at once (the TLS handshake revocation waits for, and this machine's
    // scheduling now); one after another, each slow target would add its whole delay to it.
    const baseline = await arrivalSpread(t, 0);
    const DELAY = Math.max(800, 2 * baseline.spread);
    const { run, spread } = await arrivalSpread(t, DELAY);
    for (const name of ['http', 'reference', 'revocation']) {
      const p = run.json.probes.find((x: { name: string }) => x.name === name);
      t.ok(p.ok && p.durationMs >= DELAY, `${name} waited for its slow target (${p.durationMs} ms)`);
    }
    t.ok(
      spread < baseline.spread + DELAY,
      `the four requests arrived within ${spread} ms of each other (${baseline.spread} ms with no delay, ${DELAY} ms each)`,
    );
  },
);
