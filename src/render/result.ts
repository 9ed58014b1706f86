// The result every format renders (the JSON contract in README.md), built once from typed data: the snapshot, the
// diagnosis and what a command added to it. Nothing downstream patches it or parses it back.
import { localizeFindings, type Diagnosis } from '../diagnose/diagnose';
import { EXIT } from '../contract/exitCodes';
import { lastErrorName } from '../diagnose/rules/lastError';
import type { Language } from '../contract/options';
import type { ResultAdditions } from '../contract/additions';
import type { DoctorResult, SourceState } from '../contract/result';
import type { Snapshot, Source, WinHttpProxyInfo } from '../contract/types';
import { leadSentence } from './leadSentence';
import { summarize } from './summary';

import { TOOL_VERSION } from './version';

/** What the builder needs: the diagnosis step's snapshot and diagnosis, and the command's additions. */
export interface ResultInput {
  command: string;
  snapshot: Snapshot;
  diagnosis: Diagnosis;
  additions?: ResultAdditions;
}

export function buildResult(input: ResultInput, lang: Language): DoctorResult {
  const { command, snapshot, diagnosis } = input;
  const additions = input.additions ?? {};
  const { facts } = diagnosis;
  const drafts = [...diagnosis.drafts, ...(additions.findings ?? [])];
  const summary = (language: Language) => {
    // The verdict sentence speaks of the diagnosis; what the command did leads it.
    const verdict = summarize(diagnosis, localizeFindings(diagnosis.drafts, diagnosis.status, language), language);
    const lead = leadSentence(additions, language, facts.connectorVersion);
    return lead ? `${lead} ${verdict}`.trim() : verdict;
  };
  return {
    schemaVersion: 1,
    tool: { name: 'tetra-doctor', version: TOOL_VERSION },
    command,
    host: snapshot.host,
    checkedAt: snapshot.checkedAt,
    status: diagnosis.status,
    exitCode: exitCodeOf(diagnosis, additions),
    connector: {
      installed: snapshot.install.found,
      version: facts.connectorVersion,
      guid: connectorGuid(snapshot),
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
      lastSuccessfulUpdate:
        facts.lastSuccessfulUpdate !== null ? new Date(facts.lastSuccessfulUpdate * 1000).toISOString() : null,
      lastError:
        facts.lastError !== null
          ? { code: facts.lastError, unsigned: facts.lastError >>> 0, name: lastErrorName(facts.lastError) }
          : null,
    },
    updateServer: snapshot.updateServer,
    path: snapshot.path ?? null,
    settings: snapshot.settings ?? null,
    proxy: snapshot.proxy
      ? {
          host: snapshot.proxy.host,
          port: snapshot.proxy.port,
          username: snapshot.proxy.username,
          source: snapshot.proxy.source,
          kind: snapshot.proxy.kind,
          auth: snapshot.proxy.auth,
          ...(snapshot.proxy.resolvesLocally ? { resolvesLocally: true as const } : {}),
        }
      : null,
    pacUrl: snapshot.pacUrl,
    winHttpProxy: snapshot.winHttpProxy.state === 'ok' ? winHttpProxyJson(snapshot.winHttpProxy.value) : null,
    sources: {
      posture: sourceState(snapshot.posture),
      localXml: sourceState(snapshot.localXml),
      policy: sourceState(snapshot.policy),
      service: sourceState(snapshot.service),
      reference: sourceState(snapshot.reference),
      winHttpProxy: winHttpSourceState(snapshot.winHttpProxy),
    },
    probes: snapshot.probes,
    findings: localizeFindings(drafts, diagnosis.status, 'en'),
    summary: summary('en'),
    ...(lang === 'en'
      ? {}
      : { localized: { lang, summary: summary(lang), findings: localizeFindings(drafts, diagnosis.status, lang) } }),
    ...definedOnly({
      remediation: additions.remediation,
      collection: additions.collection,
      history: additions.history,
      historyError: additions.historyError,
      reportError: additions.reportError,
    }),
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

/** An escalation bundle that did not complete exits 4 (the status still describes the endpoint): a script must
 * not file an empty case. */
function exitCodeOf(diagnosis: Diagnosis, additions: ResultAdditions): number {
  const outcome = additions.collection?.outcome;
  if (outcome === 'incomplete' || outcome === 'interrupted' || outcome === 'refused') return EXIT.undetermined;
  return diagnosis.exitCode;
}

function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Which source answered the WinHTTP proxy, and why the registry did not when netsh did. */
function winHttpSourceState(source: Source<WinHttpProxyInfo>): DoctorResult['sources']['winHttpProxy'] {
  if (source.state !== 'ok') return sourceState(source);
  const { from, registryUnread } = source.value;
  return { state: 'ok', ...definedOnly({ from, registryUnread }) };
}

/** The setting itself; why the registry did not answer belongs to sources.winHttpProxy. */
function winHttpProxyJson(value: WinHttpProxyInfo): DoctorResult['winHttpProxy'] {
  const { registryUnread: _inSources, ...setting } = value;
  return setting;
}

function sourceState(source: Source<unknown>): SourceState {
  if (source.state === 'failed') return { state: 'failed', error: source.error };
  if (source.state === 'skipped') return { state: 'skipped', reason: source.reason };
  return { state: 'ok' };
}
