// The fleet part of the bad-input matrix (fleetCases.ts): every hostile input gives its exit code, a complete
// JSON report, no stack trace, bounded time and memory, and what its case says the report must hold.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { promptLimit } from '../helpers/cli';
import { cleanUpFleet, FLEET_CASES as FLEET_BASE_CASES } from './fleetCases';
import { FLEET_TRUTH_CASES } from './fleetTruthCases';

const FLEET_CASES = [...FLEET_BASE_CASES, ...FLEET_TRUTH_CASES];

const REPORT_KEYS = [
  'schemaVersion',
  'tool',
  'command',
  'generatedAt',
  'inputs',
  'endpoints',
  'current',
  'freshness',
  'status',
  'latestVersion',
  'versionLag',
  'causes',
  'attention',
  'secureEndpoint',
];
t.setTimeout(600_000);
t.teardown(cleanUpFleet);

t.test('the fleet bad-input matrix', async (t) => {
  t.ok(FLEET_CASES.length >= 30, `${FLEET_CASES.length} cases`);
  t.equal(new Set(FLEET_CASES.map((c) => c.id)).size, FLEET_CASES.length, 'ids are unique');
  // The time bound scales with a baseline run measured here, so that a loaded machine raises it with it.
  const bound = await promptLimit(30_000, Infinity);
  const only = process.env.MATRIX_ONLY ? new RegExp(process.env.MATRIX_ONLY) : null;
  for (const c of FLEET_CASES.filter((c) => !only || only.test(c.id))) {
    const run = await c.run();
    t.test(`${c.id} ${c.area}: ${c.input}`, async (t) => {
      t.equal(run.code, c.exit, 'exit code');
      t.notMatch(run.stdout + run.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
      t.ok(run.ms < bound, `bounded time (${run.ms} ms, bound ${bound} ms)`);
      if (run.rssKiB !== null) t.ok(run.rssKiB < 300 * 1024, `bounded memory (${(run.rssKiB / 1024).toFixed(0)} MB)`);
      const report = JSON.parse(run.stdout || 'null');
      t.ok(report, 'stdout is valid JSON');
      t.same(
        REPORT_KEYS.filter((k) => !(k in (report ?? {}))),
        [],
        'the report is complete',
      );
      t.same(report ? c.check(report, run) : ['no report'], [], 'the report says what it must');
    });
  }
});

t.test('docs/reliability.md lists every fleet case', async (t) => {
  const doc = readFileSync(path.resolve(__dirname, '../../docs/reliability.md'), 'utf8');
  for (const c of FLEET_CASES)
    t.ok(doc.includes(`| ${c.id} | ${c.area} |`), `${c.id} is in the table (npm run docs:reliability)`);
});
