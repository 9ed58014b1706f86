// README.md's table of `line` fields is the contract scripts and portals read: it lists exactly the keys
// LINE_FIELDS writes, in the order written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { LINE_FIELDS } from '../../src/contract/lineFields';

t.test("README.md's line-field table lists the written keys, in order", async (t) => {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf('`--format line`');
  const section = readme.slice(start, readme.indexOf('`--format text`', start));
  const keys = section
    .split('\n')
    .map((l) => /^\|\s*`([a-z_]+)`\s*\|/.exec(l)?.[1])
    .filter((k): k is string => k !== undefined);
  t.same(
    keys,
    Object.values(LINE_FIELDS).map((f) => f.key),
  );
});
