// Where a test looks for a leaked credential: every form it takes on the wire and in errors (computed here, apart
// from the code under test), and the places in a JSON result or a line that hold outside text. Keys whose values are
// tetra-doctor's own vocabulary and times (src/render/redact.ts holdsOwnValue) are not looked in: a password that spells
// "unhealthy" may match a status.
import type { parseLine } from '../../src/render/line';
import { holdsOwnValue } from '../../src/render/redact';

export const PROXY_USER = 'svc-tetra';

/** The forms a credential takes when software encodes it: plain, URL-encoded, JSON-escaped, and in Basic's base64. */
export function wireForms(password: string, user = PROXY_USER): string[] {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return [
    password,
    encodeURIComponent(password),
    JSON.stringify(password).slice(1, -1),
    b64(`${user}:${password}`),
    b64(password),
  ].filter((f) => f.length > 0);
}

/** The wire forms, and what reading its bytes as an HTTP reason phrase makes of it (shown on a terminal too). */
export function formsOf(password: string, user = PROXY_USER): string[] {
  // The Latin-1 reading of its UTF-8 bytes is what an HTTP parser makes of a non-ASCII password in a reason phrase.
  const latin1 = Buffer.from(password, 'utf8').toString('latin1');
  // eslint-disable-next-line no-control-regex -- C0 and C1 controls are shown as ? by the neutralizer
  const shown = latin1.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
  return [...wireForms(password, user), latin1, shown].filter((f) => f.length > 0);
}

/** Every string value of a parsed JSON result, with the key it sits under. */
function stringValues(
  node: unknown,
  key: string | null = null,
  out: Array<[string | null, string]> = [],
): Array<[string | null, string]> {
  if (typeof node === 'string') out.push([key, node]);
  else if (Array.isArray(node)) for (const item of node) stringValues(item, key, out);
  else if (node !== null && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) stringValues(v, k, out);
  return out;
}

/** The first value of a JSON result (outside the vocabulary) that holds a form of the password, with its key. */
export function formInJson(json: unknown, password: string): [string | null, string] | undefined {
  const forms = formsOf(password);
  return stringValues(json).find(([key, value]) => !holdsOwnValue(key) && forms.some((f) => value.includes(f)));
}

/** The first text token or summary of a parsed line that holds a form of the password. */
export function formInLine(line: NonNullable<ReturnType<typeof parseLine>>, password: string): string | undefined {
  const forms = formsOf(password);
  const values = [
    ...['host', 'lastupdate', 'connector', 'at', 'unhealthy_since'].map((k) => line.fields[k] ?? ''),
    line.summary,
  ];
  return values.find((v) => forms.some((f) => v.includes(f)));
}
