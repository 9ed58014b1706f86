// Property-based fuzzing of every parser: whatever bytes an endpoint hands over, the parsers return a value or a
// recorded failure, never throw. A fixed seed in the suite; `npm run fuzz` runs many more, with a fresh seed.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parseRegQueryValue } from '../../src/discover/registry';
import { decodeText } from '../../src/evidence/decodeText';
import { interpretLocalXml, toSignedInt32 } from '../../src/evidence/localXml';
import { interpretPolicyXml } from '../../src/evidence/policyXml';
import { parsePosture } from '../../src/evidence/posture';
import { parseVersionsId } from '../../src/probes/reference';
import { parseScState } from '../../src/evidence/service';
import { parseXml } from '../../src/evidence/xmlFile';
import { revocationUrls } from '../../src/probes/certificateUrls';
import { parseProxyUrl, updateServerTarget } from '../../src/probes/updateServer';
import { parseLine, renderLine } from '../../src/render/line';
import type { DoctorResult } from '../../src/contract/result';

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = process.env.FUZZ_RUNS ? Date.now() : 20261127;
const params = { numRuns: runs, seed };
t.comment(`fast-check seed ${seed}, ${runs} runs per property`);

const samples = path.resolve(__dirname, '../fixtures/samples');
const sample = (name: string) => readFileSync(path.join(samples, name), 'utf8');

/** Valid documents, cut and spliced at random: most of what a damaged file looks like. */
const mutated = (text: string) =>
  fc
    .tuple(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 40 }))
    .map(([a, b, insert]) => text.slice(0, Math.min(a, b)) + insert + text.slice(Math.max(a, b)));

const noThrow = (name: string, arb: fc.Arbitrary<unknown>, check: (value: never) => void) =>
  t.test(name, async () =>
    fc.assert(
      fc.property(arb, (v) => check(v as never)),
      params,
    ),
  );

noThrow('parsePosture: any text', fc.oneof(fc.string(), fc.json(), mutated(sample('posture.json'))), (text: string) => {
  const result = parsePosture(text);
  if (result.state === 'ok')
    for (const e of result.value.engines) if (typeof e.name !== 'string') throw new Error('engine without a name');
});

noThrow(
  'local.xml: parse and interpret any text',
  fc.oneof(fc.string(), mutated(sample('local.current.xml')), mutated(sample('local.older.xml'))),
  (text: string) => {
    const doc = parseXml(text);
    if (doc.state !== 'ok') return;
    const local = interpretLocalXml(doc.document);
    if (
      local.state === 'ok' &&
      local.value.lastError !== null &&
      (local.value.lastError < -(2 ** 31) || local.value.lastError >= 2 ** 31)
    )
      throw new Error('lasterror out of int32');
  },
);

noThrow(
  'policy.xml: parse and interpret any text, the password never in the policy',
  fc.oneof(fc.string(), mutated(sample('policy.xml'))),
  (text: string) => {
    const doc = parseXml(text);
    if (doc.state !== 'ok') return;
    const read = interpretPolicyXml(doc.document);
    if (read.proxyPassword && read.proxyPassword.length > 3 && JSON.stringify(read.policy).includes(read.proxyPassword))
      throw new Error('password leaked into policy');
  },
);

noThrow('decodeText: any bytes', fc.uint8Array({ maxLength: 600 }), (bytes: Uint8Array) => {
  if (typeof decodeText(Buffer.from(bytes)) !== 'string') throw new Error('not a string');
});

noThrow(
  'versions.id: any body',
  fc.oneof(
    fc.string(),
    fc.string().map((s) => `value="${s}"`),
  ),
  (body: string) => {
    const v = parseVersionsId(body);
    if (v !== null && (!Number.isSafeInteger(v) || v < 0)) throw new Error(`bad version ${v}`);
  },
);

noThrow('lasterror normalisation: any integer', fc.oneof(fc.integer(), fc.double()), (n: number) => {
  const v = toSignedInt32(Number.isInteger(n) ? n : null);
  if (v !== null && (v < -(2 ** 31) || v >= 2 ** 31)) throw new Error('out of int32');
});

noThrow('reg query and sc query output: any text', fc.string(), (text: string) => {
  parseRegQueryValue(text, 'InstallDir');
  parseScState(text);
});

noThrow(
  '--update-server and --proxy: a value or an Error, ports in range',
  fc.oneof(fc.string(), fc.webUrl(), fc.domain()),
  (value: string) => {
    for (const parse of [() => updateServerTarget(value, null), () => parseProxyUrl(value)]) {
      try {
        const { port } = parse();
        if (!(port > 0 && port < 65536)) throw new TypeError(`port ${port}`);
      } catch (err) {
        if (err instanceof TypeError && /^port/.test(err.message)) throw err;
        if (!(err instanceof Error)) throw new Error('threw a non-Error', { cause: err });
      }
    }
  },
);

noThrow(
  'certificate URLs: random DER fails with an Error, never worse',
  fc.uint8Array({ maxLength: 300 }),
  (bytes: Uint8Array) => {
    try {
      revocationUrls(Buffer.from(bytes));
    } catch (err) {
      if (!(err instanceof Error)) throw new Error('threw a non-Error', { cause: err });
    }
  },
);

t.test('line format: any host and summary render to one ASCII line that parses back', async () => {
  const base = JSON.parse(
    JSON.stringify({
      status: 'unhealthy',
      exitCode: 1,
      host: 'h',
      checkedAt: '2026-11-27T12:00:00.000Z',
      summary: 's',
      connector: { version: '8.1.7' },
      findings: [{ code: 'DEFINITIONS_STALE' }],
      tetra: {
        version: 90512,
        latestVersion: 90604,
        versionsBehind: 92,
        lastSuccessfulUpdate: '2026-11-24T12:00:00.000Z',
        lastError: { code: -2100 },
      },
    }),
  ) as DoctorResult;
  fc.assert(
    fc.property(fc.string(), fc.string({ unit: 'binary', maxLength: 3000 }), (host, summary) => {
      const line = renderLine({ ...base, host, summary });
      if (line.length > 2048 || !/^[\x20-\x7e]*$/.test(line)) throw new Error('not one short ASCII line');
      const parsed = parseLine(line);
      if (
        parsed?.fields.status !== 'unhealthy' ||
        parsed.fields.version !== '90512' ||
        parsed.fields.codes !== 'DEFINITIONS_STALE'
      )
        throw new Error(`did not parse back: ${line}`);
    }),
    params,
  );
  fc.assert(
    fc.property(fc.string(), (text) => void parseLine(text)),
    params,
  );
});
