// Text from outside (a proxy's reason phrase, an XML value, a server's body, a path someone typed) is data, never
// instructions to a terminal or to a reader of the line format. This is the one place it is neutralized.

/** ESC sequences: CSI (ESC [ ... final), OSC/DCS/APC/PM/SOS strings (ended by BEL or ST), and two-byte escapes. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are what is neutralized
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)/g;
/** C1 string introducers (8-bit CSI, OSC...) take their parameters with them, like their ESC forms. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are what is neutralized
const C1_SEQUENCE = /\x9b[0-?]*[ -/]*[@-~]?|[\x90\x9d\x9e\x9f\x98][^\x07\x9c]*(?:\x07|\x9c)?/g;
/**
 * What is left that a terminal or a reader would not show as itself: C0 and C1 controls, DEL, bidirectional
 * embeddings, overrides, isolates and marks (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C), line and paragraph
 * separators, zero-width and invisible formatting characters, and the BOM.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are what is neutralized
  /[\x00-\x1f\x7f-\x9f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\u3164\ufeff\ufff9-\ufffb]/g;

/**
 * For a terminal: escape sequences removed whole, every other control or invisible formatting character shown as
 * `?`. Newlines and tabs are kept only when `multiline` (a renderer's own layout, never outside text's).
 */
export function forTerminal(text: string, options: { multiline?: boolean } = {}): string {
  const stripped = text.replace(ESCAPE_SEQUENCE, '?').replace(C1_SEQUENCE, '?');
  return options.multiline
    ? stripped.replace(INVISIBLE, (c) => (c === '\n' || c === '\t' ? c : '?'))
    : stripped.replace(INVISIBLE, '?');
}

/** Where outside text lands in a result: neutralized, on one line, and no longer than `max` characters. */
export function outsideText(text: string, max = 300): string {
  const clean = forTerminal(text.replace(/[\r\n\t]+/g, ' '))
    .replace(/ {2,}/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
}
