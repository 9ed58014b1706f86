// The passes over an XML file's text made before and after the parser, each one walk of the text (linear time,
// whatever the file holds: a pattern with a lazy or nested quantifier over a hostile file takes quadratic time or
// worse). How deep elements nest, and character and entity references as XML 1.0 defines them: the five predefined
// entities and numeric references to characters XML allows, decoded once (`&amp;lt;` is the text `&lt;`); any other
// reference makes the file not well-formed. CDATA sections, comments and processing instructions hold no references.

const LT = 0x3c;
const AMP = 0x26;
const EQUALS = 0x3d;
/** `&#x10FFFF;` is the longest reference XML can hold. */
const MAX_REFERENCE_CHARS = 10;

/** How many `<`, `=` and `&` the text holds (each a tag, an attribute or a reference the validator and parser work
 * on), counted up to just past `limit`: a file with more is refused before they run. */
export function markupCount(text: string, limit: number): number {
  let count = 0;
  for (let i = 0; i < text.length && count <= limit; i++) {
    const code = text.charCodeAt(i);
    if (code === LT || code === AMP || code === EQUALS) count++;
  }
  return count;
}

/** The deepest element nesting, counting open tags against close tags; stops counting past `limit`. */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let i = 0;
  // The next '>' is looked for again only once the walk has passed the last one found: one walk in all.
  let gt = -2;
  const nextGt = (from: number) => (gt === -1 || gt >= from ? gt : (gt = text.indexOf('>', from)));
  while (i < text.length && max <= limit) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    const skip = skipMarkup(text, lt);
    if (skip > 0) {
      i = skip;
      continue;
    }
    // The tag runs to the next '>' unless another '<' comes first (then it is malformed and ends there).
    const close = nextGt(lt + 1);
    const nextLt = text.indexOf('<', lt + 1);
    const end = close < 0 || (nextLt >= 0 && nextLt < close) ? -1 : close;
    if (end < 0) {
      // A '<' without its '>' before the next '<': not a tag; the validator says so.
      i = nextLt < 0 ? text.length : nextLt;
      continue;
    }
    if (text[lt + 1] === '/') depth--;
    else if (/[A-Za-z_]/.test(text[lt + 1] ?? '') && text[end - 1] !== '/') max = Math.max(max, ++depth);
    i = end + 1;
  }
  return max;
}

/** Where markup that holds no elements or references (comment, CDATA, processing instruction, declaration) that
 * starts at `lt` ends, or 0 when none starts there. An unterminated one runs to the end of the text. */
function skipMarkup(text: string, lt: number): number {
  for (const [open, close] of MARKUP) {
    if (!text.startsWith(open, lt)) continue;
    const end = text.indexOf(close, lt + open.length);
    return end < 0 ? text.length : end + close.length;
  }
  return 0;
}

const MARKUP: Array<[string, string]> = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
];

/**
 * The text with every reference checked, for a parser that is told to leave references alone: a '&' in a CDATA
 * section is written `&amp;` (so that decoding the parsed values later gives it back as it was), and a reference
 * elsewhere that XML does not define is an error. Returns the text, or the reason it is not well-formed.
 */
export function checkReferences(text: string): { ok: true; text: string } | { ok: false; error: string } {
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === LT) {
      const skip = skipMarkup(text, i);
      if (skip > 0 && text.startsWith('<![CDATA[', i)) {
        parts.push(text.slice(from, i), text.slice(i, skip).replaceAll('&', '&amp;'));
        from = skip;
      }
      i = skip > 0 ? skip : i + 1;
      continue;
    }
    if (c === AMP) {
      const semi = referenceEnd(text, i);
      if (semi < 0 || decodeOne(text.slice(i + 1, semi)) === null)
        return { ok: false, error: `an undefined or invalid reference at offset ${i}` };
      i = semi + 1;
      continue;
    }
    i++;
  }
  parts.push(text.slice(from));
  return { ok: true, text: parts.join('') };
}

/** The ';' that ends the reference starting at `amp`, looked for only as far as a reference can reach. */
function referenceEnd(text: string, amp: number): number {
  const stop = Math.min(text.length, amp + 2 + MAX_REFERENCE_CHARS);
  for (let j = amp + 1; j < stop; j++) if (text.charCodeAt(j) === 0x3b) return j;
  return -1;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The character a reference's name (between '&' and ';') stands for, or null when XML defines none. */
function decodeOne(name: string): string | null {
  if (Object.hasOwn(PREDEFINED, name)) return PREDEFINED[name];
  const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(name);
  if (!numeric) return null;
  const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
  return isXmlChar(code) ? String.fromCodePoint(code) : null;
}

/** XML 1.0's Char: tab, newline, carriage return, and the Unicode scalar values but U+FFFE and U+FFFF. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** A parsed value with its (already checked) references decoded, in one pass: `&amp;lt;` gives `&lt;`. */
function decodeReferences(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(
    /&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g,
    (whole, name: string) => decodeOne(name) ?? whole,
  );
}

/** Every string in a parsed document decoded (keys are element names: they hold no references). */
export function decodeDocument(node: unknown): unknown {
  if (typeof node === 'string') return decodeReferences(node);
  if (Array.isArray(node)) return node.map(decodeDocument);
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [key, value] of Object.entries(node)) out[key] = decodeDocument(value);
    return out;
  }
  return node;
}
