// Japanese output says what a probe found in Japanese: the probe's English words never sit inside a Japanese
// sentence, only their technical tokens (an error code, a status, a host) do. And each cause is said once in a run:
// the proxy's 407 is not said again by the reference finding, nor twice in its own.
import t from 'tap';
import { renderFinding } from '../../src/diagnose/diagnose';
import { FINDING_GROUPS, type FindingDraft } from '../../src/contract/findings';
import { nameCausesOnce } from '../../src/diagnose/causesOnce';
import { probeErrorText } from '../../src/render/probeWords';
import { technicalTokens } from '../../src/contract/technicalTokens';
import type { ProbeResult } from '../../src/contract/types';

/** A probe's failure as the proxy code writes it: English words around a status, a code and a host. */
const ENGLISH =
  'the proxy rejected the credentials (407) (the proxy said: 407 Proxy Authentication Required); connect ECONNREFUSED proxy.corp.example:3128';
const ENGLISH_WORDS = /rejected|credentials|the proxy said|Authentication Required|connect /;

t.test('the technical tokens of English failure texts', async (t) => {
  const cases: Array<[string, string]> = [
    [ENGLISH, '407 ECONNREFUSED proxy.corp.example:3128'],
    ['getaddrinfo ENOTFOUND tetra-defs.amp.cisco.com', 'ENOTFOUND tetra-defs.amp.cisco.com'],
    ['CERT_HAS_EXPIRED certificate has expired', 'CERT_HAS_EXPIRED'],
    ['server answered HTTP 503', 'HTTP 503'],
    ['connection reset after 65536 bytes', '65536 bytes'],
    ['tls did not complete within 3000 ms; after 3000 ms', '3000 ms'],
    ['the SOCKS 5 proxy rejected the credentials', 'SOCKS 5'],
    ["the PAC file's FindProxyForURL failed: SyntaxError", 'PAC FindProxyForURL SyntaxError'],
    ['http://ocsp.example.com: connect ETIMEDOUT', 'http://ocsp.example.com ETIMEDOUT'],
    ['the proxy asks for Negotiate', ''],
  ];
  for (const [text, tokens] of cases) t.equal(technicalTokens(text), tokens, text);
});

t.test('technical tokens of a megabyte of words take linear time', async (t) => {
  const started = performance.now();
  technicalTokens('aA'.repeat(500_000) + '! ' + 'a.'.repeat(250_000) + ' ' + 'x '.repeat(250_000));
  t.ok(performance.now() - started < 5_000, `${(performance.now() - started).toFixed(0)} ms`);
});

/** Every finding that quotes a probe's failure: the network causes and the notices about probed paths. */
const PROBE_DETAIL_CODES = [
  ...Object.keys(FINDING_GROUPS.CAUSES).filter(
    (code) => 'error' in FINDING_GROUPS.CAUSES[code as 'HTTP_ERROR'].example,
  ),
  'REFERENCE_UNAVAILABLE',
  'WINHTTP_PATH_FAILED',
];

t.test('Japanese finding messages hold no English probe words, only their tokens', async (t) => {
  let quoting = 0;
  for (const code of PROBE_DETAIL_CODES) {
    const definition = (FINDING_GROUPS.CAUSES as Record<string, { example: object }>)[code] ?? { example: {} };
    const draft = {
      code,
      params: {
        target: 'proxy.corp.example:3128',
        proxy: 'proxy.corp.example:3128',
        ...definition.example,
        error: ENGLISH,
      },
    } as unknown as FindingDraft;
    const ja = renderFinding(draft, 'unhealthy', 'ja').message;
    t.notMatch(ja, ENGLISH_WORDS, `${code}: ${ja}`);
    // The codes that quote the probe in English (the trust causes name the root instead) keep its tokens in Japanese.
    if (!renderFinding(draft, 'unhealthy', 'en').message.includes(ENGLISH)) continue;
    quoting++;
    t.match(ja, /407 ECONNREFUSED/, `${code} keeps the status and the error code`);
  }
  t.ok(quoting >= 15, `${quoting} codes quote the probe`);
});

t.test('Japanese network-check lines hold the failure in Japanese and the tokens only', async (t) => {
  const ja = probeErrorText(ENGLISH, 'proxy_auth', 'ja');
  t.equal(ja, 'プロキシが認証情報を拒否（407 ECONNREFUSED proxy.corp.example:3128）');
  t.equal(
    probeErrorText('the proxy asks for Negotiate', 'proxy_auth_scheme', 'ja'),
    'プロキシが NTLM または Negotiate 認証を要求',
  );
  t.equal(probeErrorText(ENGLISH, 'proxy_auth', 'en'), ENGLISH, 'English as the probe wrote it');
});

const probe = (name: string, failure: ProbeResult['failure']): ProbeResult =>
  ({ name, target: 'proxy.corp.example:3128', ok: false, failure, error: ENGLISH, durationMs: 1 }) as ProbeResult;

t.test("the reference finding names the proxy's cause instead of saying it again", async (t) => {
  const drafts: FindingDraft[] = [
    { code: 'PROXY_AUTH_REJECTED', params: { target: 'proxy.corp.example:3128', error: ENGLISH } },
    { code: 'REFERENCE_UNAVAILABLE', params: { error: 'the proxy rejected the credentials (407)' } },
  ];
  const named = nameCausesOnce(drafts, [probe('proxy', 'proxy_auth'), probe('reference', 'proxy_auth')]);
  const reference = renderFinding(named[1], 'unhealthy', 'en').message;
  t.equal(reference, 'The latest published TETRA version could not be read: the same failure as PROXY_AUTH_REJECTED.');
  t.notMatch(renderFinding(named[1], 'unhealthy', 'ja').message, ENGLISH_WORDS);
  const auth = renderFinding(named[0], 'unhealthy', 'en').message;
  t.equal((auth.match(/rejected the credentials/g) ?? []).length, 1, `said once: ${auth}`);

  // A reference that failed on its own (its server, not the shared proxy) keeps its own words.
  const own = nameCausesOnce(drafts, [probe('proxy', 'proxy_auth'), probe('reference', 'http_status')]);
  t.match(renderFinding(own[1], 'unhealthy', 'en').message, /could not be read: the proxy rejected/);
  // No cause of that failure was raised (e.g. only the reference went through the proxy): its own words too.
  const alone = nameCausesOnce([drafts[1]], [probe('reference', 'proxy_auth')]);
  t.match(renderFinding(alone[0], 'unhealthy', 'en').message, /could not be read: the proxy rejected/);
});
