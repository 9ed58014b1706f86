// Reading fleet inputs without trusting them: a path that is not a regular file (a FIFO, a device, a link to one)
// is that input's failure at once instead of a read that never returns; lines and JSON values are cut out of the
// file in bounded chunks, so one huge line or value is counted as unreadable instead of growing the process.
import type { ReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
export { openRegularFile } from '../system/readFileBounded';

/** The longest line or JSON value kept (characters). A result is a few KB; a saved Graph page a few MB. */
export const MAX_RECORD_CHARS = 32 * 1024 * 1024;
// Just under Node's limit (0xFBEE9 bytes) above which a Latin-1 decode becomes an external string: those live outside
// the V8 heap, are freed late, and pushed the peak RSS of a 124 MB join up by 50 MB.
const CHUNK_BYTES = 960 * 1024;

/** The file's text in chunks of at most CHUNK_BYTES, decoded as UTF-8 (a leading BOM dropped). */
export async function* textChunks(handle: FileHandle): AsyncGenerator<string> {
  const stream: ReadStream = handle.createReadStream({ highWaterMark: CHUNK_BYTES, autoClose: false, start: 0 });
  const decoder = new StringDecoder('utf8');
  let first = true;
  // Until the first byte outside ASCII the decoder holds nothing, and an all-ASCII chunk is the same text read as
  // Latin-1, which costs a copy instead of a UTF-8 decode; from then on every chunk goes through the decoder.
  let asciiSoFar = true;
  for await (const bytes of stream as AsyncIterable<Buffer>) {
    asciiSoFar &&= isAscii(bytes);
    let text = asciiSoFar ? bytes.toString('latin1') : decoder.write(bytes);
    if (first && text.length > 0) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

export type LineItem = { lineNo: number; line: string } | { lineNo: number; tooLong: number };

/**
 * Lines (without their \r\n or \n), numbered from 1. A line longer than maxChars is never assembled: its characters
 * are counted and skipped, and it is yielded as tooLong.
 */
export async function* boundedLines(
  chunks: AsyncIterable<string>,
  maxChars = MAX_RECORD_CHARS,
): AsyncGenerator<LineItem> {
  for await (const batch of boundedLineBatches(chunks, maxChars)) yield* batch;
}

/**
 * The same lines as boundedLines, handed out as one array per chunk read: an async step per line costs a promise and
 * a trip through the microtask queue, which for 100,000 short results is a measurable part of the whole read.
 */
export async function* boundedLineBatches(
  chunks: AsyncIterable<string>,
  maxChars = MAX_RECORD_CHARS,
): AsyncGenerator<LineItem[]> {
  let partial = '';
  let skipping = 0; // characters of an over-long line dropped so far; 0 when not skipping
  let lineNo = 0;
  for await (const chunk of chunks) {
    const batch: LineItem[] = [];
    let start = 0;
    for (let nl = chunk.indexOf('\n', start); nl >= 0; nl = chunk.indexOf('\n', start)) {
      lineNo++;
      if (skipping > 0) {
        batch.push({ lineNo, tooLong: skipping + nl - start });
        skipping = 0;
      } else {
        const line = partial + chunk.slice(start, nl);
        partial = '';
        if (line.length > maxChars) batch.push({ lineNo, tooLong: line.length });
        else batch.push({ lineNo, line: line.endsWith('\r') ? line.slice(0, -1) : line });
      }
      start = nl + 1;
    }
    const tail = chunk.length - start;
    if (skipping > 0) skipping += tail;
    else if (partial.length + tail > maxChars) {
      skipping = partial.length + tail;
      partial = '';
    } else if (tail > 0) partial += chunk.slice(start);
    if (batch.length > 0) yield batch;
  }
  if (skipping > 0) yield [{ lineNo: lineNo + 1, tooLong: skipping }];
  else if (partial.length > 0)
    yield [{ lineNo: lineNo + 1, line: partial.endsWith('\r') ? partial.slice(0, -1) : partial }];
}

export type JsonValueItem =
  { index: number; text: string } | { index: number; tooLong: number } | { index: number; malformed: string };

/**
 * The values of a JSON document, one at a time: each element of a top-level array, or the top-level value itself
 * (index -1). Only one value's text is held at a time, and one longer than maxChars is skipped and reported.
 * The text is handed out unparsed; JSON.parse of each value is the caller's (and the final judge of validity).
 */
export async function* jsonValues(
  chunks: AsyncIterable<string>,
  maxChars = MAX_RECORD_CHARS,
): AsyncGenerator<JsonValueItem> {
  const scan = { started: false, array: false, depth: 0, inString: false, escaped: false, done: false };
  let index = 0;
  let value: string[] = [];
  let valueChars = 0;
  let tooLong = false;
  let inValue = false;
  const finish = (): JsonValueItem => {
    const item: JsonValueItem = tooLong
      ? { index: scan.array ? index : -1, tooLong: valueChars }
      : { index: scan.array ? index : -1, text: value.join('') };
    index++;
    value = [];
    valueChars = 0;
    tooLong = false;
    inValue = false;
    return item;
  };
  for await (const chunk of chunks) {
    let from = 0; // where the part of this chunk that belongs to the current value starts
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (scan.done) {
        if (isSpace(c)) continue;
        // Another top-level value after the first (concatenated JSON, saved pages one after another): read it too.
        if (scan.array || c !== 0x7b) {
          yield { index, malformed: 'text after the end of the JSON document' };
          return;
        }
        scan.done = false;
      }
      if (scan.inString) {
        if (scan.escaped) scan.escaped = false;
        else if (c === 0x5c) scan.escaped = true;
        else if (c === 0x22) scan.inString = false;
        continue;
      }
      if (!scan.started) {
        if (isSpace(c)) continue;
        scan.started = true;
        if (c === 0x5b) {
          scan.array = true;
          continue;
        }
      }
      // At depth 0 inside the top-level array: a scalar value ends at a separator; then separators, the closing
      // bracket, or the start of the next value.
      if (scan.array && scan.depth === 0) {
        if (inValue && (c === 0x2c || c === 0x5d || isSpace(c))) {
          take(chunk.slice(from, i));
          yield finish();
        }
        if (!inValue) {
          if (isSpace(c) || c === 0x2c) continue;
          if (c === 0x5d) {
            scan.done = true;
            continue;
          }
          inValue = true;
          from = i;
        }
      } else if (!scan.array && !inValue) {
        inValue = true;
        from = i;
      }
      if (c === 0x22) scan.inString = true;
      else if (c === 0x7b || c === 0x5b) scan.depth++;
      else if (c === 0x7d || c === 0x5d) {
        scan.depth--;
        if (scan.depth < 0) {
          yield { index, malformed: 'unbalanced brackets' };
          return;
        }
        // An object or array value ends when its last bracket closes.
        if (scan.depth === 0) {
          take(chunk.slice(from, i + 1));
          yield finish();
          if (!scan.array) scan.done = true;
        }
      }
    }
    if (inValue) take(chunk.slice(from));
  }
  if (inValue) {
    // A top-level scalar or a document cut short: let JSON.parse say what is wrong with it.
    yield finish();
  } else if (scan.array && !scan.done) yield { index, malformed: 'the JSON array is not closed' };

  function take(part: string): void {
    valueChars += part.length;
    if (tooLong) return;
    if (valueChars > maxChars) {
      tooLong = true;
      value = [];
      return;
    }
    value.push(part);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
