// Reads a connector XML file defensively: bounded size, any of the encodings Windows writes, no entity expansion.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFileBounded } from '../system/readFileBounded';
import { decodeText } from './decodeText';
import { checkReferences, decodeDocument, markupCount, nestingDepth } from './xmlScan';

/**
 * The connector's XML files are small: a policy.xml is tens of KB, local.xml a few KB. The caps are far above that
 * and bound what a hostile file costs: fast-xml-parser's validator and parser take a few microseconds per tag or
 * reference, so a file of at most 1 MiB and 100,000 of them (`<`, `=` and `&` counted) is read or refused within about a second on a loaded
 * endpoint (16 MiB of references or an attribute soup took up to 55 s; docs/benchmarks.md).
 */
export const MAX_XML_BYTES = 1024 * 1024;
export const MAX_XML_MARKUP = 100_000;
const MAX_DEPTH = 64;

export type XmlRead =
  { state: 'ok'; document: Record<string, unknown> } | { state: 'missing' } | { state: 'failed'; error: string };

export async function readXmlFile(file: string): Promise<XmlRead> {
  // The install folder's files are the connector's own: a link, FIFO or device there is refused, never followed.
  const read = await readFileBounded(file, { maxBytes: MAX_XML_BYTES });
  if (read.state !== 'ok') return read;
  const parsed = parseXml(decodeText(read.bytes));
  return parsed.state === 'ok' ? parsed : { state: 'failed', error: `${file}: ${parsed.error}` };
}

export function parseXml(
  text: string,
): { state: 'ok'; document: Record<string, unknown> } | { state: 'failed'; error: string } {
  // Entity declarations have no place in these files and are how expansion bombs work: refuse, never expand.
  if (/<!ENTITY/i.test(text)) return { state: 'failed', error: 'declares XML entities, which are refused' };
  if (markupCount(text, MAX_XML_MARKUP) > MAX_XML_MARKUP)
    return {
      state: 'failed',
      error: `holds more than ${MAX_XML_MARKUP} tags, attributes and references, far more than a connector's file: refused`,
    };
  const depth = nestingDepth(text, MAX_DEPTH);
  if (depth > MAX_DEPTH) return { state: 'failed', error: `nests elements ${depth} deep, more than ${MAX_DEPTH}` };
  const references = checkReferences(text.replace(/^\s*<\?xml[^>]*\?>/, ''));
  if (!references.ok) return { state: 'failed', error: `is not well-formed XML (${references.error})` };
  const body = references.text;
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    // The parser's message quotes the offending text, which may be a password: only its code and position are kept.
    return {
      state: 'failed',
      error: `is not well-formed XML (${valid.err.code} at line ${valid.err.line}, column ${valid.err.col})`,
    };
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: true,
    // References are decoded here, once and as XML defines them (the parser leaves numeric ones alone).
    processEntities: false,
  });
  let document: unknown;
  try {
    // The validator passes some malformed processing instructions that the parser then throws on.
    document = parser.parse(body);
  } catch {
    return { state: 'failed', error: 'is not well-formed XML (the parser refused it)' };
  }
  if (document === null || typeof document !== 'object') return { state: 'failed', error: 'has no root element' };
  return { state: 'ok', document: decodeDocument(document) as Record<string, unknown> };
}

/** Walks a parsed document by element names; a missing step gives undefined. */
export function pick(document: unknown, ...steps: string[]): unknown {
  let node: unknown = document;
  for (const step of steps) {
    if (Array.isArray(node)) node = node[0];
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return Array.isArray(node) ? node[0] : node;
}

/** Finds the first element with a given name anywhere below a node, for paths that are not public (//tetra/lasterror). */
export function findDeep(node: unknown, parent: string, child: string, depth = 0): unknown {
  if (node === null || typeof node !== 'object' || depth > MAX_DEPTH) return undefined;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === parent) {
      const hit = pick(value, child);
      if (hit !== undefined) return hit;
    }
    const below = findDeep(value, parent, child, depth + 1);
    if (below !== undefined) return below;
  }
  return undefined;
}
