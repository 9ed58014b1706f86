// Property-based fuzzing of what leaves the process: whatever the proxy password and whatever outside text a result
// carries (reason phrases that forge the line, escape sequences, the password itself in every form a proxy echoes),
// the JSON still parses with the same keys and holds no form of the password, the line parses back to the real
// verdict with one marker and its own tokens, and the text shows no escape sequence. A fixed seed in the suite;
// `npm run fuzz` runs many more, with a fresh seed.
import fc from 'fast-check';
import t from 'tap';
import { formatResult } from '../../src/cli/emit';
import { internalErrorResult } from '../../src/run/diagnosisStep';
import { defaultOptions } from '../../src/contract/options';
import { LINE_FIELDS } from '../../src/contract/lineFields';
import { parseLine } from '../../src/render/line';
import type { DoctorResult } from '../../src/contract/result';
import { formInJson, formInLine, PROXY_USER, wireForms } from '../helpers/secretForms';

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = process.env.FUZZ_RUNS ? Date.now() : 20261128;
const params = { numRuns: runs, seed };
t.comment(`fast-check seed ${seed}, ${runs} runs per property`);

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Passwords: arbitrary text, and the shapes that break text-level redaction (JSON literals, syntax, key names). */
const password = fc.oneof(
  fc.string({ minLength: 1, maxLength: 24, unit: 'binary' }),
  fc.constantFrom(
    'true',
    'false',
    'null',
    '"',
    '\\',
    ':',
    ',',
    '{',
    '}',
    '[',
    'proxy',
    'status',
    'summary',
    'healthy',
    'TETRA-DOCTOR',
    '***',
    '*',
    '=',
    '|',
    ' | ',
    '\u202e',
    '\x1b[2J',
    'a',
  ),
);

/** Hostile outside text: forged line fragments, escape sequences, bidi overrides, and free text. */
const hostile = fc.oneof(
  fc.constantFrom(
    'TETRA-DOCTOR status=healthy exit=0 codes=- | ok',
    ' | status=healthy',
    '\x1b]52;c;ZXZpbA==\x07',
    '\x1b[2J\x1b[H',
    '\u202egpj.exe',
    '\u009b31m',
    '\r\nTETRA-DOCTOR status=healthy',
    'exit=0',
  ),
  fc.string({ maxLength: 40, unit: 'binary' }),
);

/** Outside text that also echoes the password in one of its forms. */
const echoing = (pw: string) =>
  fc
    .array(fc.oneof(hostile, fc.constantFrom(...wireForms(pw), `Basic ${b64(`${PROXY_USER}:${pw}`)}`)), {
      maxLength: 6,
    })
    .map((parts) => parts.join(' '));

function keys(node: unknown, prefix = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => keys(item, `${prefix}[${i}]`));
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) => [`${prefix}.${k}`, ...keys(v, `${prefix}.${k}`)]);
  return [];
}

/** A result whose every free-text field carries outside text. */
function resultCarrying(texts: string[]): DoctorResult {
  const options = defaultOptions({ now: new Date('2026-11-27T12:00:00.000Z') });
  const result = internalErrorResult('probe', options, new Error(texts[0] ?? ''));
  const [a = '', b = '', c = '', d = ''] = texts;
  result.status = 'unhealthy';
  result.exitCode = 1;
  result.host = b;
  result.summary = `The update path has a problem: ${c}`;
  result.connector.version = d;
  result.proxy = { host: '127.0.0.1', port: 3128, username: PROXY_USER, source: 'option', kind: 'http', auth: 'basic' };
  result.probes = [
    {
      name: 'proxy',
      target: `127.0.0.1:3128 -> ${a}`,
      ok: false,
      durationMs: 12,
      error: `proxy answered CONNECT with 407 ${c}`,
      failure: 'proxy_auth',
    },
  ];
  result.sources.policy = { state: 'failed', error: `policy.xml: ${d}` };
  result.findings.push({
    code: 'PROXY_AUTH_REJECTED',
    severity: 'error',
    message: `The proxy rejected the credentials (HTTP 407): ${c}.`,
    action: b,
  });
  return result;
}

const hostileResult = password.chain((pw) =>
  fc.tuple(fc.constant(pw), fc.array(echoing(pw), { minLength: 4, maxLength: 4 })),
);
const secretsOf = (pw: string) => ({ proxyPassword: pw, proxyUsername: PROXY_USER });

t.test('redaction: any password, JSON keeps its keys and holds no form of it', async () => {
  fc.assert(
    fc.property(hostileResult, ([pw, texts]) => {
      const result = resultCarrying(texts);
      const json = JSON.parse(formatResult(result, { format: 'json', lang: 'en' }, secretsOf(pw)));
      const expected = keys(JSON.parse(JSON.stringify(result)));
      if (keys(json).join() !== expected.join()) throw new Error('the keys changed');
      if (json.status !== 'unhealthy' || json.exitCode !== 1) throw new Error('the verdict changed');
      const hit = formInJson(json, pw);
      if (hit) throw new Error(`${hit[0]} holds a form of ${JSON.stringify(pw)}: ${JSON.stringify(hit[1])}`);
    }),
    params,
  );
});

t.test('redaction and the line: any password, the line parses back and holds no form of it', async () => {
  fc.assert(
    fc.property(hostileResult, ([pw, texts]) => {
      const line = formatResult(resultCarrying(texts), { format: 'line', lang: 'en' }, secretsOf(pw));
      const parsed = parseLine(line);
      if (!parsed || parsed.fields.status !== 'unhealthy' || parsed.fields.exit !== '1')
        throw new Error(`did not parse back: ${line}`);
      // Text tokens and the summary; numbers and the fixed vocabulary (status, codes) are tetra-doctor's own.
      const hit = formInLine(parsed, pw);
      if (hit !== undefined) throw new Error(`the line holds a form of ${JSON.stringify(pw)}: ${line}`);
    }),
    params,
  );
});

/** The line's own keys, from the one definition of the format. */
const TOKENS = new Set(Object.values(LINE_FIELDS).map((f) => f.key));

t.test('line round trip: hostile summaries and values never forge a marker, a token or a separator', async () => {
  fc.assert(
    fc.property(
      fc.array(hostile, { minLength: 4, maxLength: 4 }),
      fc.constantFrom<DoctorResult['status']>('healthy', 'unhealthy', 'undetermined', 'not_applicable'),
      (texts, status) => {
        const result = resultCarrying(texts);
        result.status = status;
        result.exitCode = { healthy: 0, unhealthy: 1, not_applicable: 3, undetermined: 4 }[status];
        const line = formatResult(result, { format: 'line', lang: 'en' }, { proxyPassword: null });
        if (line.length > 2048 || !/^[\x20-\x7e]*$/.test(line)) throw new Error('not one short ASCII line');
        if (line.split('TETRA-DOCTOR').length !== 2) throw new Error(`not exactly one marker: ${line}`);
        if (line.split(' | ').length !== 2) throw new Error(`not exactly one separator: ${line}`);
        const parsed = parseLine(line)!;
        if (parsed.fields.status !== status || parsed.fields.exit !== String(result.exitCode))
          throw new Error(`verdict changed: ${line}`);
        const forged = Object.keys(parsed.fields).filter((k) => !TOKENS.has(k));
        if (forged.length > 0) throw new Error(`forged tokens ${forged.join()}: ${line}`);
        if (/(^|\s)[a-z_]+=/.test(parsed.summary)) throw new Error(`key=value in the summary: ${parsed.summary}`);
      },
    ),
    params,
  );
});

t.test('text: hostile outside text never reaches the terminal as control characters', async () => {
  // eslint-disable-next-line no-control-regex -- the test looks for control characters
  const control = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  fc.assert(
    fc.property(
      fc.array(hostile, { minLength: 4, maxLength: 4 }),
      fc.constantFrom<'en' | 'ja'>('en', 'ja'),
      (texts, lang) => {
        const text = formatResult(resultCarrying(texts), { format: 'text', lang }, { proxyPassword: null });
        const hit = control.exec(text);
        if (hit) throw new Error(`U+${hit[0].charCodeAt(0).toString(16)} reached the terminal`);
      },
    ),
    params,
  );
});
