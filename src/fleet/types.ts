// What the fleet report keeps of one endpoint result, whatever it was read from: small, so that 100,000 of them fit.
import type { ConsoleComputer } from '../console/computers';
import { NO_NAMES } from '../system/sharedValues';
import type { Status } from '../contract/types';

export type EndpointStatus = Status;
export const STATUSES: readonly EndpointStatus[] = ['healthy', 'unhealthy', 'not_applicable', 'undetermined'];

/** Most endpoints are healthy and have no findings: they all share one empty list. */
export const NO_CODES = NO_NAMES;

/** The endpoints an admin must act on: the report lists them, with their causes and summaries. */
export function needsAttention(status: EndpointStatus): boolean {
  return status === 'unhealthy' || status === 'undetermined';
}

export interface EndpointRecord {
  /** The device's name as the management platform knows it (falls back to the result's host). */
  device: string;
  /** When tetra-doctor ran on the endpoint (epoch ms), or the platform's run time when the output has none. */
  checkedAt: number | null;
  status: EndpointStatus;
  version: number | null;
  latest: number | null;
  /** Epoch ms of the last successful definition update. */
  lastUpdate: number | null;
  codes: readonly string[];
  /** Kept only where the report shows it: for endpoints that need attention (unhealthy, undetermined). */
  summary: string;
  /** From a result's optional `history.unhealthySince`. */
  unhealthySince: number | null;
  /** From a `remediate` result's optional `remediation.outcome`. */
  remediation: string | null;
  /** Where it was read: the file (with `line`), or the CSV row, array element or Graph page. See sourceOf. */
  source: string;
  /** The line of `source` for a result that is a line of a file: 100,000 "file:line" texts are 9 MB. */
  line: number | null;
  /** The connector's GUID (JSON connector.guid, line guid=), lower-case: the Secure Endpoint console's key. */
  guid: string | null;
}

/** Where the readers put what they read: records, and the rows they could not read (never fatal). */
export interface RecordSink {
  add(record: EndpointRecord): void;
  unreadable(where: string, reason: string): void;
}

/** Where a record was read, as the report names it: `file:line`, or the source as it stands. */
export function sourceOf(record: Pick<EndpointRecord, 'source' | 'line'>): string {
  return record.line === null ? record.source : `${record.source}:${record.line}`;
}

/** The readers of JSON inputs also meet saved /v1/computers pages: the console's computers go here. */
export interface FleetSink extends RecordSink {
  computer(computer: ConsoleComputer): void;
}

/**
 * One device identity across every input format: Windows and Intune compare names case-insensitively, exports pad
 * them, and the same name can arrive in either Unicode normal form.
 */
export function deviceKey(name: string): string {
  const trimmed = name.trim();
  // Normalising is only needed (and only costs) for names outside ASCII.
  return (NON_ASCII.test(trimmed) ? trimmed.normalize('NFC') : trimmed).toLowerCase();
}
const NON_ASCII = /[\u0080-\uffff]/;
