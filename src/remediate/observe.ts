// Reads the definition state the way detect does (posture first, local.xml as fallback), without the rest.
import { deriveFacts } from '../diagnose/facts';
import { emptySnapshot } from '../evidence/emptySnapshot';
import { readLocalXml } from '../evidence/localXml';
import { readPosture } from '../evidence/posture';
import type { InstallInfo } from '../types';

export interface DefinitionState {
  version: number | null;
  /** Unix seconds. */
  lastSuccessfulUpdate: number | null;
}

export async function observeDefinitions(install: InstallInfo, postureTimeoutMs: number): Promise<DefinitionState> {
  const [posture, localXml] = await Promise.all([readPosture(install.versionDir!, postureTimeoutMs), readLocalXml(install.root!)]);
  const facts = deriveFacts({ ...emptySnapshot(new Date(), 'not needed to watch the update'), install, posture, localXml });
  return { version: facts.version, lastSuccessfulUpdate: facts.lastSuccessfulUpdate };
}

/** The update took: the version rose, or the connector recorded a successful update after it was forced. */
export function updateTook(before: DefinitionState, now: DefinitionState, forcedAtMs: number): boolean {
  const rose = before.version !== null && now.version !== null && now.version > before.version;
  const forcedAtS = Math.floor(forcedAtMs / 1000);
  const succeeded = now.lastSuccessfulUpdate !== null && now.lastSuccessfulUpdate >= forcedAtS && now.lastSuccessfulUpdate !== before.lastSuccessfulUpdate;
  return rose || succeeded;
}
