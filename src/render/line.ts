// --format line: one printable-ASCII line of at most 2048 characters, readable in the Intune portal (which keeps
// only the last line and its last 2048 characters) and parseable back by `fleet`.
//
// LINE_FIELDS is the one definition of the format: each field's key, how it is written from a result and how its
// token is read back. renderLine writes from it and parseLine reads with it, so a reader (fleet) takes typed values
// by name and can never ask for a key the writer does not write.
import { primaryFinding } from '../diagnose/rootCauses';
import type { DoctorResult } from './result';

export const LINE_PREFIX = 'TETRA-DOCTOR';
const MAX_LINE = 2048;
const UNKNOWN = '-';

/** How one kind of value becomes a token and back; `null` is unknown, written as `-`. */
interface Codec<T> {
  write(value: T): string;
  /** The value, or null when the token does not hold one of this kind. */
  read(token: string): T | null;
}

const text: Codec<string> = { write: (v) => toToken(v), read: (t) => t };
const int: Codec<number> = { write: (v) => String(v), read: (t) => (/^-?\d+$/.test(t) ? Number(t) : null) };
/** An ISO 8601 time, kept as the string the JSON result carries. */
const time: Codec<string> = { write: (v) => toToken(v), read: (t) => (Number.isNaN(Date.parse(t)) ? null : t) };
const list: Codec<string[]> = { write: (v) => v.map(toToken).join(','), read: (t) => t.split(',').filter(Boolean) };
const flag: Codec<boolean> = {
  write: (v) => (v ? '1' : '0'),
  read: (t) => (t === '1' ? true : t === '0' ? false : null),
};

interface LineField<T> {
  key: string;
  codec: Codec<T>;
  /** The value from the result: null when unknown, undefined when this result has no such field (not written). */
  from(result: DoctorResult): T | null | undefined;
}

const field = <T>(
  key: string,
  codec: Codec<T>,
  from: (result: DoctorResult) => T | null | undefined,
): LineField<T> => ({ key, codec, from });

/** Every field of the line, in the order written. The property names are what readers get back. */
export const LINE_FIELDS = {
  status: field('status', text, (r) => r.status),
  exitCode: field('exit', int, (r) => r.exitCode),
  host: field('host', text, (r) => r.host),
  version: field('version', int, (r) => r.tetra.version),
  latestVersion: field('latest', int, (r) => r.tetra.latestVersion),
  versionsBehind: field('behind', int, (r) => r.tetra.versionsBehind),
  lastSuccessfulUpdate: field('lastupdate', time, (r) => r.tetra.lastSuccessfulUpdate),
  ageHours: field('age_h', int, ageHours),
  lastError: field('lasterror', int, (r) => r.tetra.lastError?.code ?? null),
  connectorVersion: field('connector', text, (r) => r.connector.version),
  connectorGuid: field('guid', text, (r) => r.connector.guid ?? null),
  codes: field('codes', list, (r) => r.findings.map((f) => f.code)),
  // The code a person acts on first (the text output's "Next step"): the Intune scripts put it ahead of the tokens.
  primaryCause: field('cause', text, (r) =>
    r.status === 'healthy' ? null : (primaryFinding(r.findings)?.code ?? null),
  ),
  // Fields only some commands have: remediate's outcome, collect's outcome, detect's history.
  remediation: field('outcome', text, (r) => r.remediation?.outcome),
  collection: field('collect', text, (r) => r.collection?.outcome),
  unhealthySince: field('unhealthy_since', time, (r) => (r.history?.available ? r.history.unhealthySince : undefined)),
  intermittent: field('intermittent', flag, (r) => (r.history?.available ? r.history.intermittent : undefined)),
  checkedAt: field('at', time, (r) => r.checkedAt),
} as const;

type Fields = typeof LINE_FIELDS;
/** What a line says, by name; null when the field is absent, unknown (`-`) or unreadable. */
type LineValues = { [K in keyof Fields]: Fields[K] extends LineField<infer T> ? T | null : never };

/** Fields of tetra-doctor's own fixed vocabulary: never rewritten by redaction (like the JSON's). */
const VOCABULARY_KEYS = new Set(['status', 'codes', 'cause', 'outcome', 'collect']);

/**
 * `redact` runs on every text token and on the summary after they are reshaped (ASCII, no spaces), so reshaping
 * cannot re-form a secret; the line is cut to size after that. Outside text (a proxy's reason phrase in the summary,
 * a host name) can never add a second TETRA-DOCTOR marker, a ` | ` separator or a `key=value` token.
 */
export function renderLine(result: DoctorResult, redact: (text: string) => string = (t) => t): string {
  const tokens = Object.values(LINE_FIELDS).flatMap((f: LineField<unknown>) => {
    const value = f.from(result);
    if (value === undefined) return [];
    const written = value === null ? UNKNOWN : f.codec.write(value);
    // Like the JSON, only text is redacted: numbers and the fixed vocabulary (status, codes, outcomes) are ours.
    const isText = (f.codec === text || f.codec === time) && !VOCABULARY_KEYS.has(f.key);
    const token = isText && written !== UNKNOWN ? toToken(redact(written)) : written;
    return [`${f.key}=${token === '' ? UNKNOWN : token}`];
  });
  const line = `${[LINE_PREFIX, ...tokens].join(' ')} | ${toSummary(redact(toSummary(result.summary)))}`;
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 3)}...` : line;
}

export interface ParsedLine {
  /** Every `key=value` token as written (`-` becomes null), including keys this version does not know. */
  fields: Record<string, string | null>;
  /** The known fields, read back into their values. */
  values: LineValues;
  summary: string;
}

/**
 * Reads the last line of `text` that holds a TETRA-DOCTOR line (a script may put a verdict before it). Structure
 * only: within that line the FIRST marker starts the fields, and a marker inside the summary (after " | ") is text.
 */
export function parseLine(text: string): ParsedLine | null {
  const lines = text.split(/\r?\n/).filter((l) => l.includes(`${LINE_PREFIX} `));
  const found = lines.at(-1);
  if (found === undefined) return null;
  const line = found.slice(found.indexOf(`${LINE_PREFIX} `));
  const bar = line.indexOf(' | ');
  const head = bar < 0 ? line : line.slice(0, bar);
  const fields: Record<string, string | null> = {};
  for (const token of head.split(' ').slice(1)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields[token.slice(0, eq)] = token.slice(eq + 1) === UNKNOWN ? null : token.slice(eq + 1);
  }
  return { fields, values: readValues(fields), summary: bar < 0 ? '' : line.slice(bar + 3) };
}

function readValues(fields: Record<string, string | null>): LineValues {
  const entries = Object.entries(LINE_FIELDS).map(([name, f]: [string, LineField<unknown>]) => {
    const token = fields[f.key];
    return [name, token === undefined || token === null ? null : f.codec.read(token)];
  });
  return Object.fromEntries(entries) as LineValues;
}

function ageHours(result: DoctorResult): number | null {
  const last = result.tetra.lastSuccessfulUpdate;
  if (!last) return null;
  const hours = Math.round((Date.parse(result.checkedAt) - Date.parse(last)) / 3_600_000);
  return Number.isFinite(hours) ? Math.max(0, hours) : null;
}

function toToken(value: string): string {
  return withoutMarker(toAscii(value).replace(/[\s|=]+/g, '_'));
}

/** The summary is prose: no marker, no `|` (only the line's own separator), no `=` (so no key=value lookalikes). */
export function toSummary(value: string): string {
  return withoutMarker(toAscii(value).replace(/\|/g, '/').replace(/=/g, ':'));
}

/** The marker, with any separator a lenient reader might accept, loses its hyphen. */
function withoutMarker(value: string): string {
  return value.replace(/TETRA[^A-Za-z0-9]?DOCTOR/g, (m) => `${m.slice(0, 5)}_${m.slice(-6)}`);
}

function toAscii(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}
