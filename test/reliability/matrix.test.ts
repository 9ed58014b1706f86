// Runs the bad-input matrix (cases.ts, cases/): every hostile input yields its finding and exit code, complete
// output, an empty stderr, no stack trace, bounded time and memory, and its class's own checks.
import t from 'tap';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assess, CASES } from './cases';
import { runMatrix } from './runMatrix';

// Over a hundred child processes and their servers: on a busy 2-core machine this takes minutes.
t.setTimeout(900_000);

t.test('the bad-input matrix', async (t) => {
  t.ok(CASES.length >= 110, `${CASES.length} cases`);
  t.equal(new Set(CASES.map((c) => c.id)).size, CASES.length, 'ids are unique');
  const only = process.env.MATRIX_ONLY ? new RegExp(process.env.MATRIX_ONLY) : null;
  const cases = only ? CASES.filter((c) => only.test(c.id)) : CASES;
  const { runs: results, baselineMs } = await runMatrix(cases);
  for (const c of cases) {
    const run = results.get(c.id)!;
    t.test(`${c.id} ${c.area}: ${c.input}`, async (t) => {
      for (const { name, problem } of assess(c, run, baselineMs)) t.equal(problem, null, name);
    });
  }
});

t.test(
  'docs/reliability.md lists every case',
  { skip: process.env.MATRIX_ONLY ? 'MATRIX_ONLY runs a subset' : false },
  async (t) => {
    const doc = readFileSync(path.resolve(__dirname, '../../docs/reliability.md'), 'utf8');
    for (const c of CASES)
      t.ok(doc.includes(`| ${c.id} | ${c.area} |`), `${c.id} is in the table (npm run docs:reliability)`);
  },
);
