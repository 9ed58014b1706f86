// Contracts that scripts and reports depend on: the complete result shape even when the run itself fails, and
// every finding code produced by at least one test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { runDiagnosis } from '../../src/run/diagnosisStep';
import { FINDING_ROLES } from '../../src/contract/findings';
import { defaultOptions } from '../../src/contract/options';

t.test('an unexpected failure still gives the whole result: undetermined, INTERNAL_ERROR, exit 4', async (t) => {
  // An invalid clock makes the snapshot itself throw: a failure no rule anticipates.
  const { result } = await runDiagnosis(
    'detect',
    defaultOptions({ now: new Date(Number.NaN), offline: true, ampDir: '/nonexistent' }),
    'endpoint',
  );
  t.match(result, {
    schemaVersion: 1,
    status: 'undetermined',
    exitCode: 4,
    findings: [{ code: 'INTERNAL_ERROR', severity: 'error' }],
  });
  for (const key of ['tool', 'host', 'checkedAt', 'connector', 'tetra', 'probes', 'summary']) t.ok(key in result, key);
  t.notMatch(JSON.stringify(result), /\n\s+at /, 'no stack trace');
});

t.test('every finding code is asserted by some test', async (t) => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? files(file) : file.endsWith('.ts') ? [file] : [];
    });
  const testDir = path.resolve(__dirname, '..');
  const tests = files(testDir)
    .filter((f) => !f.includes(`${path.sep}helpers${path.sep}`))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  for (const code of Object.keys(FINDING_ROLES))
    t.ok(tests.includes(`'${code}'`), `${code} appears in a test's expectations`);
});
