// --csv FILE: the endpoints that need attention, one row each, for a ticketing system or a spreadsheet.
import { stringify } from 'csv-stringify/sync';
import type { AttentionRow, FleetReport } from '../aggregate';

export const CSV_COLUMNS = ['device', 'status', 'since', 'since_source', 'last_update', 'version', 'behind', 'causes', 'codes', 'remediation', 'checked_at', 'summary', 'source'] as const;

export function renderAttentionCsv(report: FleetReport): string {
  const rows = report.attention.map(toCells);
  // A BOM so that Excel, where most ticket triage starts, reads UTF-8 device names and summaries correctly.
  return '\uFEFF' + stringify([[...CSV_COLUMNS], ...rows]);
}

function toCells(r: AttentionRow): Array<string | number> {
  const text = [r.device, r.status, r.since, r.sinceSource, r.lastUpdate].map(cell);
  return [...text, r.version ?? '', r.behind ?? '', r.causes.join(' '), r.codes.join(' '), cell(r.remediation), cell(r.checkedAt), cell(r.summary), cell(r.source)];
}

/** Device names come from endpoints; a spreadsheet must not run one that starts like a formula. */
function cell(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
