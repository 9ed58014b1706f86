// The result every format renders: DESIGN's JSON contract, built from the snapshot and the diagnosis.
import { localizeFindings, type Diagnosis } from '../diagnose/diagnose';
import { lastErrorName } from '../diagnose/rules/lastError';
import type { Language } from '../options';
import type { Finding, ProbeResult, Snapshot, Source, Status } from '../types';
import { summarize } from './summary';

import { TOOL_VERSION } from './version';

export interface DoctorResult {
  schemaVersion: 1;
  tool: { name: 'tetra-doctor'; version: string };
  command: string;
  host: string;
  checkedAt: string;
  status: Status;
  exitCode: number;
  /** guid: the connector's GUID (posture agent_uuid, else local.xml config/agent/uuid), the console's key for it. */
  connector: { installed: boolean; version: string | null; guid?: string | null; installDir: string | null; running: boolean | null; connected: boolean | null };
  tetra: {
    enabled: boolean | null;
    version: number | null;
    latestVersion: number | null;
    versionsBehind: number | null;
    lastSuccessfulUpdate: string | null;
    lastError: { code: number; unsigned: number; name: string } | null;
  };
  updateServer: string | null;
  proxy: { host: string; port: number; username: string | null; source: string } | null;
  sources: Record<'posture' | 'localXml' | 'policy' | 'service' | 'reference', { state: string; error?: string; reason?: string }>;
  probes: Array<Omit<ProbeResult, 'failure'> & { failure: string | null }>;
  findings: Finding[];
  summary: string;
  /** The same words in the language asked for, when that is not English; codes stay English everywhere. */
  localized?: { lang: Language; summary: string; findings: Finding[] };
  [extra: string]: unknown;
}

export function buildResult(command: string, snapshot: Snapshot, diagnosis: Diagnosis, lang: Language): DoctorResult {
  const { facts } = diagnosis;
  return {
    schemaVersion: 1,
    tool: { name: 'tetra-doctor', version: TOOL_VERSION },
    command,
    host: snapshot.host,
    checkedAt: snapshot.checkedAt,
    status: diagnosis.status,
    exitCode: diagnosis.exitCode,
    connector: {
      installed: snapshot.install.found,
      version: facts.connectorVersion,
      guid: connectorGuid(snapshot),
      installDir: snapshot.install.root,
      running: facts.running,
      connected: facts.connected,
    },
    tetra: {
      enabled: facts.enabled,
      version: facts.version,
      latestVersion: facts.latestVersion,
      versionsBehind: facts.versionsBehind,
      lastSuccessfulUpdate: facts.lastSuccessfulUpdate !== null ? new Date(facts.lastSuccessfulUpdate * 1000).toISOString() : null,
      lastError: facts.lastError !== null ? { code: facts.lastError, unsigned: facts.lastError >>> 0, name: lastErrorName(facts.lastError) } : null,
    },
    updateServer: snapshot.updateServer,
    proxy: snapshot.proxy ? { host: snapshot.proxy.host, port: snapshot.proxy.port, username: snapshot.proxy.username, source: snapshot.proxy.source } : null,
    sources: {
      posture: sourceState(snapshot.posture),
      localXml: sourceState(snapshot.localXml),
      policy: sourceState(snapshot.policy),
      service: sourceState(snapshot.service),
      reference: sourceState(snapshot.reference),
    },
    probes: snapshot.probes,
    findings: diagnosis.findings,
    summary: summarize(diagnosis, diagnosis.findings, 'en'),
    ...(lang === 'en' ? {} : { localized: localized(diagnosis, lang) }),
  };
}

/** The GUID the Secure Endpoint console lists the computer by; `fleet --secure-endpoint` joins on it. */
function connectorGuid(snapshot: Snapshot): string | null {
  const fromPosture = snapshot.posture.state === 'ok' ? snapshot.posture.value.agentUuid : null;
  const fromLocalXml = snapshot.localXml.state === 'ok' ? snapshot.localXml.value.agentUuid : null;
  const guid = fromPosture ?? fromLocalXml;
  // A GUID is hex and dashes; anything else from a file is not one and must not reach the line or a join.
  return guid !== null && /^[0-9a-fA-F-]{8,64}$/.test(guid) ? guid.toLowerCase() : null;
}

function localized(diagnosis: Diagnosis, lang: Language): NonNullable<DoctorResult['localized']> {
  const findings = localizeFindings(diagnosis.drafts, diagnosis.status, lang);
  return { lang, summary: summarize(diagnosis, findings, lang), findings };
}

function sourceState(source: Source<unknown>): { state: string; error?: string; reason?: string } {
  if (source.state === 'failed') return { state: 'failed', error: source.error };
  if (source.state === 'skipped') return { state: 'skipped', reason: source.reason };
  return { state: 'ok' };
}
