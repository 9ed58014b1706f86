// Runs the bad-input matrix (cases.ts): every hostile input yields its finding and exit code, complete JSON, an
// empty stderr, no stack trace, and bounded time and memory.
import t from 'tap';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CASES } from './cases';
import { runMatrix } from './runMatrix';

const RESULT_KEYS = ['schemaVersion', 'tool', 'command', 'host', 'checkedAt', 'status', 'exitCode', 'connector', 'tetra', 'probes', 'findings', 'summary'];
// Fifty child processes and their servers: on a busy 2-core machine this takes minutes, not the default two.
t.setTimeout(400_000);

t.test('the bad-input matrix', async (t) => {
  t.ok(CASES.length >= 40, `${CASES.length} cases`);
  t.equal(new Set(CASES.map((c) => c.id)).size, CASES.length, 'ids are unique');
  const results = await runMatrix(CASES);
  for (const c of CASES) {
    const run = results.get(c.id)!;
    t.test(`${c.id} ${c.area}: ${c.input}`, async (t) => {
      t.equal(run.code, c.exit, 'exit code');
      t.notMatch(run.stdout + run.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
      t.ok(run.ms < 20_000, `bounded time (${run.ms} ms)`);
      if (run.rssKiB !== null) t.ok(run.rssKiB < 150 * 1024, `bounded memory (${(run.rssKiB / 1024).toFixed(0)} MB)`);
      if (c.exit === 2) {
        t.equal(run.stdout, '', 'nothing on stdout');
        t.equal(run.stderr.trim().split('\n').length, 1, 'one line on stderr');
        return;
      }
      t.equal(run.stderr, '', 'stderr stays empty');
      t.ok(run.json, 'stdout is valid JSON');
      t.same(RESULT_KEYS.filter((k) => !(k in (run.json ?? {}))), [], 'the result is complete');
      const codes = (run.json?.findings ?? []).map((f: { code: string }) => f.code);
      for (const code of c.codes) t.ok(codes.includes(code), `reports ${code} (got ${codes.join(', ') || 'none'})`);
      if (c.codes.length === 0) t.same(codes, [], 'tolerated without findings');
      t.notMatch(run.stdout, /S3NTINEL/, 'the proxy password never shows');
    });
  }
});

t.test('docs/reliability.md lists every case', async (t) => {
  const doc = readFileSync(path.resolve(__dirname, '../../docs/reliability.md'), 'utf8');
  for (const c of CASES) t.match(doc, new RegExp(`^\\| ${c.id} \\| ${c.area} \\|`, 'm'), `${c.id} is in the table (npm run docs:reliability)`);
});
