// The result every format renders: DESIGN's JSON contract, built from the snapshot and the diagnosis.
import { localizeFindings, type Diagnosis } from '../diagnose/diagnose';
import { lastErrorName } from '../diagnose/rules/lastError';
import type { Language } from '../options';
import type { Finding, PathProvenance, ProbeResult, Snapshot, Source, Status } from '../types';
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
  connector: {
    installed: boolean;
    version: string | null;
    installDir: string | null;
    running: boolean | null;
    connected: boolean | null;
    /** The live version folder, how it was chosen, and a newer one waiting for a reboot. */
    liveVersion?: string | null;
    liveVia?: string | null;
    pendingVersion?: string | null;
  };
  tetra: {
    enabled: boolean | null;
    version: number | null;
    latestVersion: number | null;
    versionsBehind: number | null;
    lastSuccessfulUpdate: string | null;
    lastError: { code: number; unsigned: number; name: string } | null;
  };
  updateServer: string | null;
  /** Where the probed path came from (see PathProvenance); null when nothing was consulted. */
  path?: PathProvenance | null;
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
      installDir: snapshot.install.root,
      running: facts.running,
      connected: facts.connected,
      liveVersion: snapshot.install.liveVersion,
      liveVia: snapshot.install.liveVia ?? null,
      pendingVersion: snapshot.install.pendingVersion ?? null,
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
    path: snapshot.path ?? null,
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

function localized(diagnosis: Diagnosis, lang: Language): NonNullable<DoctorResult['localized']> {
  const findings = localizeFindings(diagnosis.drafts, diagnosis.status, lang);
  return { lang, summary: summarize(diagnosis, findings, lang), findings };
}

function sourceState(source: Source<unknown>): { state: string; error?: string; reason?: string } {
  if (source.state === 'failed') return { state: 'failed', error: source.error };
  if (source.state === 'skipped') return { state: 'skipped', reason: source.reason };
  return { state: 'ok' };
}
