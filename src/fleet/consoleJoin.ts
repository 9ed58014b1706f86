// Joins the Secure Endpoint console's computers with the endpoints' own results: by connector GUID, falling back to
// the host name for results that carry no GUID. What the join tells an admin: who the console knows but never sent
// a result (not reporting), whose result the console does not know, where the two disagree on the definitions
// version, and faults and definition statuses per policy and group.
import type { ConsoleComputer } from '../console/computers';
import { formatIsoTime as iso } from '../system/isoTime';
import { deviceKey, sourceOf, type EndpointRecord, type EndpointStatus } from './types';

export interface ConsoleEndpointRow {
  hostname: string;
  guid: string | null;
  policy: string | null;
  groups: readonly string[];
  lastSeen: string | null;
  connectorVersion: string | null;
  definitionsVersion: number | null;
  definitionsStatus: string | null;
  faults: readonly string[];
}

interface BreakdownRow {
  name: string;
  computers: number;
  /** Computers with a current (not stale) result. */
  reporting: number;
  staleReports: number;
  notReporting: number;
  endpointStatus: Partial<Record<EndpointStatus, number>>;
  faults: Record<string, number>;
  definitionStatus: Record<string, number>;
}

export interface ConsoleSection {
  source: string;
  error: string | null;
  computers: number;
  matchedByGuid: number;
  matchedByHostname: number;
  /** Console computers whose latest result is current / stale / missing. */
  reporting: number;
  staleReports: number;
  notReporting: number;
  coverage: number;
  unknownToConsole: number;
  definitionsDisagree: number;
  notReportingList: ConsoleEndpointRow[];
  unknownList: Array<{
    device: string;
    guid: string | null;
    status: EndpointStatus;
    checkedAt: string | null;
    source: string;
  }>;
  disagreementList: Array<{
    device: string;
    guid: string | null;
    consoleVersion: number;
    endpointVersion: number;
    consoleUpdatedAt: string | null;
    checkedAt: string | null;
  }>;
  byPolicy: BreakdownRow[];
  byGroup: BreakdownRow[];
}

/** The computer a record belongs to, and how it was found. */
export interface JoinResult {
  section: ConsoleSection;
  /** Per record, at the record's index: the console computer it was joined with (an array: a Map keyed by 100,000
   * records costs a hash per lookup). */
  computerAt: Array<ConsoleComputer | undefined>;
}

/** Console host names are often FQDNs while Intune and results give the NetBIOS name: compare the first label. */
function hostKey(name: string): string {
  const key = deviceKey(name);
  const dot = key.indexOf('.');
  return dot > 0 ? key.slice(0, dot) : key;
}

/** Record indexes by connector GUID; a GUID that several hosts report (cloned images) lists all of them. */
export interface GuidIndex {
  byGuid: Map<string, number>;
  clones: Map<string, number[]>;
}

export function indexByGuid(records: EndpointRecord[]): GuidIndex {
  const byGuid = new Map<string, number>();
  const clones = new Map<string, number[]>();
  records.forEach((record, index) => {
    if (!record.guid) return;
    const first = byGuid.get(record.guid);
    if (first === undefined) byGuid.set(record.guid, index);
    else clones.set(record.guid, [...(clones.get(record.guid) ?? [first]), index]);
  });
  return { byGuid, clones };
}

/** The record a computer's GUID names: for a cloned GUID, only the one whose host name is the computer's. */
function recordOfGuid(computer: ConsoleComputer, records: EndpointRecord[], guids: GuidIndex): number | undefined {
  if (!computer.guid) return undefined;
  const clones = guids.clones.get(computer.guid);
  if (!clones) return guids.byGuid.get(computer.guid);
  const host = computer.hostname ? hostKey(computer.hostname) : null;
  return clones.find((index) => host !== null && hostKey(records[index].device) === host);
}

export function joinConsole(
  computers: ConsoleComputer[],
  records: EndpointRecord[],
  isStale: (r: EndpointRecord) => boolean,
  source: string,
  error: string | null,
  guids: GuidIndex = indexByGuid(records),
): JoinResult {
  // Record indexes by host name, for results without a GUID.
  const byHost = new Map<string, number>();
  records.forEach((record, index) => {
    // A result with a GUID is joined by it only: the same name with another GUID is another connector install.
    if (!record.guid) byHost.set(hostKey(record.device), index);
  });
  const computerAt = new Array<ConsoleComputer | undefined>(records.length);
  const policies = new Map<string, BreakdownRow>();
  const groups = new Map<string, BreakdownRow>();
  const notReportingList: ConsoleEndpointRow[] = [];
  const disagreementList: ConsoleSection['disagreementList'] = [];
  let matchedByGuid = 0;
  let matchedByHostname = 0;
  let reporting = 0;
  let staleReports = 0;
  for (const computer of computers) {
    // A record joins the first computer that claims it.
    let index = recordOfGuid(computer, records, guids);
    if (index !== undefined && !computerAt[index]) matchedByGuid++;
    else {
      index = computer.hostname ? byHost.get(hostKey(computer.hostname)) : undefined;
      if (index !== undefined && !computerAt[index]) matchedByHostname++;
      else index = undefined;
    }
    const record = index === undefined ? undefined : records[index];
    const stale = record ? isStale(record) : false;
    tally(breakdownRow(policies, computer.policy.name ?? '(no policy)'), computer, record, stale);
    if (computer.groups.length === 0) tally(breakdownRow(groups, '(no group)'), computer, record, stale);
    for (const group of computer.groups) tally(breakdownRow(groups, group), computer, record, stale);
    if (index === undefined || !record) {
      notReportingList.push(toConsoleRow(computer));
      continue;
    }
    computerAt[index] = computer;
    if (stale) staleReports++;
    else reporting++;
    const consoleVersion = computer.definitionsVersion;
    if (consoleVersion !== null && record.version !== null && consoleVersion !== record.version) {
      disagreementList.push({
        device: record.device,
        guid: record.guid ?? computer.guid,
        consoleVersion,
        endpointVersion: record.version,
        consoleUpdatedAt: iso(computer.definitionsUpdatedAt),
        checkedAt: iso(record.checkedAt),
      });
    }
  }
  const unknownList = records
    .filter((_, index) => !computerAt[index])
    .map((r) => ({
      device: r.device,
      guid: r.guid,
      status: r.status,
      checkedAt: iso(r.checkedAt),
      source: sourceOf(r),
    }));
  notReportingList.sort(
    (a, b) => (a.lastSeen ?? '').localeCompare(b.lastSeen ?? '') || a.hostname.localeCompare(b.hostname),
  );
  disagreementList.sort(
    (a, b) =>
      Math.abs(b.consoleVersion - b.endpointVersion) - Math.abs(a.consoleVersion - a.endpointVersion) ||
      a.device.localeCompare(b.device),
  );
  unknownList.sort((a, b) => a.device.localeCompare(b.device));
  const section: ConsoleSection = {
    source,
    error,
    computers: computers.length,
    matchedByGuid,
    matchedByHostname,
    reporting,
    staleReports,
    notReporting: notReportingList.length,
    coverage: computers.length ? reporting / computers.length : 0,
    unknownToConsole: unknownList.length,
    definitionsDisagree: disagreementList.length,
    notReportingList,
    unknownList,
    disagreementList,
    byPolicy: sortedRows(policies),
    byGroup: sortedRows(groups),
  };
  return { section, computerAt };
}

function breakdownRow(map: Map<string, BreakdownRow>, name: string): BreakdownRow {
  let row = map.get(name);
  if (!row) {
    row = {
      name,
      computers: 0,
      reporting: 0,
      staleReports: 0,
      notReporting: 0,
      // Keyed by the console's own words: no prototype, so `__proto__` and `constructor` are counted as data.
      endpointStatus: Object.create(null) as BreakdownRow['endpointStatus'],
      faults: Object.create(null) as Record<string, number>,
      definitionStatus: Object.create(null) as Record<string, number>,
    };
    map.set(name, row);
  }
  return row;
}

function tally(row: BreakdownRow, computer: ConsoleComputer, record: EndpointRecord | undefined, stale: boolean): void {
  row.computers++;
  if (!record) row.notReporting++;
  else if (stale) row.staleReports++;
  else {
    row.reporting++;
    row.endpointStatus[record.status] = (row.endpointStatus[record.status] ?? 0) + 1;
  }
  if (computer.faults.length)
    for (const fault of new Set(computer.faults)) row.faults[fault] = (row.faults[fault] ?? 0) + 1;
  const status = computer.definitionsStatus ?? 'unknown';
  row.definitionStatus[status] = (row.definitionStatus[status] ?? 0) + 1;
}

/** Largest first: the policies and groups with the most computers are where coverage matters most. */
function sortedRows(map: Map<string, BreakdownRow>): BreakdownRow[] {
  return [...map.values()].sort((a, b) => b.computers - a.computers || a.name.localeCompare(b.name));
}

function toConsoleRow(c: ConsoleComputer): ConsoleEndpointRow {
  return {
    hostname: c.hostname,
    guid: c.guid,
    policy: c.policy.name,
    groups: c.groups,
    lastSeen: iso(c.lastSeen),
    connectorVersion: c.connectorVersion,
    definitionsVersion: c.definitionsVersion,
    definitionsStatus: c.definitionsStatus,
    faults: c.faults,
  };
}
