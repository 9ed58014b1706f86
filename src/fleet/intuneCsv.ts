// The Intune portal's Remediations export (Devices > Remediations > a script > Device status > Export): one CSV
// row per device, the detection script's output before and after remediation in two columns. Column names differ
// between the portal's export and the reporting API's export, so each column is found by a set of aliases.
import { parse as parseSync } from 'csv-parse/sync';
import type { FileHandle } from 'node:fs/promises';
import { boundedLines, textChunks } from './boundedRead';
import { isRecord, parseDetectionOutput, toTime } from './detectionOutput';
import { newerOfPrePost } from './graphRunStates';
import type { RecordSink } from './types';

/** Header names, compared lower-case with everything but letters and digits removed. */
const INTUNE_COLUMNS = {
  device: ['devicename', 'device', 'computername', 'manageddevicename'],
  pre: ['preremediationdetectionoutput', 'preremediationdetectionscriptoutput', 'predetectionoutput'],
  post: ['postremediationdetectionoutput', 'postremediationdetectionscriptoutput', 'postdetectionoutput'],
  runAt: [
    'lastrun',
    'laststateupdatedatetime',
    'modifiedtime',
    'lastupdate',
    'lastmodified',
    'lastsync',
    'lastsyncdatetime',
  ],
} as const;
type Column = keyof typeof INTUNE_COLUMNS;

const normalize = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Column index per role, or null when this header is not an Intune Remediations export. */
function intuneColumns(header: string[]): Record<Column, number> | null {
  const names = header.map(normalize);
  const find = (column: Column) =>
    names.findIndex((name) => (INTUNE_COLUMNS[column] as readonly string[]).includes(name));
  const columns = { device: find('device'), pre: find('pre'), post: find('post'), runAt: find('runAt') };
  return columns.device >= 0 && (columns.pre >= 0 || columns.post >= 0) ? columns : null;
}

/** Whether the first line of a file looks like such a header (used to detect the format). */
export function looksLikeIntuneHeader(firstLine: string): boolean {
  return (
    intuneColumns(firstLine.split(delimiterOf(firstLine)).map((cell) => cell.trim().replace(/^"|"$/g, ''))) !== null
  );
}

/** Exports made with a European locale's list separator use ';'; the header tells which one this file uses. */
function delimiterOf(headerLine: string): string {
  const count = (d: string) => headerLine.split(d).length;
  return [',', ';', '\t'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

/** A detection output cell holds at most a few KB (Intune keeps 2048 characters); a quoted cell that runs on longer
 * than this is an unclosed quote, not a cell. */
const MAX_CSV_RECORD_CHARS = 256 * 1024;
const MAX_CSV_RECORD_LINES = 200;

/**
 * Records are cut out line by line and each is parsed on its own, so a malformed row loses only itself: an unclosed
 * quote would otherwise swallow every row after it (csv-parse reads on to the end of the file looking for the
 * closing quote). When a record's quote is still open after MAX_CSV_RECORD_* its first line is reported and the
 * lines after it are read again as records of their own.
 */
export async function readIntuneCsv(
  handle: FileHandle,
  file: string,
  headerLine: string,
  sink: RecordSink,
): Promise<number> {
  const delimiter = delimiterOf(headerLine);
  let columns: Record<Column, number> | null = null;
  let rows = 0;
  const onRecord = (record: string[], lineNo: number) => {
    if (columns === null) {
      columns = intuneColumns(record);
      if (columns === null) throw new Error('no Intune Remediations columns in the header');
      return;
    }
    rows++;
    readRow(record, columns, `${file}:${lineNo}`, sink);
  };
  const onMalformed = (lineNo: number, reason: string) => {
    rows++;
    sink.unreadable(`${file}:${lineNo}`, `malformed CSV row: ${reason}`);
  };
  const splitter = new CsvRecordSplitter(delimiter, onRecord, onMalformed);
  for await (const item of boundedLines(textChunks(handle))) {
    if ('tooLong' in item) splitter.tooLong(item.lineNo, item.tooLong);
    else splitter.line(item.lineNo, item.line);
  }
  splitter.end();
  return rows;
}

class CsvRecordSplitter {
  private pending: Array<{ lineNo: number; line: string }> = [];
  private pendingChars = 0;

  constructor(
    private readonly delimiter: string,
    private readonly onRecord: (record: string[], lineNo: number) => void,
    private readonly onMalformed: (lineNo: number, reason: string) => void,
  ) {}

  line(lineNo: number, line: string): void {
    const queue = [{ lineNo, line }];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) this.feed(next, queue);
  }

  tooLong(lineNo: number, chars: number): void {
    this.giveUpPending(() => undefined);
    this.onMalformed(lineNo, `line of ${chars} characters`);
  }

  end(): void {
    const queue: Array<{ lineNo: number; line: string }> = [];
    this.giveUpPending((rest) => queue.push(...rest));
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      this.feed(next, queue);
      if (queue.length === 0) this.giveUpPending((rest) => queue.push(...rest));
    }
  }

  private feed(item: { lineNo: number; line: string }, queue: Array<{ lineNo: number; line: string }>): void {
    // The common case: a line with no quote at all is a whole record.
    if (this.pending.length === 0 && !item.line.includes('"')) {
      if (item.line.trim() !== '') this.onRecord(item.line.split(this.delimiter), item.lineNo);
      return;
    }
    this.pending.push(item);
    this.pendingChars += item.line.length + 1;
    const parsed = this.parsePending();
    if (parsed === 'open') {
      if (this.pendingChars > MAX_CSV_RECORD_CHARS || this.pending.length > MAX_CSV_RECORD_LINES)
        this.giveUpPending((rest) => queue.unshift(...rest));
      return;
    }
    const first = this.pending[0].lineNo;
    this.pending = [];
    this.pendingChars = 0;
    if (typeof parsed === 'string') this.onMalformed(first, parsed);
    else for (const record of parsed) this.onRecord(record, first);
  }

  /** The pending record's quote never closed: its first line is the malformed row; the others are read again. */
  private giveUpPending(requeue: (rest: Array<{ lineNo: number; line: string }>) => void): void {
    if (this.pending.length === 0) return;
    const [first, ...rest] = this.pending;
    this.pending = [];
    this.pendingChars = 0;
    this.onMalformed(first.lineNo, 'a quote that is never closed');
    requeue(rest);
  }

  private parsePending(): string[][] | 'open' | string {
    try {
      const records = parseSync(this.pending.map((p) => p.line).join('\n'), {
        delimiter: this.delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
      });
      return records as string[][];
    } catch (err) {
      const e = err as Error & { code?: string };
      if (e.code === 'CSV_QUOTE_NOT_CLOSED') return 'open';
      return e.message.split('\n')[0];
    }
  }
}

function readRow(record: string[], columns: Record<Column, number>, source: string, sink: RecordSink): void {
  const cell = (column: Column) => (columns[column] >= 0 ? (record[columns[column]] ?? null) : null);
  const context = { device: cell('device')?.trim() || null, runAt: toTime(cell('runAt')), source };
  if (!context.device) return sink.unreadable(source, 'no device name');
  const chosen = newerOfPrePost(
    parseDetectionOutput(cell('pre'), context),
    parseDetectionOutput(cell('post'), context),
  );
  if (isRecord(chosen)) sink.add(chosen);
  else sink.unreadable(source, chosen.reason);
}
