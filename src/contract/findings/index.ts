// Every finding code, defined once (role, status effect, fleet label, parameters, example, English and Japanese
// text). Finding codes are stable: scripts and fleet reports key on them. To add one, see "Adding a finding code" in
// README.md.
import { ACTIONS } from './actions';
import { CAUSES } from './causes';
import type { FindingDefinition, FindingParams, FindingRole } from './definition';
import { NOTICES } from './notices';
import { VERDICT } from './verdict';

export type { FindingDefinition, FindingRole, NoParams, StatusEffect } from './definition';

/** The groups, each a file of its own; a code must appear in exactly one (test/unit/findings.test.ts checks it). */
export const FINDING_GROUPS = { VERDICT, CAUSES, NOTICES, ACTIONS } as const;

export const FINDINGS = { ...VERDICT, ...CAUSES, ...NOTICES, ...ACTIONS };

export type FindingCode = keyof typeof FINDINGS;
export const FINDING_CODES = Object.keys(FINDINGS) as FindingCode[];

/** Each code's role in the verdict. */
export const FINDING_ROLES = Object.fromEntries(FINDING_CODES.map((code) => [code, FINDINGS[code].role])) as Record<
  FindingCode,
  FindingRole
>;

/** The parameters a finding's record declares: what a rule must give when it raises the code. */
export type ParamsOf<C extends FindingCode> = (typeof FINDINGS)[C]['example'];

/**
 * What a rule reports: which finding, and the facts its message is built from, typed by the code. `FindingDraft` is
 * any code's draft; `FindingDraft<'X'>` one code's.
 */
export type FindingDraft<C extends FindingCode = FindingCode> = {
  [K in C]: {
    code: K;
    params: ParamsOf<K>;
    /** A network cause found on a path tetra-doctor guessed (see PathProvenance): labelled, not asserted. */
    guessed?: boolean;
  };
}[C];

/** Any code's definition, its text taking parameters of the common bound (a draft's params meet its own code's). */
export function definitionOf(code: FindingCode): FindingDefinition<FindingParams> {
  return FINDINGS[code];
}

/** Codes read from outside (fleet inputs) may come from a newer or older tetra-doctor. */
export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDINGS, code);
}
