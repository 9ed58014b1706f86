// Turns one tetra-doctor output (our JSON result, or the `line` format) into a fleet record. Intune and Graph hand
// us the detection script's output as text, so both formats can arrive inside any input.
import { LINE_PREFIX } from '../contract/lineFields';
import { parseLine } from '../render/line';
import { parseIsoTime } from '../system/isoTime';
import { sharedList, sharedString } from '../system/sharedValues';
import { needsAttention, NO_CODES, STATUSES, type EndpointRecord, type EndpointStatus } from './types';

/** What the platform knows about the row, used when the output itself does not say. */
export interface RowContext {
  device: string | null;
  runAt: number | null;
  source: string;
  /** The line of `source` the output is (a line of an NDJSON or log file). */
  line?: number | null;
}

/** A record, or why none could be made. */
export type Parsed = EndpointRecord | { reason: string };

export function parseDetectionOutput(output: string | null | undefined, context: RowContext): Parsed {
  const text = (output ?? '').trim();
  if (text === '') return { reason: 'no detection output' };
  // The form is told by the last line (what Intune keeps), never by a marker found anywhere: a JSON result whose
  // summary quotes a line is still JSON, and its status is its `status` field.
  if (!lastLine(text).startsWith('{') && text.includes(`${LINE_PREFIX} `)) return fromLineText(text, context);
  const json = lastJsonLine(text);
  if (json === null) return { reason: 'output is neither a tetra-doctor line nor JSON' };
  return fromResultObject(json, context);
}

function fromLineText(text: string, context: RowContext): Parsed {
  const parsed = parseLine(text);
  if (!parsed) return { reason: 'no TETRA-DOCTOR line' };
  const v = parsed.values;
  const status = asStatus(v.status);
  if (!status) return { reason: `unknown status "${v.status ?? ''}"` };
  const device = deviceName(context.device, v.host);
  if (!device) return { reason: 'no device name' };
  return {
    device,
    checkedAt: toTime(v.checkedAt) ?? context.runAt,
    status,
    version: v.version,
    latest: v.latestVersion,
    lastUpdate: toTime(v.lastSuccessfulUpdate),
    codes: v.codes ? sharedList(v.codes.map(sharedString)) : NO_CODES,
    summary: keptSummary(status, parsed.summary),
    unhealthySince: toTime(v.unhealthySince),
    remediation: v.remediation,
    source: context.source,
    line: context.line ?? null,
    guid: asGuid(v.connectorGuid),
  };
}

/** Our JSON result, as printed by `--format json` (or saved one per file, or one per NDJSON line). */
export function fromResultObject(value: unknown, context: RowContext): Parsed {
  if (!isObject(value) || value.schemaVersion !== 1) return { reason: 'not a tetra-doctor result (schemaVersion 1)' };
  const status = asStatus(value.status);
  if (!status) return { reason: `unknown status "${String(value.status)}"` };
  const device = deviceName(context.device, value.host);
  if (!device) return { reason: 'no device name' };
  const tetra = isObject(value.tetra) ? value.tetra : {};
  const history = isObject(value.history) ? value.history : {};
  const remediation = isObject(value.remediation) ? value.remediation : {};
  return {
    device,
    checkedAt: toTime(value.checkedAt) ?? context.runAt,
    status,
    version: toInt(tetra.version),
    latest: toInt(tetra.latestVersion),
    lastUpdate: toTime(tetra.lastSuccessfulUpdate),
    codes: findingCodes(value.findings),
    summary: keptSummary(status, typeof value.summary === 'string' ? value.summary : ''),
    unhealthySince: toTime(history.unhealthySince),
    remediation: typeof remediation.outcome === 'string' ? remediation.outcome : null,
    source: context.source,
    line: context.line ?? null,
    guid: asGuid(isObject(value.connector) ? value.connector.guid : null),
  };
}

/** The report shows a summary only for endpoints that need attention: 100,000 healthy ones keep none. */
function keptSummary(status: EndpointStatus, summary: string): string {
  return needsAttention(status) ? summary : '';
}

/** Codes repeat across a fleet, and so do their combinations: both are shared (see sharedValues). */
function findingCodes(findings: unknown): readonly string[] {
  if (!Array.isArray(findings) || findings.length === 0) return NO_CODES;
  const codes: string[] = [];
  for (const f of findings)
    if (isObject(f) && typeof f.code === 'string' && f.code !== '') codes.push(sharedString(f.code));
  return sharedList(codes);
}

/** The platform's name for the device, else the result's host; surrounding space is never part of a name. */
function deviceName(platform: string | null, host: unknown): string | null {
  const fromPlatform = platform?.trim();
  if (fromPlatform) return fromPlatform;
  return typeof host === 'string' && host.trim() ? host.trim() : null;
}

/** A connector GUID is hex and dashes; anything else is not one and never joins. */
function asGuid(value: unknown): string | null {
  return typeof value === 'string' && /^[0-9a-fA-F-]{8,64}$/.test(value) ? value.toLowerCase() : null;
}

export function isRecord(parsed: Parsed): parsed is EndpointRecord {
  return !('reason' in parsed);
}

function lastLine(text: string): string {
  const end = text.lastIndexOf('\n');
  return (end < 0 ? text : text.slice(end + 1)).trim();
}

/** Intune keeps the last line of the output; a JSON result is one line, so the last `{...}` line is the result. */
function lastJsonLine(text: string): unknown | null {
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line);
    } catch {
      return null;
    }
  }
  return null;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asStatus(value: unknown): EndpointStatus | null {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value)
    ? (value as EndpointStatus)
    : null;
}

function toInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return null;
  return Number(value);
}

export function toTime(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = parseIsoTime(value);
  return Number.isNaN(ms) ? null : ms;
}
