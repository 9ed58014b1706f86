// Our own JSON results: one per file (as `--format json` prints them, or pretty-printed), a JSON array of them, or
// NDJSON with one per line. Saved Graph pages and saved Secure Endpoint computer pages are JSON too and are told
// apart here by their shape. Every reader streams the file in bounded chunks: memory stays bounded whatever its size.
import type { FileHandle } from 'node:fs/promises';
import { boundedLineBatches, boundedLines, jsonValues, MAX_RECORD_CHARS, textChunks } from './boundedRead';
import { fromResultObject, isRecord, parseDetectionOutput } from './detectionOutput';
import { isGraphPage, readGraphPage } from './graphRunStates';
import { fromApiComputer, isComputersPage } from '../console/computers';
import { sourceOf, type EndpointRecord, type FleetSink, type RecordSink } from './types';

const overCap = (chars: number) => `over the ${MAX_RECORD_CHARS / (1024 * 1024)} M character cap (${chars} characters)`;

/** One value per line. Returns the rows read. */
export async function readNdjson(handle: FileHandle, file: string, sink: FleetSink): Promise<number> {
  let rows = 0;
  for await (const batch of boundedLineBatches(textChunks(handle))) {
    for (const item of batch) {
      if ('tooLong' in item) {
        rows++;
        sink.unreadable(`${file}:${item.lineNo}`, `line ${overCap(item.tooLong)}`);
        continue;
      }
      if (isBlank(item.line)) continue;
      rows += readJsonText(item.line, { source: file, line: item.lineNo }, sink);
    }
  }
  return rows;
}

/** A file holding one JSON document (pretty-printed results or pages, or an array of them). Returns the rows read. */
export async function readJsonDocument(handle: FileHandle, file: string, sink: FleetSink): Promise<number> {
  let rows = 0;
  for await (const item of jsonValues(textChunks(handle))) {
    const where = item.index < 0 ? file : `${file}[${item.index}]`;
    if ('text' in item) rows += readJsonText(item.text, { source: where, line: null }, sink);
    else {
      rows++;
      sink.unreadable(where, 'tooLong' in item ? `value ${overCap(item.tooLong)}` : `invalid JSON: ${item.malformed}`);
    }
  }
  return rows;
}

/** Plain text files of `line` outputs (an RMM's custom field export, a log): one TETRA-DOCTOR line per result. */
export async function readLineFile(handle: FileHandle, file: string, sink: RecordSink): Promise<number> {
  let rows = 0;
  for await (const item of boundedLines(textChunks(handle))) {
    const where = `${file}:${item.lineNo}`;
    if ('tooLong' in item) {
      rows++;
      sink.unreadable(where, `line ${overCap(item.tooLong)}`);
      continue;
    }
    if (!item.line.includes('TETRA-DOCTOR ')) continue;
    rows++;
    // A JSON result in a log is read as JSON: the marker inside its summary is text, not a line.
    const parsed = parseDetectionOutput(item.line, { device: null, runAt: null, source: file, line: item.lineNo });
    if (isRecord(parsed)) sink.add(parsed);
    else sink.unreadable(where, parsed.reason);
  }
  return rows;
}

/** Cheaper than trim() on every one of 100,000 lines: results start with '{' and are never blank. */
function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) !== 123 && line.trim() === '');
}

/** Where a JSON value was read; the text `file:line` is made only when a message or the report needs it. */
type Location = Pick<EndpointRecord, 'source' | 'line'>;

function readJsonText(text: string, at: Location, sink: FleetSink): number {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    sink.unreadable(sourceOf(at), `invalid JSON: ${(err as Error).message}`);
    return 1;
  }
  // One result per line is the common case: no array or closure per line for it.
  if (!Array.isArray(value)) return readJsonItem(value, at, sink);
  let rows = 0;
  const where = sourceOf(at);
  value.forEach((item, index) => (rows += readJsonItem(item, { source: `${where}[${index}]`, line: null }, sink)));
  return rows;
}

function readJsonItem(item: unknown, at: Location, sink: FleetSink): number {
  if (isComputersPage(item)) return readComputersPage(item, sourceOf(at), sink);
  if (isGraphPage(item)) return readGraphPage(item, sourceOf(at), sink);
  const parsed = fromResultObject(item, { device: null, runAt: null, source: at.source, line: at.line });
  if (isRecord(parsed)) sink.add(parsed);
  else sink.unreadable(sourceOf(at), parsed.reason);
  return 1;
}

/** A saved /v1/computers page: the console's computers, as a pull with --secure-endpoint gives them. */
function readComputersPage(page: { data: unknown[] }, where: string, sink: FleetSink): number {
  page.data.forEach((item, index) => {
    const computer = fromApiComputer(item);
    if (computer) sink.computer(computer);
    else sink.unreadable(`${where}#${index}`, 'not a Secure Endpoint computer');
  });
  return page.data.length;
}
