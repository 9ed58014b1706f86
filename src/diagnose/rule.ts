// The shape of every check: a pure function of the snapshot (and facts derived from it) to findings.
import type { Snapshot } from '../contract/types';
import type { FindingCode, FindingDraft, NoParams, ParamsOf } from '../contract/findings';
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

/** A code known only as one of several comes with what every one of them needs (the intersection of their params). */
type ParamsOfEach<C extends FindingCode> = (C extends FindingCode ? (params: ParamsOf<C>) => void : never) extends (
  params: infer P,
) => void
  ? P
  : never;

/** One finding, with the parameters its code's record declares (none for a code whose text names no fact). */
export function found<C extends FindingCode>(code: C, params: ParamsOfEach<C>): FindingDraft<C>[];
export function found<C extends FindingCode>(code: ParamsOf<C> extends NoParams ? C : never): FindingDraft<C>[];
export function found<C extends FindingCode>(code: C, params?: ParamsOfEach<C>): FindingDraft<C>[] {
  return [{ code, params: params ?? {} }];
}
