// --format line: one printable-ASCII line of at most 2048 characters, readable in the Intune portal (which keeps
// only the last line and its last 2048 characters) and parseable back by `fleet`.
//
// The fields are defined once, in src/contract/lineFields.ts (LINE_FIELDS): renderLine writes from them and parseLine
// reads with them.
import {
  LINE_FIELDS,
  LINE_PREFIX,
  toAscii,
  toToken,
  UNKNOWN,
  withoutMarker,
  type LineField,
  type LineValues,
} from '../contract/lineFields';
import type { DoctorResult } from '../contract/result';

const MAX_LINE = 2048;

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
    const isText = f.codec.isText && !f.vocabulary;
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

/** The summary is prose: no marker, no `|` (only the line's own separator), no `=` (so no key=value lookalikes). */
export function toSummary(value: string): string {
  return withoutMarker(toAscii(value).replace(/\|/g, '/').replace(/=/g, ':'));
}
