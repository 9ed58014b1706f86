// The Windows single executable, run for real under Wine: detect over fixture install folders whose AmpCLI.exe and
// sfc.exe are Windows programs, and probes against servers on 127.0.0.1. All Wine tests live in this one file, so
// that one persistent wineserver serves them all and is stopped at the end.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { promptLimit } from '../helpers/cli';
import { HOUR, localXml, NOW_S, policyXml, postureJson } from '../helpers/endpoint';
import { ensureExecutables } from '../helpers/exe';
import { createCa } from '../helpers/pki';
import { startPath } from '../helpers/pathServers';
import { closedPort, ok200, startHttp, startHttps, startProxy } from '../helpers/servers';
import { startWine, wineSkipReason, winPath, type Wine } from '../helpers/wine';
import { winHttpProxyHex } from '../helpers/winHttpSettings';

// Building the executables (on the first run, or after the bundle changed) takes a minute or two, more on a busy
// machine, and Wine is slow to start: this file gets more than tap's default time.
t.setTimeout(600_000);

const codes = (run: { json: { findings: Array<{ code: string }> } }) => run.json.findings.map((f) => f.code);

t.test('Windows executable under Wine', async (t) => {
  const noWine = wineSkipReason();
  if (noWine) {
    t.plan(0, `skipping the Windows executable tests: ${noWine}`);
    return;
  }
  const notBuilt = await ensureExecutables();
  if (notBuilt) {
    t.plan(0, `skipping the Windows executable tests: ${notBuilt}`);
    return;
  }
  const wine: Wine = await startWine();
  t.teardown(wine.close);

  const detect = async (t: Test, args: string[]) => {
    const run = await wine.run(['detect', '--offline', '--format', 'json', ...args]);
    t.equal(run.stderr, '', 'stderr stays empty');
    t.ok(run.json, 'stdout is one JSON object', { stdout: run.stdout });
    t.equal(run.stdout.trim().split('\n').length, 1, 'on one line');
    return run;
  };

  t.test('--version prints the package version', async (t) => {
    const run = await wine.run(['--version'], { now: null });
    t.equal(run.code, 0);
    t.equal(run.stdout.trim(), require('../../package.json').version);
    t.equal(run.stderr, '');
  });

  t.test('detect, healthy endpoint: exit 0, posture read from the Windows AmpCLI.exe', async (t) => {
    const e = wine.endpoint();
    t.teardown(e.remove);
    const run = await detect(t, ['--amp-dir', e.winRoot]);
    t.equal(run.code, 0);
    t.equal(run.json.status, 'healthy');
    t.equal(run.json.connector.installDir, e.winRoot, 'a Windows path');
    t.equal(run.json.connector.version, '8.1.7');
    t.equal(run.json.sources.posture.state, 'ok', 'AmpCLI.exe posture was run and parsed');
    t.equal(run.json.tetra.version, 90604);
    t.same(codes(run), []);
    t.same(e.sfcCalls(), [], 'detect never runs sfc.exe');
    // No WinHttpSettings in the prefix's registry, and Wine's netsh.exe is a stub for `winhttp show proxy` (it
    // prints nothing): a failed source that names both, not "direct".
    t.same(
      run.json.sources.winHttpProxy,
      {
        state: 'failed',
        error:
          'the registry value WinHttpSettings is absent; netsh winhttp show proxy printed nothing readable (exit code 0)',
      },
      "Wine's reg and netsh were run from System32",
    );
    t.equal(run.json.winHttpProxy, null);
  });

  t.test('detect, stale definitions: exit 1 with DEFINITIONS_STALE', async (t) => {
    const old = NOW_S - 30 * HOUR;
    const e = wine.endpoint({
      posture: postureJson({ lastSuccess: old, version: 90650 }),
      localXml: localXml({ lastSuccess: old }),
    });
    t.teardown(e.remove);
    const run = await detect(t, ['--amp-dir', e.winRoot]);
    t.equal(run.code, 1);
    t.equal(run.json.status, 'unhealthy');
    t.equal(run.json.tetra.version, 90650, 'the version AmpCLI.exe printed');
    t.same(codes(run), ['DEFINITIONS_STALE', 'CAUSE_UNDETERMINED']);
  });

  t.test('detect, connector not installed: exit 3', async (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-empty-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    // An install folder with no connector in it (a named folder that does not exist is a usage error).
    mkdirSync(path.join(dir, 'Cisco', 'AMP'), { recursive: true });
    const run = await detect(t, ['--amp-dir', winPath(path.join(dir, 'Cisco', 'AMP'))]);
    t.equal(run.code, 3);
    t.equal(run.json.status, 'not_applicable');
    t.same(codes(run), ['CONNECTOR_NOT_FOUND']);
  });

  t.test('detect, AmpCLI.exe fails: local.xml is read instead; a plain /tmp path works too', async (t) => {
    const e = wine.endpoint({ posture: null, localXml: localXml({ version: 90555 }) });
    t.teardown(e.remove);
    const run = await detect(t, ['--amp-dir', e.root]);
    t.equal(run.code, 0);
    t.equal(run.json.tetra.version, 90555);
    t.same(codes(run), ['POSTURE_UNAVAILABLE']);
    t.match(run.json.sources.posture.error, /exited with 1/);
    t.equal(run.json.connector.installDir, e.winRoot, 'Windows Node resolves /tmp/... onto the Z: drive');
  });

  t.test('detect, a hung AmpCLI.exe is killed after --posture-timeout-ms', async (t) => {
    const e = wine.endpoint({ ampCliHangs: true });
    t.teardown(e.remove);
    const run = await detect(t, ['--amp-dir', e.winRoot, '--posture-timeout-ms', '1500']);
    t.equal(run.code, 0);
    const limit = await promptLimit(30_000, 120_000);
    t.ok(run.ms < limit, `returned in ${run.ms} ms (limit ${limit} ms), not after the fake's 120 s`);
    t.same(codes(run), ['POSTURE_UNAVAILABLE']);
    t.match(run.json.findings[0].message, /did not finish within 1500 ms/);
  });

  t.test('detect, posture in UTF-16LE with a BOM is read', async (t) => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(postureJson({ version: 90700 }), 'utf16le')]);
    const e = wine.endpoint({ posture: utf16 as unknown as string });
    t.teardown(e.remove);
    const run = await detect(t, ['--amp-dir', e.winRoot]);
    t.equal(run.json.tetra.version, 90700);
    t.same(codes(run), []);
  });

  t.test('the fake sfc.exe records how it was called, for the remediation tests', async (t) => {
    const e = wine.endpoint();
    t.teardown(e.remove);
    const sfc = path.join(e.versionDir, 'sfc.exe');
    const run = await wine.runProgram(sfc, ['-probe', '42'], {});
    t.equal(run.code, 0);
    t.same(e.sfcCalls(), [`${winPath(sfc)} -probe 42`]);
  });

  t.test('remediate runs the Windows sfc.exe -forceupdate once, then honours the cooldown', async (t) => {
    const old = NOW_S - 30 * HOUR;
    const e = wine.endpoint({ posture: postureJson({ lastSuccess: old }), localXml: localXml({ lastSuccess: old }) });
    const state = mkdtempSync(path.join(os.tmpdir(), 'tetra-wine-state-'));
    t.teardown(() => {
      e.remove();
      rmSync(state, { recursive: true, force: true });
    });
    const args = [
      'remediate',
      '--amp-dir',
      e.winRoot,
      '--state-dir',
      winPath(state),
      '--offline',
      '--wait-seconds',
      '2',
      '--poll-seconds',
      '1',
      '--format',
      'json',
    ];
    const first = await wine.run(args);
    t.equal(first.stderr, '');
    t.equal(first.code, 1, 'still stale: the fake connector does not update', { stdout: first.stdout });
    t.match(first.json.remediation, { attempted: true, outcome: 'no_change', sfcExitCode: 0 });
    t.equal(e.sfcCalls().length, 1);
    t.match(e.sfcCalls()[0], /sfc\.exe -forceupdate$/);
    const second = await wine.run(args);
    t.match(second.json.remediation, { attempted: false, outcome: 'cooldown' });
    t.equal(e.sfcCalls().length, 1, 'no second forced update inside the cooldown');
  });

  t.test('probe against an HTTPS server on 127.0.0.1 with a private CA: exit 0, every probe ok', async (t) => {
    const ca = await createCa();
    const leaf = await ca.issue({ hostnames: ['127.0.0.1'] });
    const server = await startHttps(leaf, ok200);
    t.teardown(server.close);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-ca-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'ca.pem'), ca.certPem);
    const run = await wine.run(
      ['probe', '--update-server', server.url, '--ca-file', winPath(path.join(dir, 'ca.pem')), '--format', 'json'],
      { now: null },
    );
    t.equal(run.code, 0, 'exit 0', { stdout: run.stdout });
    t.equal(run.stderr, '');
    t.equal(run.json.status, 'healthy');
    const names = run.json.probes.map((p: { name: string }) => p.name);
    t.ok(names.includes('tls') && names.includes('http'), `TLS and HTTP probed: ${names.join(',')}`);
    t.ok(
      run.json.probes.every((p: { ok: boolean }) => p.ok),
      'every probe ok',
    );
    t.same(server.hits, ['GET /'], 'the request reached the server once');
  });

  t.test(
    'probe through a PAC file: the sandbox worker runs in the Windows executable; a stuck script is stopped',
    async (t) => {
      const ca = await createCa();
      const server = await startHttps(await ca.issue({ hostnames: ['127.0.0.1'] }), ok200);
      const proxy = await startProxy();
      const pacOk = await startHttp((_req, res) =>
        res.end(`function FindProxyForURL(url, host) { return "PROXY 127.0.0.1:${proxy.port}"; }`),
      );
      const pacStuck = await startHttp((_req, res) =>
        res.end('function FindProxyForURL(url, host) { return new Array(4294967295).join("xy"); }'),
      );
      t.teardown(() => Promise.all([server.close(), proxy.close(), pacOk.close(), pacStuck.close()]));
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-ca-'));
      t.teardown(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(path.join(dir, 'ca.pem'), ca.certPem);
      for (const [label, pac] of [
        ['ok', pacOk],
        ['stuck', pacStuck],
      ] as const) {
        const e = wine.endpoint({
          policyXml: policyXml({ server: server.url, proxy: { pacloc: `${pac.url}/proxy.pac` } }),
        });
        t.teardown(e.remove);
        const run = await wine.run(
          [
            'probe',
            '--amp-dir',
            e.winRoot,
            '--ca-file',
            winPath(path.join(dir, 'ca.pem')),
            '--timeout-ms',
            '10000',
            '--format',
            'json',
          ],
          { now: null },
        );
        t.equal(run.stderr, '', `${label}: stderr stays empty`);
        const pacProbe = run.json.probes.find((p: { name: string }) => p.name === 'pac');
        if (label === 'ok') {
          t.equal(run.code, 0, 'through the PAC file, exit 0', { stdout: run.stdout });
          t.equal(pacProbe.detail.chosen, `127.0.0.1:${proxy.port}`);
        } else {
          t.same([run.code, codes(run)], [1, ['PAC_INVALID']]);
          t.match(pacProbe.error, /sandbox was stopped/);
        }
      }
    },
  );

  t.test('probe, the private CA not given: a root no public bundle has is TLS_INSPECTED, exit 1', async (t) => {
    const ca = await createCa();
    const server = await startHttps(await ca.issue({ hostnames: ['127.0.0.1'] }), ok200);
    t.teardown(server.close);
    const run = await wine.run(['probe', '--update-server', server.url, '--timeout-ms', '8000', '--format', 'json'], {
      now: null,
    });
    t.equal(run.code, 1, 'exit 1', { stdout: run.stdout });
    t.same(codes(run), ['TLS_INSPECTED']);
    const tls = run.json.probes.find((p: { name: string }) => p.name === 'tls');
    t.ok(
      Array.isArray(tls.detail.requiredRootsMissing),
      "on Windows the store is read, and Cisco's required roots looked up in it",
    );
  });

  t.test("without --amp-dir, the install is found through the registry key written with Wine's reg.exe", async (t) => {
    const e = wine.endpoint();
    const key = 'HKLM\\SOFTWARE\\Immunet Protect';
    t.teardown(async () => {
      await wine.runProgram('reg', ['delete', key, '/f']);
      e.remove();
    });
    const add = await wine.runProgram('reg', ['add', key, '/v', 'InstallDir', '/t', 'REG_SZ', '/d', e.winRoot, '/f']);
    t.equal(add.code, 0, add.stdout + add.stderr);
    const run = await detect(t, []);
    t.equal(run.code, 0, run.stdout);
    t.equal(run.json.connector.installDir, e.winRoot, 'InstallDir from HKLM\\SOFTWARE\\Immunet Protect');
    t.equal(run.json.connector.liveVersion, '8.1.7.21417');
    t.equal(run.json.sources.posture.state, 'ok');
  });

  t.test(
    "automatic root update read through Wine's reg.exe; Wine's netsh winhttp set proxy is a stub, so detect sees no WinHTTP proxy",
    async (t) => {
      const key = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\AuthRoot';
      const windowsUpdate = await startHttp((_req, res) => res.writeHead(200).end(Buffer.alloc(16)));
      const ca = await createCa();
      const server = await startHttps(await ca.issue({ hostnames: ['127.0.0.1'] }), ok200);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-ca-'));
      writeFileSync(path.join(dir, 'ca.pem'), ca.certPem);
      t.teardown(async () => {
        await wine.runProgram('reg', ['delete', key, '/f']);
        await wine.runProgram('netsh', ['winhttp', 'reset', 'proxy']);
        rmSync(dir, { recursive: true, force: true });
        await Promise.all([windowsUpdate.close(), server.close()]);
      });
      const set = await wine.runProgram('netsh', ['winhttp', 'set', 'proxy', '127.0.0.1:3128']);
      t.equal(set.code, 0, "Wine's netsh accepts the command");
      const probeTls = async () => {
        const run = await wine.run(
          [
            'probe',
            '--update-server',
            server.url,
            '--ca-file',
            winPath(path.join(dir, 'ca.pem')),
            '--test-root-update-url',
            `${windowsUpdate.url}/trustedr/en/`,
            '--timeout-ms',
            '10000',
            '--format',
            'json',
          ],
          { now: null },
        );
        t.equal(run.stderr, '');
        return run;
      };
      for (const [value, state] of [
        ['1', 'off'],
        ['0', 'on'],
      ] as const) {
        const add = await wine.runProgram('reg', [
          'add',
          key,
          '/v',
          'DisableRootAutoUpdate',
          '/t',
          'REG_DWORD',
          '/d',
          value,
          '/f',
        ]);
        t.equal(add.code, 0, add.stdout + add.stderr);
        const run = await probeTls();
        const tls = run.json.probes.find((p: { name: string }) => p.name === 'tls');
        t.equal(
          tls.detail.rootUpdate.autoUpdate,
          state,
          `DisableRootAutoUpdate ${value}: automatic root update ${state}`,
        );
        if (state === 'on') t.equal(tls.detail.rootUpdate.ok, true, 'Windows Update fetched over the WinHTTP route');
        t.match(
          run.json.sources.winHttpProxy,
          { state: 'failed', error: /printed nothing readable/ },
          "netsh winhttp set proxy wrote nothing Wine's netsh show proxy prints (docs/proxies.md)",
        );
      }
    },
  );

  t.test(
    "the WinHTTP proxy read from WinHttpSettings written with Wine's reg.exe (Wine's netsh set proxy is a stub): revocation goes over it",
    async (t) => {
      const key = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';
      const servers = await startPath();
      const proxy = await startProxy();
      t.teardown(async () => {
        await wine.runProgram('reg', ['delete', key, '/v', 'WinHttpSettings', '/f']);
        await wine.runProgram('netsh', ['winhttp', 'reset', 'proxy']);
        rmSync(servers.caFile, { force: true });
        await Promise.all([servers.close(), proxy.close()]);
      });
      const proxyList = `127.0.0.1:${proxy.port}`;
      const set = await wine.runProgram('netsh', ['winhttp', 'set', 'proxy', proxyList]);
      t.equal(set.code, 0, "Wine's netsh accepts the command");
      const written = await wine.runProgram('reg', ['query', key, '/v', 'WinHttpSettings']);
      t.not(
        written.code,
        0,
        "Wine 8's netsh winhttp set proxy is a stub: it writes no WinHttpSettings (docs/windows.md)",
      );

      const add = await wine.runProgram('reg', [
        'add',
        key,
        '/v',
        'WinHttpSettings',
        '/t',
        'REG_BINARY',
        '/d',
        winHttpProxyHex(proxyList, '<local>'),
        '/f',
      ]);
      t.equal(add.code, 0, add.stdout + add.stderr);
      const args = servers.args.map((a) => (a === servers.caFile ? winPath(a) : a));
      const run = await wine.run(['probe', ...args, '--timeout-ms', '10000', '--format', 'json'], { now: null });
      t.equal(run.stderr, '');
      t.same(run.json.sources.winHttpProxy, { state: 'ok', from: 'registry' }, 'the registry answered, not netsh');
      t.same(run.json.winHttpProxy, {
        direct: false,
        proxyServers: proxyList,
        bypassList: '<local>',
        forUpdateServer: { host: '127.0.0.1', port: proxy.port },
        from: 'registry',
      });
      const revocation = run.json.probes.find((p: { name: string }) => p.name === 'revocation');
      t.match(revocation.detail, { route: proxyList, ocsp: [{ ok: true, answer: 'good', route: proxyList }] });
      t.ok(
        proxy.hits.some(
          (hit) => hit.startsWith(`GET ${servers.ocsp!.url}/ocsp`) || hit.startsWith(`POST ${servers.ocsp!.url}/ocsp`),
        ),
        'the OCSP request went through the proxy the registry names',
        { hits: proxy.hits },
      );
    },
  );

  t.test(
    "a CiscoAMP service created with Wine's sc.exe: its state is read (Wine's sc has query, not queryex or qc)",
    async (t) => {
      const e = wine.endpoint();
      t.teardown(async () => {
        await wine.runProgram('sc', ['delete', 'CiscoAMP']);
        e.remove();
      });
      const create = await wine.runProgram('sc', [
        'create',
        'CiscoAMP',
        'binPath=',
        `${e.winRoot}\\8.1.7.21417\\sfc.exe`,
      ]);
      t.equal(create.code, 0, create.stdout + create.stderr);
      const run = await detect(t, ['--amp-dir', e.winRoot]);
      t.match(run.json.sources.service, { state: 'ok' });
      t.equal(run.json.connector.running, false, 'the service Wine created is stopped');
      t.same(codes(run), ['CONNECTOR_NOT_RUNNING']);
      t.equal(
        run.json.connector.liveVia,
        'highest',
        'no sc qc under Wine: the highest folder holding sfc.exe (docs/windows.md)',
      );
    },
  );

  t.test('--policy-file and --region with Windows paths: the path and its sources are recorded', async (t) => {
    const e = wine.endpoint();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-policy-'));
    t.teardown(() => {
      e.remove();
      rmSync(dir, { recursive: true, force: true });
    });
    writeFileSync(path.join(dir, 'policy.xml'), policyXml({ server: 'tetra-defs.eu.amp.cisco.com' }));
    const fromFile = await detect(t, [
      '--amp-dir',
      e.winRoot,
      '--policy-file',
      winPath(path.join(dir, 'policy.xml')),
      '--region',
      'apjc',
    ]);
    t.same(fromFile.json.path.updateServer, { url: 'https://tetra-defs.eu.amp.cisco.com/', source: 'policy-file' });
    t.equal(fromFile.json.path.policy, 'file');
    const byRegion = await detect(t, ['--amp-dir', e.winRoot, '--region', 'apjc']);
    t.same(byRegion.json.path.updateServer, { url: 'https://tetra-defs.apjc.amp.cisco.com/', source: 'region' });
  });

  t.test('probe against a refused port: exit 1 with SERVER_UNREACHABLE', async (t) => {
    const port = await closedPort();
    const run = await wine.run(
      ['probe', '--update-server', `https://127.0.0.1:${port}/`, '--timeout-ms', '8000', '--format', 'json'],
      { now: null },
    );
    t.equal(run.code, 1, 'exit 1', { stdout: run.stdout });
    t.same(codes(run), ['SERVER_UNREACHABLE']);
    t.match(run.json.findings[0].message, /ECONNREFUSED/);
  });
});
