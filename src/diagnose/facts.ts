// The few facts the rules judge by, derived once from the snapshot: posture first (live), local.xml as fallback.
import { tetraEngine } from '../evidence/posture';
import type { LocalXmlInfo, PostureInfo, Snapshot, Source } from '../contract/types';

export interface TetraFacts {
  installed: boolean;
  /** False when policy or posture turns TETRA off; null when nothing says. */
  enabled: boolean | null;
  updaterEnabled: boolean | null;
  connectorVersion: string | null;
  running: boolean | null;
  connected: boolean | null;
  version: number | null;
  latestVersion: number | null;
  versionsBehind: number | null;
  /** Unix seconds. */
  lastSuccessfulUpdate: number | null;
  /** Null when unknown, and when the last update lies in the future (then `aheadHours` says by how much). */
  ageHours: number | null;
  /** How far the last successful update lies ahead of this endpoint's clock, beyond the tolerance; else null. */
  aheadHours: number | null;
  lastError: number | null;
}

/** Clocks and the connector's record may disagree a little; beyond this the age cannot be trusted. */
const FUTURE_TOLERANCE_HOURS = 1;

/** The definition state alone, as remediate watches it after forcing an update. */
export interface DefinitionState {
  version: number | null;
  /** Unix seconds. */
  lastSuccessfulUpdate: number | null;
}

/** Posture is the connector's live word; local.xml speaks only where posture has no value. A newer time in
 * local.xml must not mask a stale posture: the file can lag or be left behind by an update that did not take. */
export function definitionState(postureSource: Source<PostureInfo>, localXml: Source<LocalXmlInfo>): DefinitionState {
  const posture = postureSource.state === 'ok' ? postureSource.value : null;
  const local = localXml.state === 'ok' ? localXml.value : null;
  const engine = posture ? tetraEngine(posture) : null;
  const definition = engine?.definitions.find((d) => d.version !== null) ?? engine?.definitions[0] ?? null;
  return {
    version: definition?.version ?? local?.tetraVersion ?? null,
    lastSuccessfulUpdate: definition?.lastSuccessfulUpdate ?? local?.lastSuccess ?? null,
  };
}

export function deriveFacts(snapshot: Snapshot): TetraFacts {
  const posture = snapshot.posture.state === 'ok' ? snapshot.posture.value : null;
  const local = snapshot.localXml.state === 'ok' ? snapshot.localXml.value : null;
  const policy = snapshot.policy.state === 'ok' ? snapshot.policy.value : null;
  const service = snapshot.service.state === 'ok' ? snapshot.service.value : null;
  const engine = posture ? tetraEngine(posture) : null;
  const { version, lastSuccessfulUpdate } = definitionState(snapshot.posture, snapshot.localXml);
  const latestVersion = snapshot.reference.state === 'ok' ? snapshot.reference.value.latestVersion : null;
  const now = Date.parse(snapshot.checkedAt) / 1000;
  const age = lastSuccessfulUpdate !== null ? (now - lastSuccessfulUpdate) / 3600 : null;
  return {
    installed: snapshot.install.found,
    enabled: firstKnownFalse(engine?.enabled ?? null, policy?.tetraEnabled ?? null),
    updaterEnabled: policy?.updaterEnabled ?? null,
    connectorVersion: posture?.connectorVersion ?? snapshot.install.liveVersion,
    running: firstKnownFalse(posture?.running ?? null, service?.running ?? null),
    connected: posture?.connected ?? null,
    version,
    latestVersion,
    versionsBehind: version !== null && latestVersion !== null ? Math.max(0, latestVersion - version) : null,
    lastSuccessfulUpdate,
    ageHours: age !== null && age >= -FUTURE_TOLERANCE_HOURS ? Math.max(0, age) : null,
    aheadHours: age !== null && age < -FUTURE_TOLERANCE_HOURS ? -age : null,
    lastError: local?.lastError ?? null,
  };
}

/** Either source saying "off" means off; both unknown stays unknown. */
function firstKnownFalse(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false;
  return a ?? b;
}
