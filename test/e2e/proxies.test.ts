// Proxies as the policy says, end to end against real proxies on loopback: Squid with Basic (and NTLM through its
// ntlm_fake_auth helper), Dante for SOCKS 5, the own Node proxy for challenges and IPv6, and PAC files served on
// loopback that route to them. The bundled CLI runs as a child process; the password never shows.
import t, { type Test } from 'tap';
import { PAC_CPU_MS } from '../../src/probes/proxy/pacEvaluator';
import { runCli } from '../helpers/cli';
import { makeEndpoint, policyXml } from '../helpers/endpoint';
import { startPath } from '../helpers/pathServers';
import { startNtlmProxy } from '../helpers/ntlmProxy';
import { realProxiesMissing, startDante, startSquid } from '../helpers/realProxies';
import { closedPort, startHttp, startProxy } from '../helpers/servers';

const missing = realProxiesMissing();

const PASSWORD = 'Sq-SENTINEL-pw:@&x';
const FORMS = [
  PASSWORD,
  encodeURIComponent(PASSWORD),
  Buffer.from(`svc-amp:${PASSWORD}`).toString('base64'),
  'SENTINEL',
];
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** probe of a path through one proxy: JSON and an 8 s timeout unless said otherwise. */
const probeThrough = (pathArgs: string[], proxy: string, format = 'json', timeoutMs = 8000) =>
  runCli(['probe', ...pathArgs, '--proxy', proxy, '--format', format, '--timeout-ms', String(timeoutMs)]);
const codes = (run: { json: any }) => run.json.findings.map((f: { code: string }) => f.code);
const probe = (run: { json: any }, name: string) => run.json.probes.find((p: { name: string }) => p.name === name);

function noSecret(t: Test, run: { stdout: string; stderr: string }, label: string): void {
  t.same(
    FORMS.filter((f) => (run.stdout + run.stderr).includes(f)),
    [],
    `${label}: the password never shows`,
  );
  t.equal(run.stderr, '', `${label}: stderr stays empty`);
}

/** A PAC file server: every request gets `script`. */
const pacServer = (script: string) =>
  startHttp((_req, res) => res.writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig' }).end(script));
const pacReturning = (answer: string) =>
  `function FindProxyForURL(url, host) { if (isPlainHostName(host) || shExpMatch(host, "*.never.example")) return "DIRECT"; return "${answer}"; }`;

t.test(
  'Squid with Basic: the right password passes, a wrong one is PROXY_AUTH_REJECTED',
  { skip: missing ?? false },
  async (t) => {
    const path = await startPath();
    const squid = await startSquid({ users: { 'svc-amp': PASSWORD } });
    t.teardown(() => Promise.all([path.close(), squid.close()]));
    for (const format of ['json', 'text', 'line']) {
      const ok = await probeThrough(
        path.args,
        `http://svc-amp:${encodeURIComponent(PASSWORD)}@127.0.0.1:${squid.port}`,
        format,
      );
      t.equal(ok.code, 0, `${format}: through Squid, exit 0`);
      noSecret(t, ok, `squid ok ${format}`);
    }
    const ok = await probeThrough(path.args, `http://svc-amp:${encodeURIComponent(PASSWORD)}@127.0.0.1:${squid.port}`);
    t.same(
      ok.json.probes.filter((p: { ok: boolean }) => !p.ok),
      [],
      'every probe passed through Squid',
    );
    t.same([ok.json.proxy.kind, ok.json.proxy.auth], ['http', 'basic']);
    t.same(
      probe(ok, 'revocation').detail.crl.map((a: { ok: boolean }) => a.ok),
      [true],
      'the plain-http CRL fetch went through Squid too',
    );

    const wrong = await probeThrough(
      path.args,
      `http://svc-amp:not-${encodeURIComponent(PASSWORD)}@127.0.0.1:${squid.port}`,
    );
    t.equal(wrong.code, 1);
    t.same(codes(wrong), ['PROXY_AUTH_REJECTED']);
    t.equal(probe(wrong, 'proxy').failure, 'proxy_auth');
    t.match(probe(wrong, 'proxy').detail.schemes, ['BASIC']);
    noSecret(t, wrong, 'squid wrong password');
  },
);

t.test(
  "NTLM: the policy's NTLM authtype completes the handshake on one connection; Basic sent to an NTLM-only Squid is a challenge, not a rejection",
  async (t) => {
    const path = await startPath();
    const ntlmProxy = await startNtlmProxy({ user: 'svc-amp', domain: 'CORP' });
    const squid = missing ? null : await startSquid({ ntlm: true });
    t.teardown(() => Promise.all([path.close(), ntlmProxy.close(), squid?.close()]));
    const policyWith = (port: number, authtype: string, username = 'CORP\\svc-amp') => {
      const e = makeEndpoint({
        policyXml: policyXml({
          server: path.update.url,
          proxy: { host: '127.0.0.1', port, username, password: xmlEscape(PASSWORD), authtype },
        }),
      });
      t.teardown(e.remove);
      return ['probe', '--amp-dir', e.root, ...path.args, '--format', 'json', '--timeout-ms', '8000'];
    };
    const ntlm = await runCli(policyWith(ntlmProxy.port, 'NTLM'));
    t.equal(ntlm.code, 0, 'NTLM handshake: exit 0');
    t.same(
      ntlm.json.probes.filter((p: { ok: boolean }) => !p.ok),
      [],
    );
    t.same([ntlm.json.proxy.source, ntlm.json.proxy.auth], ['policy', 'ntlm']);
    t.ok(
      ntlmProxy.users.length > 0 && ntlmProxy.users.every((u) => u === 'CORP\\svc-amp'),
      'the Type 3 message carried DOMAIN\\user',
    );
    noSecret(t, ntlm, 'ntlm');

    const wrongUser = await runCli(policyWith(ntlmProxy.port, 'ntlm', 'CORP\\someone-else'));
    t.same(codes(wrongUser), ['PROXY_AUTH_REJECTED'], 'a 407 after the Type 3 message is rejected credentials');

    if (squid) {
      const basic = await runCli(policyWith(squid.port, 'basic'));
      t.equal(basic.code, 1);
      t.same(codes(basic), ['PROXY_AUTH_CHALLENGE']);
      t.match(probe(basic, 'proxy').error, /asks for NTLM authentication.*Basic credentials were sent/);
      noSecret(t, basic, 'basic against ntlm');
    }
  },
);

t.test('a proxy that answers 407 with NTLM or Negotiate: told apart from rejected credentials', async (t) => {
  const path = await startPath();
  const ntlmOnly = await startProxy({ challenge: ['NTLM'] });
  const negotiate = await startProxy({ challenge: ['Negotiate'] });
  const basicOnly = await startProxy({ username: 'svc-amp', password: 'other' });
  t.teardown(() => Promise.all([path.close(), ntlmOnly.close(), negotiate.close(), basicOnly.close()]));
  const proxyArg = (port: number) => ['--proxy', `http://svc-amp:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`];
  const runs = await Promise.all(
    [ntlmOnly, negotiate, basicOnly].map((p) =>
      runCli(['probe', ...path.args, ...proxyArg(p.port), '--format', 'json', '--timeout-ms', '5000']),
    ),
  );
  t.same(runs.map(codes), [['PROXY_AUTH_CHALLENGE'], ['PROXY_AUTH_CHALLENGE'], ['PROXY_AUTH_REJECTED']]);
  t.match(probe(runs[0], 'proxy').error, /asks for NTLM authentication/);
  t.match(probe(runs[1], 'proxy').error, /Negotiate \(Kerberos\)/);
  t.same(probe(runs[0], 'http').failure, 'proxy_auth_scheme', 'the HTTP probe through the same proxy says the same');
  // A plain-http URL goes to the proxy in absolute form (GET http://...): its 407 is read the same way.
  const plain = await Promise.all(
    [ntlmOnly, basicOnly].map((p) =>
      runCli([
        'probe',
        '--update-server',
        `${path.reference.url}/`,
        ...proxyArg(p.port),
        '--format',
        'json',
        '--timeout-ms',
        '5000',
      ]),
    ),
  );
  t.same(
    plain.map((run) => probe(run, 'http').failure),
    ['proxy_auth_scheme', 'proxy_auth'],
  );
  t.ok(
    ntlmOnly.hits.some((h) => h.startsWith('GET http://127.0.0.1:')),
    'absolute form',
  );
  for (const run of runs) noSecret(t, run, 'challenge');
});

t.test(
  'Dante SOCKS 5: through it, every probe passes; a target it refuses by rule is PROXY_DOWNLOAD_FAILED',
  { skip: missing ?? false },
  async (t) => {
    const path = await startPath();
    const refusedPath = await startPath();
    const dante = await startDante({ blockPorts: [refusedPath.update.port] });
    t.teardown(() => Promise.all([path.close(), refusedPath.close(), dante.close()]));
    for (const scheme of ['socks5', 'socks5h', 'socks4', 'socks4a']) {
      const run = await probeThrough(path.args, `${scheme}://127.0.0.1:${dante.port}`);
      t.equal(run.code, 0, `${scheme}: exit 0`);
      t.same(
        run.json.probes.filter((p: { ok: boolean }) => !p.ok),
        [],
        `${scheme}: every probe passed`,
      );
      t.equal(run.json.proxy.kind, scheme);
    }
    const refused = await probeThrough(refusedPath.args, `socks5://127.0.0.1:${dante.port}`);
    t.equal(refused.code, 1);
    t.same(codes(refused), ['PROXY_DOWNLOAD_FAILED']);
    t.match(probe(refused, 'proxy').error, /SOCKS 5 proxy refused the connection/);
    const unreachable = await probeThrough(path.args, `socks5://127.0.0.1:${await closedPort()}`, 'json', 5000);
    t.same(codes(unreachable), ['PROXY_UNREACHABLE']);
    for (const format of ['json', 'text', 'line']) {
      const withPassword = await probeThrough(
        refusedPath.args,
        `socks5://svc-amp:${encodeURIComponent(PASSWORD)}@127.0.0.1:${dante.port}`,
        format,
      );
      noSecret(t, withPassword, `socks5 with a password, ${format}`);
    }
  },
);

t.test(
  'policy.xml: a SOCKS type is probed through Dante; an uninterpretable authtype is reported and not guessed',
  { skip: missing ?? false },
  async (t) => {
    const path = await startPath();
    const dante = await startDante();
    t.teardown(() => Promise.all([path.close(), dante.close()]));
    const socks = makeEndpoint({
      policyXml: policyXml({ server: path.update.url, proxy: { host: '127.0.0.1', port: dante.port, type: 'SOCKS5' } }),
    });
    const numeric = makeEndpoint({
      policyXml: policyXml({
        server: path.update.url,
        proxy: {
          host: '127.0.0.1',
          port: dante.port,
          type: '1',
          // NTLM's number is not public: no authentication scheme is guessed (docs/proxies.md).
          authtype: '2',
          username: 'svc-amp',
          password: xmlEscape(PASSWORD),
        },
      }),
    });
    t.teardown(() => Promise.all([socks.remove(), numeric.remove()]));
    const viaPolicy = await runCli([
      'probe',
      '--amp-dir',
      socks.root,
      ...path.args,
      '--format',
      'json',
      '--timeout-ms',
      '8000',
    ]);
    t.equal(viaPolicy.code, 0);
    t.same([viaPolicy.json.proxy.kind, viaPolicy.json.proxy.source], ['socks5', 'policy']);
    t.ok(probe(viaPolicy, 'proxy').ok);

    for (const format of ['json', 'text', 'line']) {
      const run = await runCli([
        'probe',
        '--amp-dir',
        numeric.root,
        ...path.args,
        '--format',
        format,
        '--timeout-ms',
        '8000',
      ]);
      t.equal(run.code, 4, `${format}: undetermined, exit 4`);
      noSecret(t, run, `numeric type ${format}`);
    }
    const run = await runCli([
      'probe',
      '--amp-dir',
      numeric.root,
      ...path.args,
      '--format',
      'json',
      '--timeout-ms',
      '8000',
    ]);
    t.same(codes(run), ['PROXY_SETTING_UNINTERPRETED']);
    t.match(run.json.findings[0].message, /authtype "2"/);
    t.same(run.json.probes, [], 'nothing probed in its place');
    t.equal(run.json.proxy, null);
    const detect = await runCli([
      'detect',
      '--amp-dir',
      numeric.root,
      ...path.args,
      '--format',
      'json',
      '--timeout-ms',
      '8000',
    ]);
    t.ok(codes(detect).includes('PROXY_SETTING_UNINTERPRETED'), 'detect says it too');
  },
);

t.test(
  'PAC: routes to Squid; fails over to Dante; unreachable, invalid and endless PAC files are their own findings',
  { skip: missing ?? false },
  async (t) => {
    const path = await startPath();
    const squid = await startSquid({ users: { 'svc-amp': PASSWORD } });
    const dante = await startDante();
    const closed = await closedPort();
    const toSquid = await pacServer(pacReturning(`PROXY 127.0.0.1:${squid.port}; DIRECT`));
    const failover = await pacServer(pacReturning(`PROXY 127.0.0.1:${closed}; SOCKS5 127.0.0.1:${dante.port}`));
    const invalid = await pacServer('function FindProxyForURL(url, host) { return "PROXY " + ; }');
    const endless = await pacServer('function FindProxyForURL(url, host) { while (true) {} }');
    // One native operation that runs for minutes between QuickJS's budget checks: only the worker's end stops it.
    const stuck = await pacServer('function FindProxyForURL(url, host) { return new Array(4294967295).join("xy"); }');
    // The PAC file sends revocation URLs to Dante, everything else to Squid; revocation still takes the WinHTTP route.
    const perUrl = await pacServer(
      `function FindProxyForURL(url, host) { if (url.indexOf("/ocsp") >= 0 || url.indexOf(".crl") >= 0) return "SOCKS5 127.0.0.1:${dante.port}"; return "PROXY 127.0.0.1:${squid.port}"; }`,
    );
    const escape = await pacServer(
      'function FindProxyForURL(url, host) { return typeof require + typeof process + typeof globalThis.fetch; }',
    );
    t.teardown(() =>
      Promise.all(
        [path, squid, dante, toSquid, failover, invalid, endless, stuck, escape, perUrl].map((s) => s.close()),
      ),
    );

    const withPac = (pacloc: string) => {
      const e = makeEndpoint({
        policyXml: policyXml({
          server: path.update.url,
          proxy: { pacloc, username: 'svc-amp', password: xmlEscape(PASSWORD), authtype: 'basic' },
        }),
      });
      t.teardown(e.remove);
      return ['--amp-dir', e.root, ...path.args, '--format', 'json', '--timeout-ms', '8000'];
    };

    const routed = await runCli(['probe', ...withPac(`${toSquid.url}/proxy.pac`)]);
    t.equal(routed.code, 0, 'through the PAC to Squid: exit 0');
    t.same(
      routed.json.probes.filter((p: { ok: boolean }) => !p.ok),
      [],
    );
    t.match(probe(routed, 'pac').detail, {
      returned: `PROXY 127.0.0.1:${squid.port}; DIRECT`,
      chosen: `127.0.0.1:${squid.port}`,
    });
    t.equal(routed.json.pacUrl, `${toSquid.url}/proxy.pac`);
    noSecret(t, routed, 'pac to squid');

    const detect = await runCli(['detect', ...withPac(`${toSquid.url}/proxy.pac`)]);
    t.equal(detect.code, 0, 'detect through the PAC: the reference version is fetched through Squid too');
    t.equal(probe(detect, 'reference').ok, true);
    t.equal(detect.json.tetra.latestVersion, 90606);
    noSecret(t, detect, 'detect through pac');

    const split = await runCli(['probe', ...withPac(`${perUrl.url}/proxy.pac`)]);
    t.equal(split.code, 0);
    t.same(
      [probe(split, 'revocation').detail.ocsp[0].route, probe(split, 'revocation').detail.crl[0].route],
      ['direct', 'direct'],
      "revocation takes WinHTTP's route (here direct), not the PAC file's: CryptoAPI does not use the connector's PAC",
    );
    t.match(probe(split, 'pac').detail, { chosen: `127.0.0.1:${squid.port}` }, 'the update server through Squid');

    const failedOver = await runCli(['probe', ...withPac(`${failover.url}/proxy.pac`)]);
    t.equal(failedOver.code, 0, 'the first entry is down, the SOCKS 5 one carries the probes');
    t.match(probe(failedOver, 'pac').detail, {
      chosen: `socks5://127.0.0.1:${dante.port}`,
      tried: [`127.0.0.1:${closed}`, `socks5://127.0.0.1:${dante.port}`],
    });

    const unreachable = await runCli(['probe', ...withPac(`http://127.0.0.1:${closed}/proxy.pac`)]);
    t.same([unreachable.code, codes(unreachable)], [1, ['PAC_UNREACHABLE']]);
    t.same(
      unreachable.json.probes.map((p: { name: string }) => p.name),
      ['pac'],
      'no path is guessed in its place',
    );

    const bad = await runCli(['probe', ...withPac(`${invalid.url}/proxy.pac`)]);
    t.same([bad.code, codes(bad)], [1, ['PAC_INVALID']]);

    // The invalid PAC above fails at once: the baseline for what the sandbox's own limits may add (PAC_CPU_MS of
    // CPU budget, then the thread's stop), well short of the run's 10 s deadline.
    const loops = await runCli(['probe', ...withPac(`${endless.url}/proxy.pac`)]);
    t.same([loops.code, codes(loops)], [1, ['PAC_INVALID']]);
    const loopMs = probe(loops, 'pac').durationMs;
    t.ok(
      loopMs < probe(bad, 'pac').durationMs + 2 * PAC_CPU_MS,
      `an endless FindProxyForURL is interrupted (${loopMs} ms; an invalid PAC ${probe(bad, 'pac').durationMs} ms)`,
    );

    const stuckRun = await runCli(['probe', ...withPac(`${stuck.url}/proxy.pac`)]);
    t.same([stuckRun.code, codes(stuckRun)], [1, ['PAC_INVALID']]);
    t.match(probe(stuckRun, 'pac').error, /sandbox was stopped/);
    t.ok(
      stuckRun.ms < bad.ms + 3 * PAC_CPU_MS,
      `a PAC stuck in one native operation is stopped with its thread (${stuckRun.ms} ms; an invalid PAC ${bad.ms} ms)`,
    );

    const sandboxed = await runCli(['probe', ...withPac(`${escape.url}/proxy.pac`)]);
    t.same(codes(sandboxed), ['PAC_INVALID']);
    t.match(
      probe(sandboxed, 'pac').detail.returned,
      'undefinedundefinedundefined',
      'the PAC script sees no require, process or fetch',
    );
    for (const run of [failedOver, unreachable, bad, loops, sandboxed]) noSecret(t, run, 'pac');
  },
);

t.test('IPv6 literals: --proxy http://[::1]:port and socks5://[::1]:port, an update server at [::1]', async (t) => {
  const path = await startPath();
  const proxy6 = await startProxy({ host: '::1' }).catch(() => null);
  if (!proxy6) {
    t.pass('no IPv6 loopback here: skipped');
    return;
  }
  t.teardown(() => Promise.all([path.close(), proxy6.close()]));
  const run = await probeThrough(path.args, `http://[::1]:${proxy6.port}`);
  t.equal(run.code, 0, 'through the proxy at [::1]');
  t.equal(probe(run, 'proxy-tcp').target, `[::1]:${proxy6.port}`);

  // The update server itself on ::1, through the proxy: CONNECT's authority is [::1]:port.
  const { startHttps, ok200 } = await import('../helpers/servers');
  const { createCa } = await import('../helpers/pki');
  const ca = await createCa();
  const leaf = await ca.issue({ hostnames: ['::1'] });
  const server6 = await startHttps(leaf, ok200, '::1');
  const { writeFileSync } = await import('node:fs');
  const caFile = `${require('node:os').tmpdir()}/tetra-ca6-${process.pid}.pem`;
  writeFileSync(caFile, ca.certPem);
  t.teardown(() => server6.close());
  const through = await runCli([
    'probe',
    '--update-server',
    server6.url,
    '--ca-file',
    caFile,
    '--proxy',
    `http://[::1]:${proxy6.port}`,
    '--format',
    'json',
    '--timeout-ms',
    '8000',
  ]);
  t.equal(through.code, 0, 'to [::1] through [::1]');
  t.ok(proxy6.hits.includes(`CONNECT [::1]:${server6.port}`), 'the CONNECT authority is bracketed');
  const direct = await runCli([
    'probe',
    '--update-server',
    server6.url,
    '--ca-file',
    caFile,
    '--format',
    'json',
    '--timeout-ms',
    '8000',
  ]);
  t.equal(direct.code, 0, 'direct to [::1]');
  t.equal(probe(direct, 'tcp').target, `[::1]:${server6.port}`);

  if (!missing) {
    const dante6 = await startDante({ ipv6: true });
    t.teardown(() => dante6.close());
    const socks = await probeThrough(path.args, `socks5://[::1]:${dante6.port}`);
    t.equal(socks.code, 0, 'through Dante at [::1]');
  }
});
