// --csv FILE: the endpoints that need attention, one row each, for a ticketing system or a spreadsheet.
import { stringify } from 'csv-stringify/sync';
import type { AttentionRow, FleetReport, StaleRow } from '../aggregate';
import type { ConsoleEndpointRow } from '../consoleJoin';

const CSV_COLUMNS = [
  'device',
  'status',
  'since',
  'since_source',
  'last_update',
  'version',
  'behind',
  'causes',
  'codes',
  'remediation',
  'checked_at',
  'summary',
  'source',
  'age_days',
  'stale',
  'guid',
  'policy',
  'groups',
  'console',
] as const;

/**
 * The endpoints that need attention; then the stale reports (their last result is too old to count, `stale` yes);
 * with --secure-endpoint also the computers the console knows that sent no result (status `not_reporting`).
 */
export function renderAttentionCsv(report: FleetReport): string {
  const rows = [
    ...report.attention.map(toCells),
    ...report.stale.map(staleCells),
    ...(report.secureEndpoint?.notReportingList ?? []).map(notReportingCells),
  ];
  // A BOM so that Excel, where most ticket triage starts, reads UTF-8 device names and summaries correctly.
  return '\uFEFF' + stringify([[...CSV_COLUMNS], ...rows]);
}

function toCells(r: AttentionRow): string[] {
  const cells = [
    r.device,
    r.status,
    r.since,
    r.sinceSource,
    r.lastUpdate,
    r.version,
    r.behind,
    r.causes.join(' '),
    r.codes.join(' '),
    r.remediation,
    r.checkedAt,
    r.summary,
    r.source,
    r.ageDays,
    '',
    r.guid,
    r.policy,
    r.groups.join('; '),
    r.policy !== null ? 'matched' : '',
  ];
  return cells.map(neutralizeCell);
}

function staleCells(r: StaleRow): string[] {
  return [
    r.device,
    r.status,
    null,
    null,
    null,
    null,
    null,
    '',
    '',
    null,
    r.checkedAt,
    'stale report: the last result is older than --max-result-age-days',
    r.source,
    r.ageDays,
    'yes',
    r.guid,
    null,
    '',
    '',
  ].map(neutralizeCell);
}

function notReportingCells(c: ConsoleEndpointRow): string[] {
  const summary = `known to the Secure Endpoint console, no result${c.definitionsVersion !== null ? `; console definitions ${c.definitionsVersion}${c.definitionsStatus ? ` (${c.definitionsStatus})` : ''}` : ''}${c.faults.length ? `; faults ${c.faults.join(', ')}` : ''}`;
  return [
    c.hostname,
    'not_reporting',
    c.lastSeen,
    c.lastSeen ? 'consoleLastSeen' : null,
    null,
    c.definitionsVersion,
    null,
    '',
    '',
    null,
    null,
    summary,
    'secure-endpoint',
    null,
    '',
    c.guid,
    c.policy,
    c.groups.join('; '),
    'not_reporting',
  ].map(neutralizeCell);
}

/**
 * Every cell, not only the ones that look like text from endpoints: codes, outcomes and sources come from outside
 * too. A spreadsheet must never run one that starts like a formula (= + - @, or a tab or carriage return before
 * one), so such a cell is prefixed with an apostrophe.
 */
function neutralizeCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
