// The shape of every check: a pure function of the snapshot (and facts derived from it) to findings.
import type { Snapshot } from '../types';
import type { FindingDraft } from './codes';
import type { TetraFacts } from './facts';

export interface RuleContext {
  snapshot: Snapshot;
  facts: TetraFacts;
  maxAgeHours: number;
  maxBehind: number;
}

export interface Rule {
  /** What the check looks at, for people reading the code and the docs. */
  label: string;
  check(ctx: RuleContext): FindingDraft[];
}

export const found = (code: FindingDraft['code'], params: FindingDraft['params'] = {}): FindingDraft[] => [
  { code, params },
];
