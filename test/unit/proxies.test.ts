// The proxy model's parsers as pure functions: netsh's WinHTTP output (as Windows prints it, CRLF and all),
// policy.xml's proxy values, --proxy URLs, PAC answers and 407 challenges.
import t from 'tap';
import { interpretPolicyProxy } from '../../src/evidence/policyProxy';
import { parseNetshWinHttpProxy, proxyFor } from '../../src/evidence/winHttpProxy';
import { parsePacResult } from '../../src/probes/proxy/pac';
import { authSchemes, rejectionOf } from '../../src/probes/proxy/proxyAuth';
import { authority } from '../../src/probes/proxy/authority';
import { parseProxyUrl, updateServerTarget } from '../../src/probes/updateServer';
import type { ProbeProxy } from '../../src/probes/context';

const SERVER = 'https://tetra-defs.amp.cisco.com/';
const crlf = (lines: string[]) => lines.join('\r\n');

// What Windows 10/11 and Server 2016-2022 print for `netsh winhttp show proxy` (English, and one German system).
const DIRECT = crlf(['', 'Current WinHTTP proxy settings:', '', '    Direct access (no proxy server).', '', '']);
const ONE_PROXY = crlf([
  '',
  'Current WinHTTP proxy settings:',
  '',
  '    Proxy Server(s) :  proxy.corp.example:8080',
  '    Bypass List     :  (none)',
  '',
  '',
]);
const PER_SCHEME = crlf([
  '',
  'Current WinHTTP proxy settings:',
  '',
  '    Proxy Server(s) :  http=web.corp.example:3128;https=secure.corp.example:3129',
  '    Bypass List     :  <local>;*.corp.example;10.*',
  '',
  '',
]);
const GERMAN = crlf([
  '',
  'Aktuelle WinHTTP-Proxyeinstellungen:',
  '',
  '    Proxyserver      :  proxy.firma.example:8080',
  '    Umgehungsliste   :  <local>',
  '',
  '',
]);
const GERMAN_DIRECT = crlf([
  '',
  'Aktuelle WinHTTP-Proxyeinstellungen:',
  '',
  '    Direkter Zugriff (kein Proxyserver).',
  '',
  '',
]);

t.test('netsh winhttp show proxy: direct, one proxy, per-scheme list with a bypass list, localized', async (t) => {
  t.same(parseNetshWinHttpProxy(DIRECT, SERVER), {
    direct: true,
    proxyServers: null,
    bypassList: null,
    forUpdateServer: null,
  });
  t.same(parseNetshWinHttpProxy(ONE_PROXY, SERVER), {
    direct: false,
    proxyServers: 'proxy.corp.example:8080',
    bypassList: null,
    forUpdateServer: { host: 'proxy.corp.example', port: 8080 },
  });
  t.same(parseNetshWinHttpProxy(PER_SCHEME, SERVER), {
    direct: false,
    proxyServers: 'http=web.corp.example:3128;https=secure.corp.example:3129',
    bypassList: '<local>;*.corp.example;10.*',
    forUpdateServer: { host: 'secure.corp.example', port: 3129 },
  });
  t.same(
    parseNetshWinHttpProxy(PER_SCHEME, 'http://update.amp.cisco.com/av64bit/versions.id')?.forUpdateServer,
    { host: 'web.corp.example', port: 3128 },
    'http URLs take the http= entry',
  );
  t.same(
    parseNetshWinHttpProxy(GERMAN, SERVER)?.forUpdateServer,
    { host: 'proxy.firma.example', port: 8080 },
    'labels are read by position, in any language',
  );
  t.equal(parseNetshWinHttpProxy(GERMAN_DIRECT, SERVER)?.direct, true);
  t.equal(parseNetshWinHttpProxy('', SERVER), null, "Wine's netsh prints nothing: not an answer");
  t.equal(parseNetshWinHttpProxy('\r\n\r\n', SERVER), null);
});

t.test('WinHTTP proxy choice: bypass list, no entry for the scheme, default port, IPv6', async (t) => {
  t.equal(proxyFor('https://updates.corp.example/', 'p:1', '*.corp.example'), null, 'wildcard bypass');
  t.equal(proxyFor('https://10.1.2.3/', 'p:1', '10.*'), null, 'address wildcard bypass');
  t.equal(proxyFor('https://intranet/', 'p:1', '<local>'), null, '<local> is a name without a dot');
  t.same(proxyFor(SERVER, 'p:1', '<local>'), { host: 'p', port: 1 });
  t.equal(proxyFor(SERVER, 'http=web:3128', null), null, 'no https= and no plain entry: direct for https');
  t.same(proxyFor(SERVER, 'proxy.corp', null), { host: 'proxy.corp', port: 80 }, 'no port: 80');
  t.same(proxyFor(SERVER, '[::1]:3128', null), { host: '::1', port: 3128 });
  t.same(proxyFor('https://[::1]:8443/', 'p:1', '::1'), null, 'an IPv6 host can be bypassed');
});

t.test(
  'policy.xml proxy: names and the known numbers are read; an unknown type is probed as HTTP, labelled guessed',
  async (t) => {
    const read = (fields: Record<string, string>) => interpretPolicyProxy(fields, true);
    t.same(read({ server: 'proxy.corp', port: '8080', type: 'http', authtype: 'basic', username: 'svc' }).proxy, {
      host: 'proxy.corp',
      port: 8080,
      username: 'svc',
      hasPassword: true,
      source: 'policy',
      kind: 'http',
      auth: 'basic',
    });
    for (const type of ['SOCKS4', 'socks4a', 'Socks5', 'socks5h'])
      t.equal(read({ server: 'p', port: '1080', type }).proxy?.kind, type.toLowerCase(), type);
    t.equal(
      read({ server: 'p', port: '1', type: 'http', authtype: 'NTLM', username: 'CORP\\svc' }).proxy?.auth,
      'ntlm',
    );
    t.same(
      read({ server: 'p', port: '1', type: 'http' }).proxy?.auth,
      'none',
      'no authtype and no user: no authentication',
    );

    t.same(
      read({ server: 'p', port: '8080', type: '1', authtype: '1', username: 'svc', nolocalresolvehost: '1' }),
      {
        // The same reading as the names http and basic give (above).
        proxy: read({ server: 'p', port: '8080', type: 'http', authtype: 'basic', username: 'svc' }).proxy,
        kindGuessed: false,
        proxyResolves: true,
        pac: null,
        uninterpreted: [],
      },
      "Cisco's sample policy: <type>1</type><authtype>1</authtype> is HTTP with Basic",
    );
    t.equal(read({ server: 'p', port: '1', type: '1', authtype: '0' }).proxy?.auth, 'none', 'authtype 0: none');
    t.match(
      read({ server: 'p', port: '1', type: '1', nolocalresolvehost: '0' }),
      { proxy: { resolvesLocally: true }, proxyResolves: false },
      'nolocalresolvehost 0: the endpoint resolves names itself',
    );
    const unknown = read({ server: 'p', port: '8080', type: '7' });
    t.match(
      unknown,
      {
        proxy: { kind: 'http', host: 'p', port: 8080 },
        kindGuessed: true,
        uninterpreted: [{ field: 'type', value: '7' }],
      },
      'an unknown type with a server and port: probed as HTTP, the guess labelled, the value still reported',
    );
    t.match(
      read({ server: 'p', port: '8080' }),
      { proxy: { kind: 'http' }, kindGuessed: true, uninterpreted: [{ field: 'type', value: '' }] },
      'a missing type too',
    );
    t.equal(read({ server: 'p', port: '1', type: 'constructor' }).kindGuessed, true, 'no prototype key is a type');
    t.same(
      read({ server: 'p', port: '1', type: '1', authtype: '2', username: 'svc' }).uninterpreted,
      [{ field: 'authtype', value: '2' }],
      "an authtype number that is not known (NTLM's is not public) is reported",
    );
    t.same(
      read({ server: 'p', port: '8080', type: 'http', username: 'svc' }).uninterpreted,
      [{ field: 'authtype', value: '' }],
      'a user without an authtype is not read as Basic',
    );
    t.same(
      read({ server: 'p', port: '1080', type: 'socks5', authtype: 'ntlm', username: 'svc' }).uninterpreted,
      [{ field: 'authtype', value: 'ntlm' }],
      'NTLM is not a SOCKS method',
    );
    t.same(
      read({ server: 'p', type: 'http' }).uninterpreted,
      [{ field: 'port', value: '' }],
      'no port anywhere: no default is guessed',
    );
    t.same(read({ server: 'bad host name!', port: '1', type: 'http' }).uninterpreted, [
      { field: 'server', value: 'bad host name?' },
    ]);
    t.same(read({ server: 'p', port: '70000', type: 'http' }).uninterpreted, [{ field: 'port', value: '70000' }]);
    t.same(
      read({ server: 'p', port: '1', type: '\u001b[31mhttp' }).uninterpreted,
      [{ field: 'type', value: '??31mhttp' }],
      'control characters never pass into a finding',
    );
    t.same(
      read({ server: 'p', port: '1', type: 'x TETRA-DOCTOR status=healthy' }).uninterpreted,
      [{ field: 'type', value: 'x TETRA-DOCTOR status?healthy' }],
      'nor a key=value token',
    );
  },
);

t.test('policy.xml proxy: IPv6 servers, a port inside the server value, PAC', async (t) => {
  const read = (fields: Record<string, string>) => interpretPolicyProxy(fields, false);
  t.same(read({ server: '[::1]', port: '3128', type: 'http' }).proxy?.host, '::1');
  t.same(read({ server: '::1', port: '3128', type: 'http' }).proxy?.host, '::1', 'a bare IPv6 literal');
  t.same(
    [
      read({ server: 'http://[fd00::5]:3128/', type: 'http' }).proxy?.host,
      read({ server: 'http://[fd00::5]:3128/', type: 'http' }).proxy?.port,
    ],
    ['fd00::5', 3128],
  );
  t.same(read({ server: 'proxy.corp:8080', type: 'http' }).proxy?.port, 8080);
  t.same(read({ pacloc: 'http://wpad.corp/proxy.pac', username: 'svc', authtype: 'basic' }), {
    proxy: null,
    kindGuessed: false,
    proxyResolves: null,
    pac: { url: 'http://wpad.corp/proxy.pac', username: 'svc', auth: 'basic', kind: null },
    uninterpreted: [],
  });
  t.same(
    read({ pacloc: 'file://c:/proxy.pac' }).uninterpreted,
    [{ field: 'pacloc', value: 'file://c:/proxy.pac' }],
    'only http(s) PAC URLs',
  );
});

t.test('--proxy URLs: every kind, IPv6 in brackets, default ports, other schemes refused', async (t) => {
  t.same(parseProxyUrl('http://u:p%40ss@[::1]:3128'), {
    host: '::1',
    port: 3128,
    username: 'u',
    password: 'p@ss',
    kind: 'http',
    auth: 'basic',
  });
  t.same(parseProxyUrl('socks5h://[fd00::1]'), {
    host: 'fd00::1',
    port: 1080,
    username: null,
    password: null,
    kind: 'socks5h',
    auth: 'none',
  });
  for (const kind of ['socks4', 'socks4a', 'socks5']) t.equal(parseProxyUrl(`${kind}://p:1`).kind, kind);
  t.equal(parseProxyUrl('proxy.corp:8080').kind, 'http', 'no scheme is http');
  t.throws(() => parseProxyUrl('https://p:1'), /http:\/\/, socks4:\/\//);
  t.throws(() => parseProxyUrl('ftp://p:1'));
  t.same(updateServerTarget('https://[::1]:8443/', null), { host: '::1', port: 8443, url: 'https://[::1]:8443/' });
  t.equal(authority('::1', 443), '[::1]:443', 'CONNECT authority and Host header bracket IPv6');
  t.equal(authority('tetra-defs.amp.cisco.com', 443), 'tetra-defs.amp.cisco.com:443');
});

t.test('PAC answers: entries in order, SOCKS read as SOCKS 4, unsupported entries listed', async (t) => {
  t.same(parsePacResult('PROXY a.corp:3128; SOCKS5 [::1]:1080;DIRECT'), {
    entries: [
      { kind: 'http', host: 'a.corp', port: 3128 },
      { kind: 'socks5', host: '::1', port: 1080 },
      { kind: 'direct' },
    ],
    unsupported: [],
  });
  t.same(
    parsePacResult('SOCKS s:1080; SOCKS4 t:1080; HTTP h:80').entries.map((e) => e.kind),
    ['socks4', 'socks4', 'http'],
  );
  t.same(parsePacResult('HTTPS tls-proxy:443; PROXY nohost; QUIC q:1; DIRECT'), {
    entries: [{ kind: 'direct' }],
    unsupported: ['HTTPS tls-proxy:443', 'PROXY nohost', 'QUIC q:1'],
  });
  t.same(parsePacResult(''), { entries: [], unsupported: [] });
});

t.test('a 407: rejected credentials versus a challenge for a scheme not answered', async (t) => {
  const proxy = (username: string | null, auth: ProbeProxy['auth']): ProbeProxy => ({
    host: 'p',
    port: 1,
    kind: 'http',
    auth,
    username,
    password: username ? 'x' : null,
    hasPassword: username !== null,
    source: 'option',
  });
  const answer = (...values: string[]) => ({
    status: 407,
    headers: values.map((v): [string, string] => ['proxy-authenticate', v]),
  });
  t.same(authSchemes(answer('Basic realm="a, b"', 'NTLM', 'Negotiate')), ['BASIC', 'NTLM', 'NEGOTIATE']);
  t.same(authSchemes(answer('Negotiate, NTLM')), ['NEGOTIATE', 'NTLM'], 'several challenges in one header');
  t.equal(rejectionOf(answer('Basic realm="x"'), proxy('u', 'basic'), 'first').failure, 'proxy_auth');
  t.match(rejectionOf(answer('Basic realm="x"'), proxy(null, 'none'), 'first').message, /none are configured/);
  t.equal(rejectionOf(answer('NTLM'), proxy('u', 'basic'), 'first').failure, 'proxy_auth_scheme');
  t.equal(rejectionOf(answer('Negotiate'), proxy(null, 'none'), 'first').failure, 'proxy_auth_scheme');
  t.equal(
    rejectionOf(answer('Basic realm="x"', 'NTLM'), proxy('u', 'basic'), 'first').failure,
    'proxy_auth',
    'Basic offered and sent: the credentials were rejected',
  );
  t.equal(
    rejectionOf(answer('Basic realm="x"'), proxy('u', 'ntlm'), 'negotiate').failure,
    'proxy_auth_scheme',
    'NTLM configured, proxy does not do it',
  );
  t.equal(
    rejectionOf(answer('NTLM'), proxy('u', 'ntlm'), 'authenticate').failure,
    'proxy_auth',
    '407 after Type 3: rejected',
  );
});
