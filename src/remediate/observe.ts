// Reads the definition state the way detect does (posture first, local.xml only where posture has no value).
import { definitionState, type DefinitionState } from '../diagnose/facts';
import type { TrustedInstall } from '../discover/trustedInstall';
import { readLocalXml } from '../evidence/localXml';
import { readPosture } from '../evidence/posture';

export type { DefinitionState };

export async function observeDefinitions(install: TrustedInstall, postureTimeoutMs: number): Promise<DefinitionState> {
  const [posture, localXml] = await Promise.all([readPosture(install, postureTimeoutMs), readLocalXml(install)]);
  return definitionState(posture, localXml);
}

/** A recorded success this far past the moment it was observed is a wrong clock or damage, not evidence. */
const CLOCK_TOLERANCE_S = 60;

/**
 * The update took, on evidence only: the version rose, or the connector recorded a successful update after it was
 * forced, newer than the one before, and not later than the moment it was observed (a time in the future proves
 * nothing: it is how a damaged record or a wrong clock looks).
 */
export function updateTook(
  before: DefinitionState,
  now: DefinitionState,
  forcedAtMs: number,
  observedAtMs: number,
): boolean {
  const rose = before.version !== null && now.version !== null && now.version > before.version;
  const forcedAtS = Math.floor(forcedAtMs / 1000);
  const last = now.lastSuccessfulUpdate;
  const newer = before.lastSuccessfulUpdate === null || (last !== null && last > before.lastSuccessfulUpdate);
  const succeeded = last !== null && last >= forcedAtS && newer && last <= observedAtMs / 1000 + CLOCK_TOLERANCE_S;
  return rose || succeeded;
}
