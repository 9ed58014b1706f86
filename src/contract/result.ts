// The result every format renders: the JSON contract in README.md ("Output") and schema/result.schema.json. The
// builder (src/render/result.ts) makes it once from the snapshot, the diagnosis and what a command added to it.
import type { Collection, HistoryReport, HistoryUnavailable, Remediation } from './additions';
import type { Language } from './options';
import type { Finding, PathProvenance, ProbeResult, Secrets, Status, WinHttpProxyInfo } from './types';

export interface DoctorResult {
  schemaVersion: 1;
  tool: { name: 'tetra-doctor'; version: string };
  command: string;
  host: string;
  checkedAt: string;
  status: Status;
  exitCode: number;
  /** guid: the connector's GUID (posture agent_uuid, else local.xml config/agent/uuid), the console's key for it.
   * liveVersion, liveVia, pendingVersion: the live version folder, how it was chosen, and a newer one waiting for a
   * reboot. */
  connector: {
    installed: boolean;
    version: string | null;
    guid?: string | null;
    installDir: string | null;
    running: boolean | null;
    connected: boolean | null;
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
  /** The settings file read, and which of its keys gave a value (the command line wins over it). */
  settings?: { file: string; keys: string[] } | null;
  proxy: {
    host: string;
    port: number;
    username: string | null;
    source: string;
    kind: string;
    auth: string;
    resolvesLocally?: true;
  } | null;
  /** The PAC file that decides the route (policy.xml's pacloc); the pac probe says what it returned. */
  pacUrl: string | null;
  /** The machine's WinHTTP proxy (registry value WinHttpSettings, else netsh winhttp show proxy), when read. */
  winHttpProxy: Omit<WinHttpProxyInfo, 'registryUnread'> | null;
  sources: Record<'posture' | 'localXml' | 'policy' | 'service' | 'reference', SourceState> & {
    winHttpProxy: SourceState & Pick<WinHttpProxyInfo, 'from' | 'registryUnread'>;
  };
  probes: Array<Omit<ProbeResult, 'failure'> & { failure: string | null }>;
  findings: Finding[];
  summary: string;
  /** The same words in the language asked for, when that is not English; codes stay English everywhere. */
  localized?: { lang: Language; summary: string; findings: Finding[] };
  remediation?: Remediation;
  collection?: Collection;
  history?: HistoryReport | HistoryUnavailable;
  historyError?: string;
  reportError?: string;
}

/** What a command that acts returns to the CLI: its result, and what printing it must be redacted of. */
export interface CommandRun {
  result: DoctorResult;
  secrets: Secrets;
}

/** Whether a source answered, and why not when it did not. */
export type SourceState = { state: string; error?: string; reason?: string };
