// Secrets leave no output in any form. Redaction works on the data, string by string, before anything is
// serialized: replacing text in rendered JSON would let a password such as `true`, `null` or `"` rewrite its
// structure. Every form a credential takes on the wire and in errors is removed: plain, URL-encoded (either hex
// case), JSON- and XML-escaped, and base64 of user:password (the Basic header a proxy may echo) and of the password.
import { forTerminal, outsideText } from '../system/terminalText';
import type { Secrets } from '../contract/types';

export interface Redactor {
  /** One string with every form of every secret replaced. */
  text(value: string): string;
  /** A deep copy of a value with every string in it (never a key) redacted. */
  value<T>(value: T): T;
}

/** Keys whose values come from tetra-doctor's own fixed vocabulary (statuses, codes, outcomes, proxy kinds and
 * authentication schemes, where a value came from): never rewritten, even when the password is `basic` or `http`.
 * A string under such a key is one of a closed set of words, never outside text. */
const VOCABULARY_KEYS: ReadonlySet<string> = new Set([
  'auth',
  'kind',
  'proxySource',
  'policy',
  'liveVia',
  'field',
  'status',
  'command',
  'code',
  'severity',
  'state',
  'failure',
  'source',
  'outcome',
  'lang',
  'name',
  'schemaVersion',
]);

/** Keys whose values are times tetra-doctor writes itself (ISO 8601, from the clock or from a number it read): they
 * hold no outside text, and a one-character password such as `:` must not turn them into no time at all. */
const TIME_KEYS: ReadonlySet<string> = new Set([
  'checkedAt',
  'cooldownUntil',
  'finishedAt',
  'forcedAt',
  'lastSuccessfulUpdate',
  'lastUnhealthyAt',
  'startedAt',
  'unhealthySince',
]);

/** Whether a JSON value under `key` is tetra-doctor's own (a word of its vocabulary, or a time it wrote): never
 * rewritten by redaction, and never where a secret could be. */
export function holdsOwnValue(key: string | null): boolean {
  return key !== null && (VOCABULARY_KEYS.has(key) || TIME_KEYS.has(key));
}

export function secretForms(secrets: Secrets): string[] {
  const forms = new Set<string>();
  for (const { password, username } of credentials(secrets)) {
    if (!password) continue;
    const add = (form: string) => {
      // Outside text is neutralized where it enters a finding, before output is redacted: its neutralized forms too.
      for (const variant of [form, forTerminal(form), outsideText(form, Infinity)]) {
        if (variant) forms.add(variant);
        if (/%[0-9A-F]{2}/.test(variant)) forms.add(variant.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
      }
    };
    add(password);
    add(encodeURIComponent(password));
    add(encodeURI(password));
    add(encodeURIComponent(password).replace(/%20/g, '+'));
    add(userinfoEncoded(password));
    add(JSON.stringify(password).slice(1, -1));
    // UTF-8 bytes read back as Latin-1: how an HTTP parser hands over a non-ASCII password echoed in a reason phrase.
    add(Buffer.from(password, 'utf8').toString('latin1'));
    add(
      password
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;'),
    );
    for (const plain of [`${username ?? ''}:${password}`, password]) {
      const b64 = Buffer.from(plain, 'utf8').toString('base64');
      add(b64);
      add(b64.replace(/=+$/, ''));
      add(Buffer.from(plain, 'utf8').toString('base64url'));
    }
  }
  // Longest first: a form that contains another is removed whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

function credentials(secrets: Secrets): Array<{ password: string | null; username: string | null }> {
  return [
    { password: secrets.proxyPassword, username: secrets.proxyUsername ?? null },
    ...(secrets.others ?? []).map((password) => ({ password, username: null })),
  ];
}

/** The form the WHATWG URL parser gives a password in userinfo (what `new URL(...).password` holds). */
function userinfoEncoded(password: string): string {
  try {
    const url = new URL('http://h/');
    url.password = password;
    return url.password;
  } catch {
    return password;
  }
}

/**
 * The replacement is made of a character that occurs in no form: then no occurrence can span a replacement, and
 * redacting leaves no form behind, whatever the password. Only a password using every candidate falls back to
 * deletion, repeated until nothing is left.
 */
function markerFor(forms: string[]): string {
  const used = new Set(forms.join(''));
  const candidate = ['*', '#', '~', 'X', '_', '^', '.', '-'].find((c) => !used.has(c));
  return candidate ? candidate.repeat(3) : '';
}

export function createRedactor(secrets: Secrets): Redactor {
  const forms = secretForms(secrets);
  const marker = markerFor(forms);
  const text = (value: string): string => {
    if (forms.length === 0) return value;
    let out = value;
    for (let changed = true; changed;) {
      changed = false;
      for (const form of forms) {
        if (!out.includes(form)) continue;
        out = out.split(form).join(marker);
        changed = true;
      }
      if (marker !== '') break;
    }
    return out;
  };
  const walk = (node: unknown, key: string | null): unknown => {
    if (typeof node === 'string') return holdsOwnValue(key) ? node : text(node);
    if (Array.isArray(node)) return node.map((item) => walk(item, key));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, walk(v, k)]));
    }
    return node;
  };
  return { text, value: <T>(value: T) => walk(value, null) as T };
}

/** The secrets a command line carries itself (--proxy's password), for results built before evidence is read. */
export function secretsOfProxyUrl(proxy: string | null | undefined): Secrets {
  if (!proxy) return { proxyPassword: null };
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`);
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    return {
      proxyPassword: url.password ? decode(url.password) : null,
      proxyUsername: url.username ? decode(url.username) : null,
      others: url.password ? [url.password] : [],
    };
  } catch {
    // Unparseable: whatever follows the last ':' before '@' is treated as a password.
    const match = /:\/\/[^/@]*:([^/@]*)@/.exec(proxy);
    return { proxyPassword: match ? match[1] : null };
  }
}

/** Several sources of secrets (the command line, policy.xml) joined. */
export function joinSecrets(...all: Secrets[]): Secrets {
  const [first, ...rest] = all.filter((s) => s.proxyPassword || (s.others ?? []).length > 0);
  if (!first) return { proxyPassword: null };
  return {
    ...first,
    others: [
      ...(first.others ?? []),
      ...rest.flatMap((s) => [...(s.proxyPassword ? [s.proxyPassword] : []), ...(s.others ?? [])]),
    ],
  };
}
