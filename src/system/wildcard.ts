// Wildcard patterns over outside text (a PAC script's shExpMatch, a WinHTTP bypass list): `*` is any run of
// characters, `?` any one. Matched without a regular expression: a pattern turned into one (`.*` per star) takes
// time exponential in the stars when it fails. Here the text is walked once per segment between stars, leftmost
// first (which is enough for globs): time grows with the text times the pattern, never faster.

export function wildcardMatch(text: string, pattern: string, options: { ignoreCase?: boolean } = {}): boolean {
  const t = options.ignoreCase ? text.toLowerCase() : text;
  const parts = (options.ignoreCase ? pattern.toLowerCase() : pattern).split('*');
  const first = parts[0];
  if (parts.length === 1) return t.length === first.length && segmentAt(t, 0, first);
  const last = parts[parts.length - 1];
  const end = t.length - last.length;
  if (end < first.length || !segmentAt(t, 0, first) || !segmentAt(t, end, last)) return false;
  let from = first.length;
  for (const segment of parts.slice(1, -1)) {
    const at = findSegment(t, segment, from, end);
    if (at < 0) return false;
    from = at + segment.length;
  }
  return true;
}

/** Whether `segment` (with `?` for any character) is found in `text` at `at`. */
function segmentAt(text: string, at: number, segment: string): boolean {
  for (let i = 0; i < segment.length; i++) if (segment[i] !== '?' && segment[i] !== text[at + i]) return false;
  return true;
}

/** The first place at or after `from` where `segment` fits wholly before `end`, or -1. */
function findSegment(text: string, segment: string, from: number, end: number): number {
  if (!segment.includes('?')) {
    const at = text.indexOf(segment, from);
    return at >= 0 && at + segment.length <= end ? at : -1;
  }
  for (let at = from; at + segment.length <= end; at++) if (segmentAt(text, at, segment)) return at;
  return -1;
}
