// Each finding code is defined once, in src/contract/findings/ (README.md's finding-code table is generated from the
// records: test/unit/generatedDocs.test.ts): each in one group, with a status effect its role allows, labels and text.
import t from 'tap';
import { renderFinding } from '../../src/diagnose/diagnose';
import { FINDING_CODES, FINDING_GROUPS, FINDINGS, type FindingDraft } from '../../src/contract/findings';
import { found } from '../../src/diagnose/rule';
import { causeName } from '../../src/fleet/render/labels';

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

t.test("every finding's text, rendered from its record's example in each language, is whole", async (t) => {
  for (const code of FINDING_CODES) {
    const draft = { code, params: FINDINGS[code].example } as FindingDraft;
    for (const lang of ['en', 'ja'] as const) {
      const { message, action } = renderFinding(draft, 'unhealthy', lang);
      for (const [part, text] of Object.entries({ message, action })) {
        t.ok(text.length > 10, `${lang} ${code} ${part}: ${text}`);
        t.notMatch(text, /undefined|null|NaN|\[object /, `${lang} ${code} ${part} names every parameter it reads`);
      }
      // Japanese text is Japanese; English text has none of it.
      const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
      if (lang === 'ja') t.match(message, japanese, `${code} is Japanese`);
      else t.notMatch(message + action, japanese, `${code} is English`);
    }
  }
});

t.test('the compiler rejects a finding raised with missing, unknown or mistyped parameters', async (t) => {
  // `npm run typecheck` compiles this file: each marked line must fail to compile, or the unused directive does.
  const rejected = [
    // @ts-expect-error a parameter missing
    () => found('DEFINITIONS_STALE', { ageHours: 50, ageDays: 2, maxAgeHours: 24 }),
    // @ts-expect-error parameters missing altogether
    () => found('INTERNAL_ERROR'),
    // @ts-expect-error a parameter the record does not declare
    () => found('TETRA_DISABLED', { reason: 'x' }),
    // @ts-expect-error a parameter of the wrong type
    () => found('CONNECTOR_NOT_RUNNING', { service: 1 }),
    // @ts-expect-error a code known only as one of two needs what both need
    () => found(Math.random() > 0.5 ? 'TETRA_DISABLED' : 'INTERNAL_ERROR', {}),
  ];
  // @ts-expect-error a draft literal is checked the same way
  const draft: FindingDraft = { code: 'SERVER_UNREACHABLE', params: { error: 'e' } };
  t.equal(rejected.length + [draft].length, 6);
  t.same(found('TETRA_DISABLED'), [{ code: 'TETRA_DISABLED', params: {} }], 'a code without parameters needs none');
});
