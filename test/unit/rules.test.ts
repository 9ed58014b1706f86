// The rules as pure functions of literal snapshots: every finding code and every status they can produce.
import t from 'tap';
import { diagnose } from '../../src/diagnose/diagnose';
import type { ProbeResult, Snapshot } from '../../src/contract/types';

const NOW = '2026-11-27T12:00:00.000Z';
const now = Date.parse(NOW) / 1000;

function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    host: 'PC-0412',
    checkedAt: NOW,
    platform: 'win32',
    install: {
      found: true,
      root: 'C:\\Program Files\\Cisco\\AMP',
      via: 'registry',
      liveVersion: '8.1.7.21417',
      versionDir: 'C:\\Program Files\\Cisco\\AMP\\8.1.7.21417',
      reason: null,
      untrusted: null,
    },
    posture: {
      state: 'ok',
      value: {
        agentUuid: 'u',
        connected: true,
        running: true,
        connectorVersion: '8.1.7',
        engines: [
          {
            name: 'Tetra',
            enabled: true,
            definitions: [{ name: 'Tetra', version: 90604, timestamp: now - 7200, lastSuccessfulUpdate: now - 3600 }],
          },
        ],
      },
    },
    localXml: {
      state: 'ok',
      value: {
        agentUuid: 'u',
        tetraVersion: 90604,
        lastUpdate: now - 3600,
        lastSuccess: now - 3600,
        lastChecked: now - 600,
        lastError: 0,
      },
    },
    policy: { state: 'skipped', reason: 'policy.xml is absent' },
    service: { state: 'ok', value: { name: 'CiscoAMP', running: true, state: 'RUNNING' } },
    reference: { state: 'ok', value: { url: 'http://x/versions.id', latestVersion: 90606 } },
    proxy: null,
    pacUrl: null,
    proxyUninterpreted: [],
    winHttpProxy: { state: 'skipped', reason: 'not Windows' },
    updateServer: 'https://tetra-defs.amp.cisco.com/',
    probes: [],
    probesSkipped: null,
    ...over,
  };
}

const judge = (s: Snapshot, scope: 'endpoint' | 'network' = 'endpoint') =>
  diagnose(s, { maxAgeHours: 24, maxBehind: 5, scope });
const codesOf = (s: Snapshot, scope?: 'endpoint' | 'network') => judge(s, scope).findings.map((f) => f.code);
const staleLocal = (lastError: number): Snapshot['localXml'] => ({
  state: 'ok',
  value: {
    agentUuid: null,
    tetraVersion: 90604,
    lastUpdate: null,
    lastSuccess: now - 50 * 3600,
    lastChecked: null,
    lastError,
  },
});
const stale = (over: Partial<Snapshot> = {}) =>
  snapshot({ posture: { state: 'failed', error: 'x' }, localXml: staleLocal(0), ...over });
const failedProbe = (name: string, failure: ProbeResult['failure']): ProbeResult => ({
  name,
  target: 't',
  ok: false,
  durationMs: 1,
  error: 'e',
  failure,
});

t.test('healthy: no findings, exit 0', async (t) => {
  const d = judge(snapshot());
  t.equal(d.status, 'healthy');
  t.equal(d.exitCode, 0);
  t.same(d.findings, []);
});

t.test('applicability wins: not installed, TETRA disabled', async (t) => {
  const absent = judge(
    snapshot({
      install: {
        found: false,
        root: 'C:\\x',
        via: 'default',
        liveVersion: null,
        versionDir: null,
        reason: 'gone',
        untrusted: null,
      },
      posture: { state: 'skipped', reason: 'n' },
      localXml: { state: 'skipped', reason: 'n' },
    }),
  );
  t.same(
    [absent.status, absent.exitCode, absent.findings.map((f) => f.code)],
    ['not_applicable', 3, ['CONNECTOR_NOT_FOUND']],
  );
  const disabled = judge(
    snapshot({
      policy: {
        state: 'ok',
        value: {
          tetraEnabled: false,
          updaterEnabled: null,
          updateServer: null,
          updateIntervalSeconds: null,
          proxy: null,
          pac: null,
          proxyUninterpreted: [],
        },
      },
    }),
  );
  t.same(
    [disabled.status, disabled.exitCode, disabled.findings.map((f) => f.code)],
    ['not_applicable', 3, ['TETRA_DISABLED']],
  );
});

t.test('stale, behind, stopped are unhealthy; each cause is named', async (t) => {
  t.same(codesOf(stale()), ['DEFINITIONS_STALE', 'CAUSE_UNDETERMINED', 'POSTURE_UNAVAILABLE']);
  t.same(codesOf(snapshot({ reference: { state: 'ok', value: { url: 'u', latestVersion: 90700 } } })), [
    'DEFINITIONS_BEHIND',
    'CAUSE_UNDETERMINED',
  ]);
  t.same(
    codesOf(snapshot({ service: { state: 'ok', value: { name: 'CiscoAMP', running: false, state: 'STOPPED' } } })),
    ['CONNECTOR_NOT_RUNNING'],
  );
  t.same(codesOf(stale({ localXml: staleLocal(-2103) })), [
    'DEFINITIONS_STALE',
    'LASTERROR_PROXY_CONNECT',
    'POSTURE_UNAVAILABLE',
  ]);
  t.same(codesOf(stale({ localXml: staleLocal(-2100) })), [
    'DEFINITIONS_STALE',
    'LASTERROR_PROXY_AUTH',
    'POSTURE_UNAVAILABLE',
  ]);
  t.same(codesOf(stale({ localXml: staleLocal(-2109) })), [
    'DEFINITIONS_STALE',
    'LASTERROR_PROXY_DOWNLOAD',
    'POSTURE_UNAVAILABLE',
  ]);
  t.same(codesOf(stale({ localXml: staleLocal(-1) })), ['DEFINITIONS_STALE', 'LASTERROR_OTHER', 'POSTURE_UNAVAILABLE']);
});

t.test('the newer of posture and local.xml counts as the last success', async (t) => {
  const d = judge(stale({ posture: snapshot().posture }));
  t.equal(d.status, 'healthy');
});

t.test('probe failures map to one finding per cause, and are errors only when unhealthy', async (t) => {
  const cases: Array<[ProbeResult['failure'], string]> = [
    ['dns', 'DNS_RESOLUTION_FAILED'],
    ['refused', 'SERVER_UNREACHABLE'],
    ['timeout', 'SERVER_UNREACHABLE'],
    ['tls_timeout', 'SERVER_UNREACHABLE'],
    ['tls_verify', 'TLS_VERIFY_FAILED'],
    ['tls_other', 'TLS_HANDSHAKE_FAILED'],
    ['revocation_unreachable', 'REVOCATION_UNREACHABLE'],
    ['certificate_revoked', 'CERTIFICATE_REVOKED'],
    ['http_status', 'HTTP_ERROR'],
    ['interrupted', 'DOWNLOAD_INTERRUPTED'],
    ['proxy_unreachable', 'PROXY_UNREACHABLE'],
    ['proxy_auth', 'PROXY_AUTH_REJECTED'],
    ['proxy_tunnel', 'PROXY_DOWNLOAD_FAILED'],
    ['proxy_auth_scheme', 'PROXY_AUTH_CHALLENGE'],
    ['pac_unreachable', 'PAC_UNREACHABLE'],
    ['pac_invalid', 'PAC_INVALID'],
  ];
  for (const [failure, code] of cases) {
    const probes = [failedProbe('tcp', failure), failedProbe('http', failure)];
    const unhealthy = judge(stale({ probes }));
    t.same(
      unhealthy.findings.map((f) => f.code),
      ['DEFINITIONS_STALE', code, 'POSTURE_UNAVAILABLE'],
      `${failure} -> ${code}`,
    );
    t.equal(unhealthy.findings[1].severity, 'error');
    const healthy = judge(snapshot({ probes }));
    t.same([healthy.status, healthy.findings[0].code, healthy.findings[0].severity], ['healthy', code, 'warning']);
  }
});

t.test('a failing reference fetch is REFERENCE_UNAVAILABLE, not a server finding', async (t) => {
  const d = judge(
    snapshot({ reference: { state: 'failed', error: 'HTTP 500' }, probes: [failedProbe('reference', 'http_status')] }),
  );
  t.same(
    d.findings.map((f) => f.code),
    ['REFERENCE_UNAVAILABLE'],
  );
  t.equal(d.exitCode, 0);
});

t.test('nothing readable is undetermined (exit 4), never healthy', async (t) => {
  const d = judge(
    snapshot({
      posture: { state: 'failed', error: 'hung' },
      localXml: { state: 'failed', error: 'truncated' },
      reference: { state: 'skipped', reason: 'offline' },
    }),
  );
  t.same([d.status, d.exitCode], ['undetermined', 4]);
  t.same(
    d.findings.map((f) => f.code),
    ['DEFINITIONS_UNKNOWN', 'POSTURE_UNAVAILABLE', 'LOCAL_XML_UNREADABLE'],
  );
});

t.test('version known but no times: judged by the reference alone', async (t) => {
  const noTimes = {
    state: 'ok' as const,
    value: {
      agentUuid: null,
      tetraVersion: 90604,
      lastUpdate: null,
      lastSuccess: null,
      lastChecked: null,
      lastError: null,
    },
  };
  t.equal(judge(snapshot({ posture: { state: 'failed', error: 'x' }, localXml: noTimes })).status, 'healthy');
});

t.test('probe scope: healthy when every probe passes, unhealthy on any cause', async (t) => {
  t.equal(judge(snapshot({ probes: [] }), 'network').exitCode, 0);
  const d = judge(snapshot({ probes: [failedProbe('tls', 'tls_verify')] }), 'network');
  t.same([d.status, d.exitCode, d.findings.map((f) => f.code)], ['unhealthy', 1, ['TLS_VERIFY_FAILED']]);
});

t.test(
  "the WinHTTP path is a notice, never the connector's cause; an uninterpretable proxy setting is said",
  async (t) => {
    const winHttpProxy: Snapshot['winHttpProxy'] = {
      state: 'ok',
      value: { direct: false, proxyServers: 'wp:8080', bypassList: null, forUpdateServer: { host: 'wp', port: 8080 } },
    };
    // The typed route tells the path, not the name: under the connector's probe name it is still a notice.
    const failedOnWinHttp = (name: string) =>
      judge(
        stale({
          winHttpProxy,
          probes: [{ ...failedProbe(name, 'proxy_unreachable'), target: 'wp:8080', route: 'winhttp' }],
        }),
      );
    const d = failedOnWinHttp('winhttp-proxy-tcp');
    t.same(
      d.findings.map((f) => f.code),
      ['DEFINITIONS_STALE', 'CAUSE_UNDETERMINED', 'POSTURE_UNAVAILABLE', 'WINHTTP_PATH_FAILED'],
    );
    t.match(d.findings.find((f) => f.code === 'WINHTTP_PATH_FAILED')!.message, /wp:8080/);
    t.same(
      failedOnWinHttp('proxy-tcp').findings.map((f) => f.code),
      d.findings.map((f) => f.code),
    );
    const unread = judge(snapshot({ proxyUninterpreted: [{ field: 'type', value: '1' }], probes: [] }), 'network');
    t.same(
      [unread.status, unread.exitCode, unread.findings.map((f) => f.code)],
      ['undetermined', 4, ['PROXY_SETTING_UNINTERPRETED']],
    );
    t.match(unread.findings[0].message, /type "1"/);
  },
);

t.test('an install folder non-admins can write is refused: undetermined, exit 4, nothing else said', async (t) => {
  const d = judge(
    snapshot({
      install: { ...snapshot().install, untrusted: 'C:\\AMP is writable by BUILTIN\\Users' },
      posture: { state: 'skipped', reason: 'x' },
      localXml: { state: 'skipped', reason: 'x' },
    }),
  );
  t.same(
    [d.status, d.exitCode, d.findings.map((f) => f.code), d.findings[0].severity],
    ['undetermined', 4, ['AMP_DIR_UNTRUSTED'], 'error'],
  );
});

const guessedPath = (over: Partial<NonNullable<Snapshot['path']>> = {}): NonNullable<Snapshot['path']> => ({
  updateServer: { url: 'https://tetra-defs.amp.cisco.com/', source: 'default' },
  proxySource: 'none',
  policy: 'none',
  localPolicy: 'policy.xml is absent',
  guessed: { updateServer: true, proxy: true },
  fromSettings: [],
  ...over,
});

t.test(
  'a cause on a guessed path is labelled in the message and the JSON, and the guess is explained once',
  async (t) => {
    const d = judge(stale({ path: guessedPath(), probes: [failedProbe('dns', 'dns')] }));
    t.same(
      d.findings.map((f) => f.code),
      ['DEFINITIONS_STALE', 'DNS_RESOLUTION_FAILED', 'POSTURE_UNAVAILABLE', 'POLICY_UNAVAILABLE'],
    );
    t.equal(d.findings[1].guessedPath, true);
    t.match(d.findings[1].message, /guessed/);
    t.equal(d.findings[0].guessedPath, undefined, 'only network causes are labelled');
    t.match(
      d.findings[3].message,
      /probed https:\/\/tetra-defs\.amp\.cisco\.com\/ \(the North American default\) directly/,
    );
    const known = judge(
      stale({
        path: guessedPath({ policy: 'local', localPolicy: null, guessed: { updateServer: false, proxy: false } }),
        probes: [failedProbe('dns', 'dns')],
      }),
    );
    t.same(
      known.findings.map((f) => [f.code, f.guessedPath]),
      [
        ['DEFINITIONS_STALE', undefined],
        ['DNS_RESOLUTION_FAILED', undefined],
        ['POSTURE_UNAVAILABLE', undefined],
      ],
      'a known path asserts its causes',
    );
    const ja = diagnose(stale({ path: guessedPath(), probes: [failedProbe('dns', 'dns')] }), {
      maxAgeHours: 24,
      maxBehind: 5,
      scope: 'endpoint',
    });
    t.ok(ja.drafts.find((x) => x.code === 'DNS_RESOLUTION_FAILED')?.guessed);
  },
);

t.test(
  'a proxy lasterror with no proxy known: PROXY_NOT_KNOWN; a pending upgrade: UPGRADE_PENDING_REBOOT',
  async (t) => {
    t.same(codesOf(stale({ localXml: staleLocal(-2100), path: guessedPath() })), [
      'DEFINITIONS_STALE',
      'LASTERROR_PROXY_AUTH',
      'POSTURE_UNAVAILABLE',
      'PROXY_NOT_KNOWN',
    ]);
    t.same(codesOf(stale({ localXml: staleLocal(-2100), path: guessedPath({ proxySource: 'option' }) })), [
      'DEFINITIONS_STALE',
      'LASTERROR_PROXY_AUTH',
      'POSTURE_UNAVAILABLE',
    ]);
    const pending = judge(
      snapshot({
        install: {
          ...snapshot().install,
          liveVersion: '8.1.5.21322',
          liveVia: 'service',
          pendingVersion: '8.1.7.21417',
        },
      }),
    );
    t.same([pending.status, pending.findings.map((f) => f.code)], ['healthy', ['UPGRADE_PENDING_REBOOT']]);
    t.match(pending.findings[0].message, /8\.1\.7\.21417 is installed, but the service still runs 8\.1\.5\.21322/);
  },
);

t.test('an inspected chain or a missing root explains the HTTP verification failure: one cause', async (t) => {
  const inspected = { ...failedProbe('tls', 'tls_inspected'), detail: { root: 'Corp CA' } };
  t.same(codesOf(snapshot({ probes: [inspected, failedProbe('http', 'tls_verify')] }), 'network'), ['TLS_INSPECTED']);
  const missing = { ...failedProbe('tls', 'trust_root_missing'), detail: { root: 'R', thumbprint: 'AB' } };
  t.same(codesOf(snapshot({ probes: [missing, failedProbe('http', 'tls_verify')] }), 'network'), [
    'TRUST_ROOT_MISSING',
  ]);
});

t.test('posture is the live word: a stale posture is not masked by a fresher local.xml', async (t) => {
  const postureSaysStale: Snapshot['posture'] = {
    state: 'ok',
    value: {
      agentUuid: 'u',
      connected: true,
      running: true,
      connectorVersion: '8.1.7',
      engines: [
        {
          name: 'Tetra',
          enabled: true,
          definitions: [
            { name: 'Tetra', version: 90604, timestamp: now - 31 * 3600, lastSuccessfulUpdate: now - 30 * 3600 },
          ],
        },
      ],
    },
  };
  const localSaysFresh: Snapshot['localXml'] = {
    state: 'ok',
    value: {
      agentUuid: 'u',
      tetraVersion: 90604,
      lastUpdate: now - 3600,
      lastSuccess: now - 3600,
      lastChecked: now - 600,
      lastError: 0,
    },
  };
  const d = judge(snapshot({ posture: postureSaysStale, localXml: localSaysFresh }));
  t.equal(d.status, 'unhealthy');
  t.ok(
    d.findings.some((f) => f.code === 'DEFINITIONS_STALE'),
    'DEFINITIONS_STALE',
  );
  t.equal(d.facts.lastSuccessfulUpdate, now - 30 * 3600, "posture's time, not local.xml's");
  // local.xml still speaks where posture has no value.
  const noPostureTime: Snapshot['posture'] = {
    state: 'ok',
    value: {
      ...postureSaysStale.value,
      engines: [
        {
          name: 'Tetra',
          enabled: true,
          definitions: [{ name: 'Tetra', version: 90604, timestamp: null, lastSuccessfulUpdate: null }],
        },
      ],
    },
  };
  t.equal(
    judge(snapshot({ posture: noPostureTime, localXml: localSaysFresh })).facts.lastSuccessfulUpdate,
    now - 3600,
    'local.xml as the fallback',
  );
});
