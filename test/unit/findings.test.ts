// Each finding code is defined once, in src/diagnose/findings/; README.md's finding-code table is the contract
// scripts read, so it must list exactly the defined codes, each with the severity its role gives.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { FINDING_CODES, FINDING_GROUPS, FINDINGS, type FindingRole } from '../../src/diagnose/findings';
import { causeName } from '../../src/fleet/render/labels';

/** The severity column of README.md for each role (a cause is an error or a warning depending on the verdict). */
const README_SEVERITY: Record<FindingRole, string> = {
  applicability: 'info',
  refusal: 'error',
  state: 'error',
  cause: 'cause',
  notice: 'warning',
};

function readmeTable(): Map<string, string> {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Finding codes'),
    readme.indexOf('\n## ', readme.indexOf('## Finding codes') + 1),
  );
  const rows = section.split('\n').filter((l) => /^\|\s*[A-Z][A-Z_]+\s*\|/.test(l));
  const table = new Map<string, string>();
  for (const row of rows) {
    const [code, severity] = row
      .split('|')
      .slice(1, 3)
      .map((c) => c.trim());
    if (table.has(code)) throw new Error(`${code} is listed twice in README.md`);
    table.set(code, severity);
  }
  return table;
}

t.test("README.md's finding-code table lists exactly the defined codes, with their severity", async (t) => {
  const table = readmeTable();
  t.same([...table.keys()].sort(), [...FINDING_CODES].sort(), 'the same codes');
  for (const code of FINDING_CODES)
    t.equal(table.get(code), README_SEVERITY[FINDINGS[code].role], `${code}: ${FINDINGS[code].role}`);
});

t.test('every code is defined in exactly one group file', async (t) => {
  const total = Object.values(FINDING_GROUPS).reduce((n, group) => n + Object.keys(group).length, 0);
  t.equal(total, FINDING_CODES.length, 'no code defined twice (a later spread would silently replace an earlier one)');
});

t.test('status effects agree with roles: only findings that judge the endpoint move its status', async (t) => {
  for (const code of FINDING_CODES) {
    const { role, status } = FINDINGS[code];
    if (role === 'cause' || role === 'notice') t.equal(status, 'none', `${code}: a ${role} never decides the verdict`);
    if (role === 'applicability' && code !== 'REMEDIATION_BUSY') t.equal(status, 'not_applicable', code);
    if (role === 'refusal') t.equal(status, 'undetermined', code);
  }
});

t.test('every code has a short fleet label in each language, and unknown codes show as themselves', async (t) => {
  for (const code of FINDING_CODES) {
    for (const lang of ['en', 'ja'] as const) {
      const label = causeName(code, lang);
      t.ok(label.length > 3 && label.length <= 60 && label !== code, `${lang} ${code}: ${label}`);
    }
  }
  t.equal(causeName('SOME_FUTURE_CODE', 'ja'), 'SOME_FUTURE_CODE');
});
