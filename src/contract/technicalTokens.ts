// The technical tokens of an English failure text: what a reader of another language still needs from it (an error
// code, an HTTP status, a host and port, a URL, a number with its unit, a program's identifier) without its English
// words. A Japanese finding says what failed in Japanese and quotes only these, so no English sentence sits inside a
// Japanese one. One pass over the words, each tested by patterns anchored at both ends that cannot backtrack.

/** Characters around a word that belong to the sentence, not to the token: brackets, quotes, punctuation. */
const EDGE = /^[(["'<]+|[)\]"'>,;:.]+$/g;

const KEEP: readonly RegExp[] = [
  /^[a-z][a-z0-9+.-]*:\/\/\S+$/i, // a URL
  /^0x[0-9a-f]+$/i, // a Windows error code such as 0x80092013
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/, // an error code or protocol name: ECONNREFUSED, CERT_HAS_EXPIRED, HTTP, NTLM
  /^\d+(?:[.:]\d+)*$/, // a number, a status, an IPv4 address and port, a version
  /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?$/i, // a host name, with its port
];
const UNITS: ReadonlySet<string> = new Set(['ms', 's', 'bytes', 'KiB', 'MiB']);
const NUMBER = /^\d+$/;

/** A program's identifier written in camel case (FindProxyForURL, SyntaxError): letters and digits, a capital inside. */
function isIdentifier(word: string): boolean {
  return word.length > 2 && /^[A-Za-z0-9]+$/.test(word) && /[a-z][A-Z]/.test(word);
}

/** The technical tokens of `text`, each once, in order, separated by spaces ('' when it has none). */
export function technicalTokens(text: string): string {
  const kept: string[] = [];
  // A unit belongs to the number just before it, and is kept when that number was (3000 ms, once).
  let numberKept = false;
  for (const raw of text.split(/\s+/)) {
    const word = raw.replace(EDGE, '');
    const unit = UNITS.has(word);
    const keep: boolean = unit
      ? numberKept
      : (word.length > 1 || NUMBER.test(word)) &&
        !kept.includes(word) &&
        (KEEP.some((pattern) => pattern.test(word)) || isIdentifier(word));
    if (keep) kept.push(word);
    numberKept = keep && NUMBER.test(word);
  }
  return kept.join(' ');
}
