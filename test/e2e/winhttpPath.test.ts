// The WinHTTP path, probed in-process against real loopback servers (netsh itself only answers on Windows; Wine's
// is a stub): its probes carry route: 'winhttp' (and the winhttp- name prefix) beside the direct path's, and its
// failure is a notice that never becomes the connector's cause.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { diagnose } from '../../src/diagnose/diagnose';
import { checkNetwork } from '../../src/probes/network';
import { winHttpProxyAt, type ProbeProxy } from '../../src/probes/context';
import type { Snapshot } from '../../src/contract/types';
import { emptySnapshot } from '../../src/evidence/emptySnapshot';
import { startPath } from '../helpers/pathServers';
import { closedPort, startProxy } from '../helpers/servers';

const winHttp = (port: number): ProbeProxy => winHttpProxyAt('127.0.0.1', port);

t.test('the WinHTTP proxy is probed as a second, labelled path', async (t) => {
  const path = await startPath();
  const proxy = await startProxy();
  const closed = await closedPort();
  t.teardown(() => Promise.all([path.close(), proxy.close()]));
  const server = { host: '127.0.0.1', port: path.update.port, url: path.update.url };
  const run = (port: number) =>
    checkNetwork({
      server,
      proxy: null,
      caPem: readFileSync(path.caFile, 'utf8'),
      endsAt: Date.now() + 8000,
      referenceUrl: null,
      routes: { pac: null, winHttpProxy: winHttp(port) },
    });

  const good = await run(proxy.port);
  const names = good.probes.map((p) => p.name);
  t.ok(names.includes('tcp') && names.includes('http'), 'the direct path is probed');
  t.ok(
    ['winhttp-proxy-tcp', 'winhttp-proxy', 'winhttp-tls', 'winhttp-http'].every((n) => names.includes(n)),
    `the WinHTTP path is probed, labelled: ${names.join(', ')}`,
  );
  t.ok(
    good.probes.every((p) => (p.route === 'winhttp') === p.name.startsWith('winhttp-')),
    'route: winhttp on the WinHTTP path, on no other probe',
  );
  t.ok(
    good.probes.every((p) => p.ok),
    'both paths pass',
  );
  t.ok(
    proxy.hits.some((h) => h.startsWith('CONNECT 127.0.0.1:')),
    'through the WinHTTP proxy',
  );

  const bad = await run(closed);
  const snapshot: Snapshot = {
    ...emptySnapshot(new Date(), 'x'),
    probes: bad.probes,
    probesSkipped: null,
    winHttpProxy: {
      state: 'ok',
      value: {
        direct: false,
        proxyServers: `127.0.0.1:${closed}`,
        bypassList: null,
        forUpdateServer: { host: '127.0.0.1', port: closed },
      },
    },
  };
  const d = diagnose(snapshot, { maxAgeHours: 24, maxBehind: 5, scope: 'network' });
  t.same(
    [d.status, d.findings.map((f) => f.code)],
    ['healthy', ['WINHTTP_PATH_FAILED']],
    'the direct path passes; the WinHTTP failure is a notice, not PROXY_UNREACHABLE',
  );
  t.match(d.findings[0].message, new RegExp(`127\\.0\\.0\\.1:${closed}`));
});
