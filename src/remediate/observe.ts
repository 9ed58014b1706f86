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

/** The update took: the version rose, or the connector recorded a successful update after it was forced. */
export function updateTook(before: DefinitionState, now: DefinitionState, forcedAtMs: number): boolean {
  const rose = before.version !== null && now.version !== null && now.version > before.version;
  const forcedAtS = Math.floor(forcedAtMs / 1000);
  const succeeded = now.lastSuccessfulUpdate !== null && now.lastSuccessfulUpdate >= forcedAtS && now.lastSuccessfulUpdate !== before.lastSuccessfulUpdate;
  return rose || succeeded;
}
