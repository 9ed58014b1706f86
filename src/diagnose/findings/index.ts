// Every finding code, defined once (role, status effect, fleet label, English and Japanese text). Finding codes are
// stable: scripts and fleet reports key on them. To add one, see "Adding a finding code" in README.md.
import { ACTIONS } from './actions';
import { CAUSES } from './causes';
import type { FindingDefinition, FindingParams } from './definition';
import { NOTICES } from './notices';
import { VERDICT } from './verdict';

export type { FindingDefinition, FindingParams, FindingRole, FindingText, StatusEffect } from './definition';

/** The groups, each a file of its own; a code must appear in exactly one (test/unit/findings.test.ts checks it). */
export const FINDING_GROUPS = { VERDICT, CAUSES, NOTICES, ACTIONS } as const;

export const FINDINGS = { ...VERDICT, ...CAUSES, ...NOTICES, ...ACTIONS } satisfies Record<string, FindingDefinition>;

export type FindingCode = keyof typeof FINDINGS;
export const FINDING_CODES = Object.keys(FINDINGS) as FindingCode[];

/** What a rule reports: which finding, and the facts its message is built from. */
export interface FindingDraft {
  code: FindingCode;
  params: FindingParams;
  /** A network cause found on a path tetra-doctor guessed (see PathProvenance): labelled, not asserted. */
  guessed?: boolean;
}

export function definitionOf(code: FindingCode): FindingDefinition {
  return FINDINGS[code];
}

/** Codes read from outside (fleet inputs) may come from a newer or older tetra-doctor. */
export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDINGS, code);
}
