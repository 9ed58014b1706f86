// The `line` format round trip: any result -> renderLine -> parseLine gives back the part of the result a line can
// carry. The expected part is written out here, field by field, independently of the table in src/render/line.ts.
// A fixed seed in the suite; `npm run fuzz` runs many more, with a fresh seed.
import { primaryFinding } from '../../src/contract/rootCauses';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import t from 'tap';
import { parseLine, renderLine, toSummary } from '../../src/render/line';
import type { DoctorResult } from '../../src/contract/result';

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = process.env.FUZZ_RUNS ? Date.now() : 20261128;
const params = { numRuns: runs, seed };
t.comment(`fast-check seed ${seed}, ${runs} runs per property`);

const STATUSES = ['healthy', 'unhealthy', 'not_applicable', 'undetermined'] as const;
const TOKEN_CHARS = [...'ABCXYZabcxyz0189.-_:/,+@#'];
/** A value a line can carry unchanged: printable ASCII without spaces, `|` and `=`, and not the unknown marker. */
const token = fc
  .array(fc.constantFrom(...TOKEN_CHARS), { minLength: 1, maxLength: 30 })
  .map((cs) => cs.join(''))
  .filter((s) => s !== '-' && !s.includes(','));
const code = fc.stringMatching(/^[A-Z][A-Z_]{2,30}$/);
const isoTime = fc
  .integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString());
const int = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const printable = fc.string({
  unit: fc.constantFrom(...[...Array(95)].map((_, i) => String.fromCharCode(32 + i))),
  maxLength: 400,
});

interface Parts {
  status: (typeof STATUSES)[number];
  exitCode: number;
  host: string;
  version: number | null;
  latest: number | null;
  behind: number | null;
  lastUpdate: string | null;
  lastError: number | null;
  connector: string | null;
  guid: string | null;
  codes: string[];
  remediation: string | null;
  collection: string | null;
  history: { available: boolean; unhealthySince: string | null; intermittent: boolean } | null;
  checkedAt: string;
  summary: string;
}

const parts: fc.Arbitrary<Parts> = fc.record({
  status: fc.constantFrom(...STATUSES),
  exitCode: fc.integer({ min: 0, max: 5 }),
  host: token,
  version: fc.option(int),
  latest: fc.option(int),
  behind: fc.option(int),
  lastUpdate: fc.option(isoTime),
  lastError: fc.option(int),
  connector: fc.option(token),
  guid: fc.option(fc.uuid()),
  codes: fc.array(code, { maxLength: 12 }),
  remediation: fc.option(fc.stringMatching(/^[a-z][a-z_]{1,20}$/)),
  collection: fc.option(fc.stringMatching(/^[a-z][a-z_]{1,20}$/)),
  history: fc.option(
    fc.record({ available: fc.boolean(), unhealthySince: fc.option(isoTime), intermittent: fc.boolean() }),
  ),
  checkedAt: isoTime,
  summary: printable,
});

function toResult(p: Parts): DoctorResult {
  const result = {
    status: p.status,
    exitCode: p.exitCode,
    host: p.host,
    checkedAt: p.checkedAt,
    connector: { version: p.connector, guid: p.guid },
    tetra: {
      version: p.version,
      latestVersion: p.latest,
      versionsBehind: p.behind,
      lastSuccessfulUpdate: p.lastUpdate,
      lastError: p.lastError === null ? null : { code: p.lastError },
    },
    findings: p.codes.map((c) => ({ code: c, severity: 'error', message: '', action: '' })),
    summary: p.summary,
    ...(p.remediation === null ? {} : { remediation: { outcome: p.remediation } }),
    ...(p.collection === null ? {} : { collection: { outcome: p.collection } }),
    ...(p.history === null ? {} : { history: p.history }),
  };
  return result as unknown as DoctorResult;
}

/** What a line carries of a result, by the names parseLine gives back. */
function lineRepresentable(p: Parts) {
  const history = p.history?.available ? p.history : null;
  return {
    status: p.status,
    exitCode: p.exitCode,
    host: p.host,
    version: p.version,
    latestVersion: p.latest,
    versionsBehind: p.behind,
    lastSuccessfulUpdate: p.lastUpdate,
    ageHours:
      p.lastUpdate === null
        ? null
        : Math.max(0, Math.round((Date.parse(p.checkedAt) - Date.parse(p.lastUpdate)) / 3_600_000)),
    lastError: p.lastError,
    connectorVersion: p.connector,
    connectorGuid: p.guid,
    codes: p.codes.length > 0 ? p.codes : null,
    // The finding a person acts on first (src/contract/rootCauses.ts), not written for a healthy endpoint.
    primaryCause: p.status === 'healthy' ? null : (primaryFinding(p.codes.map((code) => ({ code })))?.code ?? null),
    remediation: p.remediation,
    collection: p.collection,
    unhealthySince: history ? history.unhealthySince : null,
    intermittent: history ? history.intermittent : null,
    checkedAt: p.checkedAt,
  };
}

t.test('any result -> line -> parsed equals the part a line can carry', async () => {
  fc.assert(
    fc.property(parts, (p) => {
      const line = renderLine(toResult(p));
      if (line.length > 2048 || !/^[\x20-\x7e]*$/.test(line)) throw new Error(`not one short ASCII line: ${line}`);
      const parsed = parseLine(line);
      assert.deepEqual(parsed?.values, lineRepresentable(p), line);
      // Whole, but for what could forge the line: a marker, `|` and `=` are neutralized (README, --format line).
      assert.equal(
        parsed?.summary,
        toSummary(p.summary),
        'the summary comes back, neutralized only where it could forge',
      );
    }),
    params,
  );
});

t.test('behind a script verdict, among other output lines, the same line parses the same', async () => {
  fc.assert(
    fc.property(parts, printable, (p, noise) => {
      const line = renderLine(toResult(p));
      const parsed = parseLine(`${noise.replace(/TETRA-DOCTOR /g, '')}\r\nUNHEALTHY: ${line}\r\n`);
      assert.deepEqual(parsed?.values, lineRepresentable(p), line);
    }),
    params,
  );
});

t.test('any text in any field: still one ASCII line of at most 2048 characters, numbers and status exact', async () => {
  const anything = fc.string({ unit: 'binary', maxLength: 3000 });
  fc.assert(
    fc.property(parts, anything, anything, fc.option(anything), (p, host, summary, outcome) => {
      const wild = { ...p, host, summary, remediation: outcome };
      const line = renderLine(toResult(wild));
      if (line.length > 2048 || !/^[\x20-\x7e]*$/.test(line)) throw new Error(`not one short ASCII line: ${line}`);
      const values = parseLine(line)?.values;
      if (values?.status !== p.status || values.exitCode !== p.exitCode || values.version !== p.version)
        throw new Error(`did not parse back: ${line}`);
    }),
    params,
  );
});
