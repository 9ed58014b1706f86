// Each cause said once in a run, across findings too (README, "Output"): the reference version fetched through the
// same failing proxy or PAC file as the update server does not repeat that cause's words.
import type { FindingDraft } from '../contract/findings';
import type { ProbeFailure, ProbeResult } from '../contract/types';
import { networkCauseOf } from './rules/networkPath';

/** Failures of the proxy or PAC file itself: every check sent that way fails with it, whatever its target. */
const ROUTE_FAILURES: ReadonlySet<ProbeFailure> = new Set<ProbeFailure>([
  'proxy_unreachable',
  'proxy_auth',
  'proxy_auth_scheme',
  'proxy_tunnel',
  'pac_unreachable',
  'pac_invalid',
]);

/**
 * Each cause said once in a run, across findings too: when the reference version could not be read because of a
 * proxy or PAC failure that a cause already states (one 407 fails every check), REFERENCE_UNAVAILABLE names that
 * cause's code instead of repeating its words.
 */
export function nameCausesOnce(drafts: FindingDraft[], probes: readonly ProbeResult[]): FindingDraft[] {
  const failure = probes.find((p) => p.name === 'reference' && !p.ok)?.failure ?? null;
  const cause = failure !== null && ROUTE_FAILURES.has(failure) ? networkCauseOf(failure) : null;
  if (cause === null || !drafts.some((d) => d.code === cause)) return drafts;
  return drafts.map((d) => (d.code === 'REFERENCE_UNAVAILABLE' ? { ...d, params: { ...d.params, sameAs: cause } } : d));
}
