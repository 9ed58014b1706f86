// How long debug logging stays on: one TETRA update interval, so that the log covers at least one update attempt.
import { readPolicyXml } from '../../evidence/policyXml';

/** Used when neither --duration nor a readable policy says: policy.xml is often unreadable from connector 8.1.3. */
export const DEFAULT_INTERVAL_SECONDS = 3600;

export interface CollectWindow {
  seconds: number;
  source: 'option' | 'policy' | 'default';
}

export async function collectWindow(durationOption: number | null, installRoot: string): Promise<CollectWindow> {
  if (durationOption !== null) return { seconds: durationOption, source: 'option' };
  const { policy } = await readPolicyXml(installRoot);
  const interval = policy.state === 'ok' ? policy.value.updateIntervalSeconds : null;
  return interval !== null && interval > 0 ? { seconds: interval, source: 'policy' } : { seconds: DEFAULT_INTERVAL_SECONDS, source: 'default' };
}
