// --format line: one printable-ASCII line of at most 2048 characters, readable in the Intune portal (which keeps
// only the last line and its last 2048 characters) and parseable back by `fleet`.
import type { DoctorResult } from './result';

export const LINE_PREFIX = 'TETRA-DOCTOR';
export const MAX_LINE = 2048;

export function renderLine(result: DoctorResult): string {
  const { tetra } = result;
  const ageHours = tetra.lastSuccessfulUpdate ? Math.max(0, Math.round((Date.parse(result.checkedAt) - Date.parse(tetra.lastSuccessfulUpdate)) / 3_600_000)) : null;
  const fields: Array<[string, string | number | null]> = [
    ['status', result.status],
    ['exit', result.exitCode],
    ['host', result.host],
    ['version', tetra.version],
    ['latest', tetra.latestVersion],
    ['behind', tetra.versionsBehind],
    ['lastupdate', tetra.lastSuccessfulUpdate],
    ['age_h', ageHours],
    ['lasterror', tetra.lastError?.code ?? null],
    ['connector', result.connector.version],
    ['guid', result.connector.guid ?? null],
    ['codes', result.findings.map((f) => f.code).join(',') || null],
    ...actionFields(result),
    ['at', result.checkedAt],
  ];
  const head = [LINE_PREFIX, ...fields.map(([k, v]) => `${k}=${v === null || v === '' ? '-' : toToken(String(v))}`)].join(' ');
  const line = `${head} | ${toAscii(result.summary)}`;
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 3)}...` : line;
}

/** Fields only some commands have: remediate's outcome, collect's outcome, detect's history. */
function actionFields(result: DoctorResult): Array<[string, string | number | null]> {
  const fields: Array<[string, string | number | null]> = [];
  const remediation = result.remediation as { outcome?: string } | undefined;
  const collection = result.collection as { outcome?: string } | undefined;
  const history = result.history as { available?: boolean; unhealthySince?: string | null; intermittent?: boolean } | undefined;
  if (remediation?.outcome) fields.push(['outcome', remediation.outcome]);
  if (collection?.outcome) fields.push(['collect', collection.outcome]);
  if (history?.available) fields.push(['unhealthy_since', history.unhealthySince ?? null], ['intermittent', history.intermittent ? 1 : 0]);
  return fields;
}

export interface ParsedLine {
  fields: Record<string, string | null>;
  summary: string;
}

/**
 * Reads a line back from structure, never from text that merely contains the marker: of a multi-line output the last
 * line holding the marker is the result (Intune keeps the last line), and within it the FIRST marker starts the
 * fields; a marker inside the summary (after " | ") is summary text and changes nothing.
 */
export function parseLine(text: string): ParsedLine | null {
  const marker = `${LINE_PREFIX} `;
  const lines = text.split(/\r?\n/);
  let index = lines.length - 1;
  while (index >= 0 && !lines[index].includes(marker)) index--;
  if (index < 0) return null;
  const line = lines[index].slice(lines[index].indexOf(marker));
  const bar = line.indexOf(' | ');
  const head = bar < 0 ? line : line.slice(0, bar);
  const fields: Record<string, string | null> = {};
  for (const token of head.split(' ').slice(1)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields[token.slice(0, eq)] = token.slice(eq + 1) === '-' ? null : token.slice(eq + 1);
  }
  return { fields, summary: bar < 0 ? '' : line.slice(bar + 3) };
}

function toToken(value: string): string {
  return toAscii(value).replace(/[\s|=]+/g, '_');
}

function toAscii(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}
