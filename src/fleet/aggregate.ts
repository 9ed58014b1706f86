// Keeps the latest result per device and turns them into the fleet report: status counts, causes ranked by the
// endpoints they affect, the version lag distribution against the fleet's latest version, and who needs attention.
import { definitionOf, FINDING_ROLES, isFindingCode, type FindingRole } from '../contract/findings';
import { explainsTrouble, rootCauseOf } from '../contract/rootCauses';
import { TOOL_VERSION } from '../render/version';
import { formatIsoTime as iso } from '../system/isoTime';
import type { ConsoleComputer } from '../console/computers';
import { indexByGuid, joinConsole, type ConsoleSection } from './consoleJoin';
import type { InputFile } from './inputs';
import {
  deviceKey,
  needsAttention,
  sourceOf,
  STATUSES,
  type EndpointRecord,
  type EndpointStatus,
  type FleetSink,
} from './types';

const MAX_UNREADABLE_SAMPLES = 20;

/** Version lag buckets: 0 is current; up to 5 is within the endpoint commands' default --max-behind. */
const LAG_BUCKETS: ReadonlyArray<{ label: string; min: number; max: number }> = [
  { label: '0', min: 0, max: 0 },
  { label: '1-5', min: 1, max: 5 },
  { label: '6-20', min: 6, max: 20 },
  { label: '21-100', min: 21, max: 100 },
  { label: '101+', min: 101, max: Infinity },
];

export interface AttentionRow {
  device: string;
  status: EndpointStatus;
  /** Since when it has been unhealthy, as well as the inputs tell (see sinceSource). */
  since: string | null;
  sinceSource: 'history' | 'lastUpdate' | 'checkedAt' | null;
  lastUpdate: string | null;
  version: number | null;
  behind: number | null;
  causes: string[];
  /** The first cause in words (English), so that no endpoint is listed without a reason. */
  cause: string;
  codes: readonly string[];
  summary: string;
  remediation: string | null;
  checkedAt: string | null;
  /** How old the result is at report time (days, one decimal), null when it carries no time. */
  ageDays: number | null;
  guid: string | null;
  /** From the console when --secure-endpoint joined it. */
  policy: string | null;
  groups: readonly string[];
  source: string;
}

/** Results older than this many days are stale reports (Intune re-reports unchanged results every 7 days). */
const DEFAULT_MAX_RESULT_AGE_DAYS = 8;
const DAY_MS = 86_400_000;
const AGE_BUCKETS: ReadonlyArray<{ label: string; maxDays: number }> = [
  { label: '<1d', maxDays: 1 },
  { label: '1-7d', maxDays: 7 },
  { label: '8-30d', maxDays: 30 },
  { label: '31d+', maxDays: Infinity },
];

export interface StaleRow {
  device: string;
  status: EndpointStatus;
  checkedAt: string | null;
  ageDays: number | null;
  guid: string | null;
  source: string;
}

export interface ReportOptions {
  maxResultAgeDays: number;
  /** The console's computers when --secure-endpoint (or saved /v1/computers pages) gave them. */
  console?: { computers: ConsoleComputer[]; source: string; error: string | null } | null;
}

export interface FleetReport {
  schemaVersion: 1;
  tool: { name: 'tetra-doctor'; version: string };
  command: 'fleet';
  generatedAt: string;
  inputs: {
    files: Array<{ path: string; format: string | null; rows: number; error: string | null }>;
    rows: number;
    unreadableRows: number;
    unreadableByReason: Record<string, number>;
    unreadableSamples: Array<{ where: string; reason: string }>;
    /** Older results of a device that a newer one replaced. */
    superseded: number;
    /** Inputs read twice are counted once: the same file named twice, the same result, the same console computer. */
    duplicates: { files: number; results: number; computers: number };
  };
  /** Every device with a result; status, causes, lag and attention count the current ones (stale apart). */
  endpoints: number;
  current: number;
  freshness: {
    maxResultAgeDays: number;
    /** Results older than maxResultAgeDays: counted apart, not as the endpoint's current state. */
    staleReports: number;
    staleByStatus: Record<EndpointStatus, number>;
    unknownAge: number;
    /** Results dated more than FUTURE_SKEW_MS after the report's time: a wrong clock; never counted as current. */
    futureDated: number;
    ages: Array<{ bucket: string; endpoints: number }>;
  };
  stale: StaleRow[];
  /** Every future-dated result read, whether or not an older real one of the device replaced it. */
  future: StaleRow[];
  /** Connector GUIDs that several hosts report: cloned images (the console cannot tell them apart). */
  clones: Array<{ guid: string; devices: string[] }>;
  /** What each percentage is a share of: the status counts of `current` results, causes of the endpoints that need
   * attention, the version lag of current results that have definitions, the ages of every endpoint. */
  shareOf: { status: number; causes: number; versionLag: number; ages: number };
  status: Record<EndpointStatus, number>;
  latestVersion: number | null;
  versionLag: Array<{ bucket: string; endpoints: number }>;
  /** One entry per root cause: `code` names it, `codes` are every code of it the endpoints reported (the connector's
   * proxy-authentication error and the probe's 407 are one cause). `share` is of `shareOf.causes`. */
  causes: Array<{
    code: string;
    codes: string[];
    role: FindingRole | 'unknown';
    endpoints: number;
    share: number;
  }>;
  attention: AttentionRow[];
  secureEndpoint: ConsoleSection | null;
}

/** A result dated later than this past the report's time comes from a wrong clock (or a forgery), not the future. */
const FUTURE_SKEW_MS = 3_600_000;

export class FleetAggregator implements FleetSink {
  /** Computers from saved /v1/computers pages among the inputs: the console's view, as a pull gives it. */
  readonly savedComputers: ConsoleComputer[] = [];
  private readonly latestByDevice = new Map<string, EndpointRecord>();
  private readonly unreadableCounts = new Map<string, number>();
  private readonly unreadableSamples: Array<{ where: string; reason: string }> = [];
  private readonly futureRecords: EndpointRecord[] = [];
  private unreadableRows = 0;
  private superseded = 0;
  /** The console computer of each record (in latestByDevice's order) as the last report() joined them. */
  private computerAt: Array<ConsoleComputer | undefined> = [];
  private duplicateResults = 0;
  /** Set by readInputs: files named more than once (or inside a folder also named). */
  duplicateFiles = 0;
  private readonly futureFrom: number;

  /** `now` is the report's time: results dated beyond it (and a small skew) are flagged as they are read. */
  constructor(now: Date = new Date()) {
    this.futureFrom = now.getTime() + FUTURE_SKEW_MS;
  }

  add(record: EndpointRecord): void {
    const key = deviceKey(record.device);
    const future = this.isFuture(record);
    if (future) this.futureRecords.push(record);
    const known = this.latestByDevice.get(key);
    if (known) {
      if (sameResult(record, known)) {
        this.duplicateResults++;
        return;
      }
      this.superseded++;
      // A result from the future never outranks a real one: its date is a wrong clock, not news.
      const knownFuture = this.isFuture(known);
      if (future !== knownFuture ? future : !isNewer(record, known)) return;
    }
    this.latestByDevice.set(key, record);
  }

  private isFuture(record: EndpointRecord): boolean {
    return record.checkedAt !== null && record.checkedAt > this.futureFrom;
  }

  computer(computer: ConsoleComputer): void {
    this.savedComputers.push(computer);
  }

  unreadable(where: string, reason: string): void {
    this.unreadableRows++;
    // Reasons that quote the parser's message vary per row; count them by their stable head.
    const kind = reason.split(':')[0];
    this.unreadableCounts.set(kind, (this.unreadableCounts.get(kind) ?? 0) + 1);
    if (this.unreadableSamples.length < MAX_UNREADABLE_SAMPLES) this.unreadableSamples.push({ where, reason });
  }

  /** Every kept result with the console computer the last report() joined it with: what fleet ships, one by one. */
  *joined(): Iterable<[EndpointRecord, ConsoleComputer | null]> {
    let index = 0;
    for (const record of this.latestByDevice.values()) yield [record, this.computerAt[index++] ?? null];
  }

  get deviceCount(): number {
    return this.latestByDevice.size;
  }

  report(
    files: InputFile[],
    now: Date,
    options: ReportOptions = { maxResultAgeDays: DEFAULT_MAX_RESULT_AGE_DAYS },
  ): FleetReport {
    const all = [...this.latestByDevice.values()];
    const ageOf = (r: EndpointRecord) =>
      r.checkedAt === null ? null : Math.max(0, (now.getTime() - r.checkedAt) / DAY_MS);
    const isStale = (r: EndpointRecord) => (ageOf(r) ?? 0) > options.maxResultAgeDays;
    // A future-dated result is no current state: counted apart (freshness.futureDated), like a stale one in the join.
    const notCurrent = (r: EndpointRecord) => isStale(r) || this.isFuture(r);
    const records = all.filter((r) => !notCurrent(r));
    const staleRecords = all.filter(isStale);
    const latestVersion = fleetLatestVersion(records);
    const readable = files.filter((f) => f.error === null).reduce((n, f) => n + f.rows, 0);
    const guids = indexByGuid(all);
    const consoleView = options.console ? uniqueComputers(options.console.computers) : null;
    const join =
      options.console && consoleView
        ? joinConsole(consoleView.computers, all, notCurrent, options.console.source, options.console.error, guids)
        : null;
    this.computerAt = join?.computerAt ?? [];
    const lagged = records.filter((r) => r.status !== 'not_applicable').length;
    const attention = attentionRows(all, notCurrent, context(latestVersion, ageOf, join));
    return {
      schemaVersion: 1,
      tool: { name: 'tetra-doctor', version: TOOL_VERSION },
      command: 'fleet',
      generatedAt: now.toISOString(),
      inputs: {
        files: files.map(({ path, format, rows, error }) => ({ path, format, rows, error })),
        rows: readable,
        unreadableRows: this.unreadableRows,
        unreadableByReason: Object.fromEntries([...this.unreadableCounts].sort((a, b) => b[1] - a[1])),
        unreadableSamples: this.unreadableSamples,
        superseded: this.superseded,
        duplicates: {
          files: this.duplicateFiles,
          results: this.duplicateResults,
          computers: consoleView?.duplicates ?? 0,
        },
      },
      endpoints: all.length,
      current: records.length,
      freshness: {
        maxResultAgeDays: options.maxResultAgeDays,
        staleReports: staleRecords.length,
        staleByStatus: countStatuses(staleRecords),
        unknownAge: all.filter((r) => r.checkedAt === null).length,
        futureDated: all.filter((r) => this.isFuture(r)).length,
        ages: ageDistribution(all, ageOf),
      },
      stale: staleRecords
        .map((r) => toStaleRow(r, ageOf))
        .sort((a, b) => (b.ageDays ?? 0) - (a.ageDays ?? 0) || a.device.localeCompare(b.device)),
      future: this.futureRecords.map((r) => toStaleRow(r, () => null)),
      clones: [...guids.clones].map(([guid, indexes]) => ({ guid, devices: indexes.map((i) => all[i].device) })),
      shareOf: { status: records.length, causes: attention.length, versionLag: lagged, ages: all.length },
      status: countStatuses(records),
      latestVersion,
      versionLag: lagDistribution(records, latestVersion),
      causes: rankCauses(records),
      attention,
      secureEndpoint: join?.section ?? null,
    };
  }
}

interface RowContext {
  latestVersion: number | null;
  ageOf: (r: EndpointRecord) => number | null;
  /** The console computer joined with the record at this index of all records. */
  consoleAt: (index: number) => ConsoleComputer | null;
}

function context(
  latestVersion: number | null,
  ageOf: RowContext['ageOf'],
  join: ReturnType<typeof joinConsole> | null,
): RowContext {
  return { latestVersion, ageOf, consoleAt: (index) => join?.computerAt[index] ?? null };
}

function toStaleRow(r: EndpointRecord, ageOf: (r: EndpointRecord) => number | null): StaleRow {
  return {
    device: r.device,
    status: r.status,
    checkedAt: iso(r.checkedAt),
    ageDays: roundAge(ageOf(r)),
    guid: r.guid,
    source: sourceOf(r),
  };
}

/** The same result read twice (one file named twice, a copy of it): same device, time, status and version. */
function sameResult(a: EndpointRecord, b: EndpointRecord): boolean {
  return a.checkedAt === b.checkedAt && a.status === b.status && a.version === b.version;
}

/** Console computers counted once each: the same page given twice, or a page saved and the same computers pulled. */
function uniqueComputers(computers: ConsoleComputer[]): { computers: ConsoleComputer[]; duplicates: number } {
  // GUID to the first host name seen with it; a GUID shared by clones is one computer per host name.
  const hostOfGuid = new Map<string, string>();
  const cloneKeys = new Set<string>();
  const unique: ConsoleComputer[] = [];
  for (const computer of computers) {
    if (computer.guid) {
      const host = computer.hostname ?? '';
      const first = hostOfGuid.get(computer.guid);
      if (first === undefined) hostOfGuid.set(computer.guid, host);
      else if (first === host) continue;
      else {
        // Rare (clones): only here is a key made per computer.
        const key = `${computer.guid} ${deviceKey(host)}`;
        if (deviceKey(first) === deviceKey(host) || cloneKeys.has(key)) continue;
        cloneKeys.add(key);
      }
    }
    unique.push(computer);
  }
  return { computers: unique, duplicates: computers.length - unique.length };
}

function roundAge(days: number | null): number | null {
  return days === null ? null : Math.round(days * 10) / 10;
}

function ageDistribution(
  records: EndpointRecord[],
  ageOf: (r: EndpointRecord) => number | null,
): Array<{ bucket: string; endpoints: number }> {
  const counts = new Map<string, number>([...AGE_BUCKETS.map((b) => [b.label, 0] as [string, number]), ['unknown', 0]]);
  for (const record of records) {
    const age = ageOf(record);
    const bucket =
      age === null
        ? 'unknown'
        : (AGE_BUCKETS.find((b) => age < b.maxDays || b.maxDays === Infinity)?.label ?? 'unknown');
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return [...counts].map(([bucket, endpoints]) => ({ bucket, endpoints }));
}

/** The result checked later wins; one without a time loses to one with, and among equals the one read last wins. */
function isNewer(candidate: EndpointRecord, known: EndpointRecord): boolean {
  if (candidate.checkedAt === null) return known.checkedAt === null;
  return known.checkedAt === null || candidate.checkedAt >= known.checkedAt;
}

function countStatuses(records: EndpointRecord[]): Record<EndpointStatus, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<EndpointStatus, number>;
  for (const record of records) counts[record.status]++;
  return counts;
}

/** Endpoints checked at different times saw different "latest" versions; the fleet's latest is the highest any saw. */
function fleetLatestVersion(records: EndpointRecord[]): number | null {
  let latest: number | null = null;
  for (const r of records) {
    if (r.latest !== null && (latest === null || r.latest > latest)) latest = r.latest;
    if (r.version !== null && (latest === null || r.version > latest)) latest = r.version;
  }
  return latest;
}

function lagOf(record: EndpointRecord, latestVersion: number | null): number | null {
  return record.version === null || latestVersion === null ? null : Math.max(0, latestVersion - record.version);
}

function lagDistribution(
  records: EndpointRecord[],
  latestVersion: number | null,
): Array<{ bucket: string; endpoints: number }> {
  const counts = new Map<string, number>([...LAG_BUCKETS.map((b) => [b.label, 0] as [string, number]), ['unknown', 0]]);
  for (const record of records) {
    if (record.status === 'not_applicable') continue;
    const lag = lagOf(record, latestVersion);
    const bucket =
      lag === null ? 'unknown' : (LAG_BUCKETS.find((b) => lag >= b.min && lag <= b.max)?.label ?? 'unknown');
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return [...counts].map(([bucket, endpoints]) => ({ bucket, endpoints }));
}

const recordNeedsAttention = (record: EndpointRecord) => needsAttention(record.status);

function roleOf(code: string): FindingRole | 'unknown' {
  return (FINDING_ROLES as Record<string, FindingRole>)[code] ?? 'unknown';
}

/**
 * Causes of the endpoints that need attention: codes whose role is `cause`, plus CAUSE_UNDETERMINED (unhealthy with
 * every check passing is itself the answer an admin needs). Codes this version does not know are kept too: newer
 * endpoints may report causes added after this build.
 */
function causeCodes(codes: readonly string[]): string[] {
  return codes.filter(explainsTrouble);
}

/** Endpoints per root cause: an endpoint reporting both codes of one cause counts once, in one bar. */
function rankCauses(records: EndpointRecord[]): FleetReport['causes'] {
  const affected = records.filter(recordNeedsAttention);
  const counts = new Map<string, { endpoints: number; codes: Set<string> }>();
  for (const record of affected) {
    const roots = new Set<string>();
    for (const code of causeCodes(record.codes)) {
      const root = rootCauseOf(code);
      let entry = counts.get(root);
      if (!entry) counts.set(root, (entry = { endpoints: 0, codes: new Set() }));
      entry.codes.add(code);
      if (!roots.has(root)) entry.endpoints++;
      roots.add(root);
    }
  }
  return [...counts]
    .sort((a, b) => b[1].endpoints - a[1].endpoints || a[0].localeCompare(b[0]))
    .map(([code, { endpoints, codes }]) => ({
      code,
      codes: [...codes].sort((a, b) => (a === code ? -1 : b === code ? 1 : a.localeCompare(b))),
      role: roleOf(code),
      endpoints,
      share: affected.length ? endpoints / affected.length : 0,
    }));
}

/** The current records that need attention, oldest trouble first: those are the tickets that matter. */
function attentionRows(
  all: EndpointRecord[],
  notCurrent: (r: EndpointRecord) => boolean,
  context: RowContext,
): AttentionRow[] {
  const rows: AttentionRow[] = [];
  all.forEach((record, index) => {
    if (recordNeedsAttention(record) && !notCurrent(record))
      rows.push(toAttentionRow(record, context.consoleAt(index), context));
  });
  return rows.sort((a, b) => (a.since ?? '9999').localeCompare(b.since ?? '9999') || a.device.localeCompare(b.device));
}

function toAttentionRow(record: EndpointRecord, computer: ConsoleComputer | null, context: RowContext): AttentionRow {
  const { latestVersion } = context;
  const [since, sinceSource] = sinceOf(record);
  return {
    device: record.device,
    status: record.status,
    since: iso(since),
    sinceSource,
    lastUpdate: iso(record.lastUpdate),
    version: record.version,
    behind: lagOf(record, latestVersion),
    causes: causeCodes(record.codes),
    cause: causeInWords(record),
    codes: record.codes,
    summary: record.summary,
    remediation: record.remediation,
    checkedAt: iso(record.checkedAt),
    ageDays: roundAge(context.ageOf(record)),
    guid: record.guid ?? computer?.guid ?? null,
    policy: computer?.policy.name ?? null,
    groups: computer?.groups ?? [],
    source: sourceOf(record),
  };
}

/** The first cause's fleet label; without any cause code, what the endpoint itself said, or that it said nothing. */
function causeInWords(record: EndpointRecord): string {
  const [first] = causeCodes(record.codes);
  if (first !== undefined) return isFindingCode(first) ? definitionOf(first).label.en : first;
  if (record.summary) return record.summary;
  return record.status === 'undetermined' ? 'state could not be read (no cause reported)' : 'no cause reported';
}

/**
 * The history block (from a detect with --state-dir) knows when the trouble began; otherwise the last successful
 * update is when the definitions stopped being kept current; failing both, the time the endpoint was seen so.
 */
function sinceOf(record: EndpointRecord): [number | null, AttentionRow['sinceSource']] {
  if (record.unhealthySince !== null) return [record.unhealthySince, 'history'];
  if (record.lastUpdate !== null) return [record.lastUpdate, 'lastUpdate'];
  if (record.checkedAt !== null) return [record.checkedAt, 'checkedAt'];
  return [null, null];
}
