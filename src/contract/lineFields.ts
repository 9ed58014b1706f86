// --format line's fields: each field defined once, with its key, what it means (README.md's line-field table is
// generated from it, npm run docs:contract), how it is written from a result and how its token is read back. The
// renderer (src/render/line.ts) writes with them and its parser reads with them, so a reader (fleet) takes typed
// values by name and can never ask for a key the writer does not write.
import type { DoctorResult } from './result';
import { primaryFinding } from './rootCauses';

export const LINE_PREFIX = 'TETRA-DOCTOR';
/** An unknown value's token. */
export const UNKNOWN = '-';

/** How one kind of value becomes a token and back; `null` is unknown, written as `-`. */
interface Codec<T> {
  write(value: T): string;
  /** The value, or null when the token does not hold one of this kind. */
  read(token: string): T | null;
  /** Outside text, which redaction may rewrite (numbers, flags and lists of codes are tetra-doctor's own). */
  isText: boolean;
}

const text: Codec<string> = { write: (v) => toToken(v), read: (t) => t, isText: true };
const int: Codec<number> = {
  write: (v) => String(v),
  read: (t) => (/^-?\d+$/.test(t) ? Number(t) : null),
  isText: false,
};
/** An ISO 8601 time, kept as the string the JSON result carries. */
const time: Codec<string> = {
  write: (v) => toToken(v),
  read: (t) => (Number.isNaN(Date.parse(t)) ? null : t),
  isText: true,
};
const list: Codec<string[]> = {
  write: (v) => v.map(toToken).join(','),
  read: (t) => t.split(',').filter(Boolean),
  isText: false,
};
const flag: Codec<boolean> = {
  write: (v) => (v ? '1' : '0'),
  read: (t) => (t === '1' ? true : t === '0' ? false : null),
  isText: false,
};

export interface LineField<T> {
  key: string;
  codec: Codec<T>;
  /** What the value is, as README.md's line-field table says it (Markdown). */
  meaning: string;
  /** The value from the result: null when unknown, undefined when this result has no such field (not written). */
  from(result: DoctorResult): T | null | undefined;
  /** Text of tetra-doctor's own fixed vocabulary (status, codes, outcomes): never rewritten by redaction. */
  vocabulary: boolean;
}

const field = <T>(
  key: string,
  codec: Codec<T>,
  meaning: string,
  from: (result: DoctorResult) => T | null | undefined,
  vocabulary = false,
): LineField<T> => ({ key, codec, meaning, from, vocabulary });

/** Every field of the line, in the order written. The property names are what readers get back. */
export const LINE_FIELDS = {
  status: field('status', text, 'the status', (r) => r.status, true),
  exitCode: field('exit', int, 'the exit code', (r) => r.exitCode),
  host: field('host', text, 'the computer name (spaces, `|` and `=` become `_`)', (r) => r.host),
  version: field('version', int, 'TETRA definition version', (r) => r.tetra.version),
  latestVersion: field('latest', int, 'latest published version', (r) => r.tetra.latestVersion),
  versionsBehind: field('behind', int, 'versions behind the latest', (r) => r.tetra.versionsBehind),
  lastSuccessfulUpdate: field(
    'lastupdate',
    time,
    'last successful update (ISO 8601)',
    (r) => r.tetra.lastSuccessfulUpdate,
  ),
  ageHours: field('age_h', int, 'hours since the last successful update', ageHours),
  lastError: field('lasterror', int, "local.xml's lasterror, signed", (r) => r.tetra.lastError?.code ?? null),
  connectorVersion: field('connector', text, 'connector version', (r) => r.connector.version),
  connectorGuid: field(
    'guid',
    text,
    "connector GUID (posture `agent_uuid`, else local.xml `config/agent/uuid`), the Secure Endpoint console's key",
    (r) => r.connector.guid ?? null,
  ),
  codes: field('codes', list, 'finding codes, comma-separated', (r) => r.findings.map((f) => f.code), true),
  // The code a person acts on first (the text output's "Next step"): the Intune scripts put it ahead of the tokens.
  primaryCause: field(
    'cause',
    text,
    'the primary cause: the finding the text output\'s "Next step" acts on (`-` when healthy)',
    (r) => (r.status === 'healthy' ? null : (primaryFinding(r.findings)?.code ?? null)),
    true,
  ),
  // Fields only some commands have: remediate's outcome, collect's outcome, detect's history.
  remediation: field('outcome', text, '`remediate` only: the remediation outcome', (r) => r.remediation?.outcome, true),
  collection: field('collect', text, '`collect` only: the collection outcome', (r) => r.collection?.outcome, true),
  unhealthySince: field(
    'unhealthy_since',
    time,
    'with a readable history: since when unhealthy (ISO 8601; `-` when healthy)',
    (r) => (r.history?.available ? r.history.unhealthySince : undefined),
  ),
  intermittent: field('intermittent', flag, 'with a readable history: `1` when intermittent, else `0`', (r) =>
    r.history?.available ? r.history.intermittent : undefined,
  ),
  checkedAt: field('at', time, 'when the check ran (ISO 8601)', (r) => r.checkedAt),
} as const;

type Fields = typeof LINE_FIELDS;
/** What a line says, by name; null when the field is absent, unknown (`-`) or unreadable. */
export type LineValues = { [K in keyof Fields]: Fields[K] extends LineField<infer T> ? T | null : never };

function ageHours(result: DoctorResult): number | null {
  const last = result.tetra.lastSuccessfulUpdate;
  if (!last) return null;
  const hours = Math.round((Date.parse(result.checkedAt) - Date.parse(last)) / 3_600_000);
  return Number.isFinite(hours) ? Math.max(0, hours) : null;
}

export function toToken(value: string): string {
  return withoutMarker(toAscii(value).replace(/[\s|=]+/g, '_'));
}

/** The marker, with any separator a lenient reader might accept, loses its hyphen. */
export function withoutMarker(value: string): string {
  return value.replace(/TETRA[^A-Za-z0-9]?DOCTOR/g, (m) => `${m.slice(0, 5)}_${m.slice(-6)}`);
}

export function toAscii(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}
