// The remediation block of the JSON contract (its type lives with the result contract in src/contract/additions.ts).
import type { DefinitionsSeen, Outcome, Remediation } from '../contract/additions';
import type { DefinitionState } from './observe';

export type { DefinitionsSeen, Outcome, Remediation };

export function seen(state: DefinitionState): DefinitionsSeen {
  return {
    version: state.version,
    lastSuccessfulUpdate:
      state.lastSuccessfulUpdate !== null ? new Date(state.lastSuccessfulUpdate * 1000).toISOString() : null,
  };
}
