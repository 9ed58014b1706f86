// How long debug logging stays on: one TETRA update interval, so that the log covers at least one update attempt.
import type { CollectWindow } from '../../contract/additions';

export type { CollectWindow };

/** Used when neither --duration nor a readable policy says: policy.xml is often unreadable from connector 8.1.3. */
const DEFAULT_INTERVAL_SECONDS = 3600;

/** `policyInterval` is what the diagnosis already read from policy.xml: the file is not read a second time. */
export function collectWindow(durationOption: number | null, policyInterval: number | null): CollectWindow {
  if (durationOption !== null) return { seconds: durationOption, source: 'option' };
  return policyInterval !== null && policyInterval > 0
    ? { seconds: policyInterval, source: 'policy' }
    : { seconds: DEFAULT_INTERVAL_SECONDS, source: 'default' };
}
