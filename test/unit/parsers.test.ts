// The evidence parsers on the samples from the reference and on the awkward inputs endpoints hand us.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parseRegQueryValue } from '../../src/discover/registry';
import { compareVersions } from '../../src/discover/installDir';
import { decodeText } from '../../src/evidence/decodeText';
import { interpretLocalXml, toSignedInt32 } from '../../src/evidence/localXml';
import { interpretPolicyXml } from '../../src/evidence/policyXml';
import { parsePosture } from '../../src/evidence/posture';
import { parseScState } from '../../src/evidence/service';
import { parseXml } from '../../src/evidence/xmlFile';
import { parseVersionsId } from '../../src/probes/reference';
import { parseProxyUrl, updateServerTarget } from '../../src/probes/updateServer';

const samples = path.resolve(__dirname, '../fixtures/samples');
const sample = (name: string) => readFileSync(path.join(samples, name), 'utf8');
const localOf = (xml: string) => {
  const doc = parseXml(xml);
  if (doc.state !== 'ok') throw new Error(doc.error);
  return interpretLocalXml(doc.document);
};

t.test('posture sample: every engine parsed', async (t) => {
  const posture = parsePosture(sample('posture.json'));
  if (posture.state !== 'ok') throw new Error('sample must parse');
  t.same(
    posture.value.engines.map((e) => [e.name, e.enabled]),
    [
      ['Tetra', true],
      ['Spero', false],
      ['Ethos', false],
      ['BP', true],
      ['SCS', true],
    ],
  );
  t.same(posture.value.engines[0].definitions[0], {
    name: 'Tetra',
    version: 90604,
    timestamp: 1684387929,
    lastSuccessfulUpdate: 1684423727,
  });
  t.equal(posture.value.connectorVersion, '8.1.7');
});

t.test('posture: noise around the object, wrong types, not an object', async (t) => {
  const noisy = parsePosture(`Warning: something\r\n${sample('posture.json')}\r\n`);
  t.equal(noisy.state, 'ok');
  const odd = parsePosture(
    '{"connected":"yes","running":1,"engines":{"name":"Tetra","definitions":[{"version":"90604x"}]}}',
  );
  t.match(odd, {
    state: 'ok',
    value: { connected: true, running: true, engines: [{ name: 'Tetra', definitions: [{ version: null }] }] },
  });
  t.equal(parsePosture('[1,2]').state, 'failed');
  t.equal(parsePosture('').state, 'failed');
  t.equal(parsePosture('{"a":').state, 'failed');
});

t.test('local.xml samples: current and older layouts', async (t) => {
  t.match(localOf(sample('local.current.xml')), {
    state: 'ok',
    value: { tetraVersion: 90604, lastSuccess: 1684423727, lastError: 0 },
  });
  t.match(localOf(sample('local.older.xml')), {
    state: 'ok',
    value: { tetraVersion: 90512, lastSuccess: 1684164527, lastError: -2100 },
  });
});

t.test('lasterror: unsigned and signed forms mean the same; out of range is unknown', async (t) => {
  t.equal(toSignedInt32(4294965196), -2100);
  t.equal(toSignedInt32(-2100), -2100);
  t.equal(toSignedInt32(0), 0);
  t.equal(toSignedInt32(2 ** 32), null);
});

t.test('XML: truncated, entity declarations and deep nesting are refused with a reason', async (t) => {
  t.match(parseXml(sample('local.current.xml').slice(0, 300)), { state: 'failed', error: /not well-formed/ });
  t.match(parseXml('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><config>&a;</config>'), {
    state: 'failed',
    error: /entities/,
  });
  t.match(parseXml(`${'<a>'.repeat(1000)}${'</a>'.repeat(1000)}`), { state: 'failed', error: /nests/ });
  t.match(parseXml('<config><x>&amp;&lt;</x></config>'), { state: 'ok', document: { config: { x: '&<' } } });
  // Found by fuzzing: the validator let this through and the parser threw.
  t.match(parseXml('<?1.0" encoding="UTF-8"?>\n<config><a>1</a></config>'), {
    state: 'failed',
    error: /not well-formed/,
  });
});

t.test('policy sample: TETRA switches, updater, proxy; the password only in the secret', async (t) => {
  const doc = parseXml(sample('policy.xml'));
  if (doc.state !== 'ok') throw new Error(doc.error);
  const read = interpretPolicyXml(doc.document);
  t.match(read.policy, {
    state: 'ok',
    value: {
      tetraEnabled: true,
      updaterEnabled: true,
      updateServer: 'tetra-defs.amp.cisco.com',
      updateIntervalSeconds: 3600,
    },
  });
  // The sample's proxy type and authtype are numbers (1): an HTTP proxy with Basic (docs/proxies.md), and its
  // nolocalresolvehost 0 means the endpoint resolves names itself.
  t.match(read.policy, {
    state: 'ok',
    value: {
      proxy: { host: 'proxy.example.internal', port: 8080, kind: 'http', auth: 'basic', resolvesLocally: true },
      proxyUninterpreted: [],
    },
  });
  t.equal(read.proxyPassword, 'never-print-me');
  t.notMatch(JSON.stringify(read.policy), /never-print-me/);
});

t.test('text decoding: UTF-8 with and without BOM, UTF-16LE and BE with BOM, UTF-16LE without BOM', async (t) => {
  const text = '<config>定義</config>';
  t.equal(decodeText(Buffer.from(text)), text);
  t.equal(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])), text);
  t.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), text);
  t.equal(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])), text);
  t.equal(decodeText(Buffer.from('<config><a>1</a></config>', 'utf16le')), '<config><a>1</a></config>');
});

t.test('versions.id, reg query, sc query, version folders', async (t) => {
  t.equal(parseVersionsId('<tetra value="90604" />'), 90604);
  t.equal(parseVersionsId('value=""'), null);
  t.equal(parseVersionsId('<html>404</html>'), null);
  t.equal(
    parseRegQueryValue(
      '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Immunet Protect\r\n    InstallDir    REG_SZ    C:\\Program Files\\Cisco\\AMP\\\r\n',
      'InstallDir',
    ),
    'C:\\Program Files\\Cisco\\AMP\\',
  );
  t.equal(
    parseRegQueryValue('ERROR: The system was unable to find the specified registry key or value.', 'InstallDir'),
    null,
  );
  t.equal(
    parseScState(
      'SERVICE_NAME: CiscoAMP\r\n        TYPE               : 10  WIN32_OWN_PROCESS\r\n        STATE              : 4  RUNNING\r\n',
    ),
    'RUNNING',
  );
  t.equal(parseScState('[SC] EnumQueryServicesStatus:OpenService FAILED 1060'), null);
  t.same(['8.1.7.21417', '7.5.3', '8.1.10.1', '8.1.7.9'].sort(compareVersions), [
    '7.5.3',
    '8.1.7.9',
    '8.1.7.21417',
    '8.1.10.1',
  ]);
});

t.test('update server and proxy arguments', async (t) => {
  t.same(updateServerTarget('tetra-defs.eu.amp.cisco.com', null), {
    host: 'tetra-defs.eu.amp.cisco.com',
    port: 443,
    url: 'https://tetra-defs.eu.amp.cisco.com/',
  });
  t.same(updateServerTarget(null, 'https://127.0.0.1:8443/x'), {
    host: '127.0.0.1',
    port: 8443,
    url: 'https://127.0.0.1:8443/x',
  });
  t.equal(updateServerTarget(null, null).host, 'tetra-defs.amp.cisco.com');
  t.same(parseProxyUrl('http://svc%40corp:p%3Ass@proxy:3128'), {
    host: 'proxy',
    port: 3128,
    username: 'svc@corp',
    password: 'p:ss',
    kind: 'http',
    auth: 'basic',
  });
  t.equal(
    parseProxyUrl('socks5://proxy:1080').kind,
    'socks5',
    'SOCKS kinds are accepted (test/unit/proxies.test.ts has the rest)',
  );
  t.throws(() => parseProxyUrl('https://proxy:1080'));
});

t.test('folder trust on Windows: icacls ACEs and the elevation level', async (t) => {
  const { nonAdminWriter, isElevatedGroupList } = await import('../../src/system/pathTrust');
  const adminOnly = [
    'C:\\Program Files\\Cisco\\AMP NT SERVICE\\TrustedInstaller:(I)(F)',
    '                           NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)',
    '                           BUILTIN\\Administrators:(I)(OI)(CI)(F)',
    '                           BUILTIN\\Users:(I)(OI)(CI)(RX)',
    'Successfully processed 1 files; Failed processing 0 files',
  ].join('\r\n');
  t.equal(nonAdminWriter(adminOnly), null);
  t.equal(
    nonAdminWriter(adminOnly.replace('BUILTIN\\Users:(I)(OI)(CI)(RX)', 'BUILTIN\\Users:(I)(OI)(CI)(M)')),
    'BUILTIN\\Users',
  );
  t.equal(nonAdminWriter('C:\\AMP Everyone:(OI)(CI)(RX,W)'), 'Everyone');
  t.equal(nonAdminWriter('C:\\AMP NT AUTHORITY\\Authenticated Users:(AD)'), 'NT AUTHORITY\\Authenticated Users');
  t.equal(nonAdminWriter('C:\\AMP CORP\\Domain Users:(OI)(CI)(IO)(GW)'), 'CORP\\Domain Users');
  t.ok(isElevatedGroupList('Mandatory Label\\High Mandatory Level  Label  S-1-16-12288'));
  t.ok(isElevatedGroupList('Mandatory Label\\System Mandatory Level Label S-1-16-16384'));
  t.notOk(isElevatedGroupList('Mandatory Label\\Medium Mandatory Level Label S-1-16-8192'));
});

t.test('network errors: aborts, numeric codes and proxy refusals are told apart', async (t) => {
  const { classifyError } = await import('../../src/probes/classifyError');
  const direct = { viaProxy: false };
  // Found by the bad-input matrix: a timed-out signal is a DOMException with the numeric code 23.
  t.equal(
    classifyError(AbortSignal.timeout(0).reason ?? new DOMException('x', 'TimeoutError'), direct).failure,
    'timeout',
  );
  t.equal(classifyError(Object.assign(new Error('odd'), { code: 42 }), direct).failure, 'bad_response');
  t.equal(
    classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), direct).failure,
    'refused',
  );
  t.equal(
    classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { viaProxy: true })
      .failure,
    'proxy_unreachable',
  );
  t.equal(
    classifyError(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), { viaProxy: true }).failure,
    'proxy_auth',
  );
  t.equal(
    classifyError(new Error('Proxy response (502) !== 200 when HTTP Tunneling'), { viaProxy: true }).failure,
    'proxy_tunnel',
  );
  t.equal(
    classifyError(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }), direct).failure,
    'tls_verify',
  );
  t.equal(classifyError(undefined, direct).failure, 'bad_response');
});
