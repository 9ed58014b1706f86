// The admin-machine part of the bad-input matrix (adminCases.ts): `policy` writing into a folder where something
// was planted, and hostile console answers. Each asserts the exit code, no stack trace, bounded time and memory, and
// what its case says must hold.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { ADMIN_CASES, cleanUpAdmin } from './adminCases';

t.setTimeout(600_000);
t.teardown(cleanUpAdmin);

t.test('the admin-machine bad-input matrix', async (t) => {
  t.equal(new Set(ADMIN_CASES.map((c) => c.id)).size, ADMIN_CASES.length, 'ids are unique');
  const only = process.env.MATRIX_ONLY ? new RegExp(process.env.MATRIX_ONLY) : null;
  for (const c of ADMIN_CASES.filter((c) => !only || only.test(c.id))) {
    const run = await c.run();
    t.test(`${c.id} ${c.area}: ${c.input}`, async (t) => {
      t.equal(run.code, c.exit, `exit code (stderr: ${run.stderr.slice(0, 200)})`);
      t.notMatch(run.stdout + run.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
      t.ok(run.ms < 30_000, `bounded time (${run.ms} ms)`);
      if (run.rssKiB !== null) t.ok(run.rssKiB < 300 * 1024, `bounded memory (${(run.rssKiB / 1024).toFixed(0)} MB)`);
      t.same(c.check(run), [], 'what the case says holds');
    });
  }
});

t.test(
  'docs/reliability.md lists every admin case',
  { skip: process.env.MATRIX_ONLY ? 'MATRIX_ONLY runs a subset' : false },
  async (t) => {
    const doc = readFileSync(path.resolve(__dirname, '../../docs/reliability.md'), 'utf8');
    for (const c of ADMIN_CASES)
      t.ok(doc.includes(`| ${c.id} | ${c.area} |`), `${c.id} is in the table (npm run docs:reliability)`);
  },
);
