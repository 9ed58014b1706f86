// The PowerShell scripts read `line` results too (the UDF, NinjaOne's fields, the Datto monitor): every key they ask
// for must be one the writer writes, so LINE_FIELDS stays the one definition for them as for fleet.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { LINE_FIELDS } from '../../src/contract/lineFields';
import { REPO_ROOT } from '../helpers/pwsh';

const WRITTEN = new Set<string>(Object.values(LINE_FIELDS).map((field) => field.key));

/** Keys a script reads from a parsed line: Fields['k'], Fields.ContainsKey('k'), and foreach ($key in @('k', ...)). */
export function lineKeysUsed(script: string): string[] {
  const keys = new Set<string>();
  for (const [, key] of script.matchAll(/Fields(?:\.ContainsKey\(|\[)'([^']+)'/g)) keys.add(key);
  for (const [, list] of script.matchAll(/foreach \(\$key in @\(([^)]*)\)\)[^\n]*\n[^\n]*Fields/g)) {
    for (const [, key] of list.matchAll(/'([^']+)'/g)) keys.add(key);
  }
  return [...keys];
}

const scripts = ['intune', 'rmm', 'scripts-shared'].flatMap((dir) =>
  readdirSync(path.join(REPO_ROOT, dir))
    .filter((name) => name.endsWith('.ps1'))
    .map((name) => path.join(dir, name)),
);

t.test('every line key a PowerShell script reads is written by renderLine', async (t) => {
  let checked = 0;
  for (const script of scripts) {
    for (const key of lineKeysUsed(readFileSync(path.join(REPO_ROOT, script), 'utf8'))) {
      t.ok(WRITTEN.has(key), `${script} reads line key "${key}"`);
      checked++;
    }
  }
  t.ok(checked >= 5, `keys found in the scripts (${checked})`);
});

t.test('the key finder sees a key the writer does not write', async (t) => {
  const stale =
    "foreach ($key in @('version', 'since')) {\n  if ($Run.Fields.ContainsKey($key)) { }\n}\n$x = $run.Fields['remediation']";
  t.same(lineKeysUsed(stale).sort(), ['remediation', 'since', 'version']);
  t.notOk(WRITTEN.has('since'));
  t.notOk(WRITTEN.has('remediation'));
});
