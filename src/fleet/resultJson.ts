// Our own JSON results: one per file (as `--format json` prints them, or pretty-printed), a JSON array of them, or
// NDJSON with one per line. Saved Graph pages are JSON too and are recognised here by their `value` array.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fromLineText, fromResultObject, isRecord } from './detectionOutput';
import { isGraphPage, readGraphPage } from './graphRunStates';
import type { RecordSink } from './types';

/** Streams the file line by line: 100,000 results never sit in memory as one string. Returns the rows read. */
export async function readNdjson(file: string, sink: RecordSink): Promise<number> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let lineNo = 0;
  let rows = 0;
  for await (const line of lines) {
    lineNo++;
    if (isBlank(line)) continue;
    rows++;
    readJsonText(line, `${file}:${lineNo}`, sink);
  }
  return rows;
}

/** A whole file holding one JSON document (pretty-printed results or pages). Returns the rows read. */
export async function readJsonDocument(file: string, sink: RecordSink): Promise<number> {
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  return readJsonText(text, file, sink);
}

/** Plain text files of `line` outputs (an RMM's custom field export, a log): one TETRA-DOCTOR line per result. */
export async function readLineFile(file: string, sink: RecordSink): Promise<number> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let lineNo = 0;
  let rows = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.includes('TETRA-DOCTOR ')) continue;
    rows++;
    const parsed = fromLineText(line, { device: null, runAt: null, source: `${file}:${lineNo}` });
    if (isRecord(parsed)) sink.add(parsed);
    else sink.unreadable(`${file}:${lineNo}`, parsed.reason);
  }
  return rows;
}

/** Cheaper than trim() on every one of 100,000 lines: results start with '{' and are never blank. */
function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) !== 123 && line.trim() === '');
}

function readJsonText(text: string, where: string, sink: RecordSink): number {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    sink.unreadable(where, `invalid JSON: ${(err as Error).message}`);
    return 1;
  }
  const items = Array.isArray(value) ? value : [value];
  let rows = 0;
  items.forEach((item, index) => {
    const source = items.length > 1 ? `${where}[${index}]` : where;
    if (isGraphPage(item)) {
      rows += readGraphPage(item, source, sink);
      return;
    }
    rows++;
    const parsed = fromResultObject(item, { device: null, runAt: null, source });
    if (isRecord(parsed)) sink.add(parsed);
    else sink.unreadable(source, parsed.reason);
  });
  return rows;
}
