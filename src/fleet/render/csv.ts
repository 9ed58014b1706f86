// --csv FILE: the endpoints that need attention, one row each, for a ticketing system or a spreadsheet.
import { stringify } from 'csv-stringify/sync';
import type { AttentionRow, FleetReport } from '../aggregate';

export const CSV_COLUMNS = ['device', 'status', 'since', 'since_source', 'last_update', 'version', 'behind', 'causes', 'codes', 'remediation', 'checked_at', 'summary', 'source'] as const;

export function renderAttentionCsv(report: FleetReport): string {
  const rows = report.attention.map(toCells);
  // A BOM so that Excel, where most ticket triage starts, reads UTF-8 device names and summaries correctly.
  return '\uFEFF' + stringify([[...CSV_COLUMNS], ...rows]);
}

function toCells(r: AttentionRow): string[] {
  const cells = [r.device, r.status, r.since, r.sinceSource, r.lastUpdate, r.version, r.behind, r.causes.join(' '), r.codes.join(' '), r.remediation, r.checkedAt, r.summary, r.source];
  return cells.map(neutralizeCell);
}

/**
 * Every cell, not only the ones that look like text from endpoints: codes, outcomes and sources come from outside
 * too. A spreadsheet must never run one that starts like a formula (= + - @, or a tab or carriage return before
 * one), so such a cell is prefixed with an apostrophe.
 */
export function neutralizeCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
