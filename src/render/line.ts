// --format line: one printable-ASCII line of at most 2048 characters, readable in the Intune portal (which keeps
// only the last line and its last 2048 characters) and parseable back by `fleet`.
import type { DoctorResult } from './result';

export const LINE_PREFIX = 'TETRA-DOCTOR';
export const MAX_LINE = 2048;
const VOCABULARY_TOKENS = new Set(['status', 'codes', 'outcome', 'collect']);

/**
 * `redact` runs on every token and on the summary after they are reshaped (ASCII, no spaces), so reshaping cannot
 * re-form a secret; the line is cut to size after that. Outside text (a proxy's reason phrase in the summary, a
 * host name) can never add a second TETRA-DOCTOR marker, a ` | ` separator or a `key=value` token.
 */
export function renderLine(result: DoctorResult, redact: (text: string) => string = (t) => t): string {
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
    ['codes', result.findings.map((f) => f.code).join(',') || null],
    ...actionFields(result),
    ['at', result.checkedAt],
  ];
  // Like the JSON, only text is redacted: numbers and the fixed vocabulary (status, codes, outcomes) are ours.
  const token = (k: string, v: string | number) => (typeof v === 'string' && !VOCABULARY_TOKENS.has(k) ? toToken(redact(toToken(v))) : toToken(String(v)));
  const head = [LINE_PREFIX, ...fields.map(([k, v]) => `${k}=${v === null || v === '' ? '-' : token(k, v)}`)].join(' ');
  const line = `${head} | ${toSummary(redact(toSummary(result.summary)))}`;
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

export function parseLine(text: string): ParsedLine | null {
  const start = text.lastIndexOf(`${LINE_PREFIX} `);
  if (start < 0) return null;
  const line = text.slice(start).split(/\r?\n/)[0];
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
  return withoutMarker(toAscii(value).replace(/[\s|=]+/g, '_'));
}

/** The summary is prose: no marker, no `|` (only the line's own separator), no `=` (so no key=value lookalikes). */
function toSummary(value: string): string {
  return withoutMarker(toAscii(value).replace(/\|/g, '/').replace(/=/g, ':'));
}

/** The marker, with any separator a lenient reader might accept, loses its hyphen. */
function withoutMarker(value: string): string {
  return value.replace(/TETRA[^A-Za-z0-9]?DOCTOR/g, (m) => `${m.slice(0, 5)}_${m.slice(-6)}`);
}

function toAscii(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}
