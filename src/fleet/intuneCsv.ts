// The Intune portal's Remediations export (Devices > Remediations > a script > Device status > Export): one CSV
// row per device, the detection script's output before and after remediation in two columns. Column names differ
// between the portal's export and the reporting API's export, so each column is found by a set of aliases.
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { isRecord, parseDetectionOutput, toTime } from './detectionOutput';
import { newerOfPrePost } from './graphRunStates';
import type { RecordSink } from './types';

/** Header names, compared lower-case with everything but letters and digits removed. */
export const INTUNE_COLUMNS = {
  device: ['devicename', 'device', 'computername', 'manageddevicename'],
  pre: ['preremediationdetectionoutput', 'preremediationdetectionscriptoutput', 'predetectionoutput'],
  post: ['postremediationdetectionoutput', 'postremediationdetectionscriptoutput', 'postdetectionoutput'],
  runAt: ['lastrun', 'laststateupdatedatetime', 'modifiedtime', 'lastupdate', 'lastmodified', 'lastsync', 'lastsyncdatetime'],
} as const;
type Column = keyof typeof INTUNE_COLUMNS;

const normalize = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Column index per role, or null when this header is not an Intune Remediations export. */
export function intuneColumns(header: string[]): Record<Column, number> | null {
  const names = header.map(normalize);
  const find = (column: Column) => names.findIndex((name) => (INTUNE_COLUMNS[column] as readonly string[]).includes(name));
  const columns = { device: find('device'), pre: find('pre'), post: find('post'), runAt: find('runAt') };
  return columns.device >= 0 && (columns.pre >= 0 || columns.post >= 0) ? columns : null;
}

/** Whether the first line of a file looks like such a header (used to detect the format). */
export function looksLikeIntuneHeader(firstLine: string): boolean {
  return intuneColumns(firstLine.split(delimiterOf(firstLine)).map((cell) => cell.trim().replace(/^"|"$/g, ''))) !== null;
}

/** Exports made with a European locale's list separator use ';'; the header tells which one this file uses. */
export function delimiterOf(headerLine: string): string {
  const count = (d: string) => headerLine.split(d).length;
  return [',', ';', '\t'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

export async function readIntuneCsv(file: string, headerLine: string, sink: RecordSink): Promise<number> {
  let columns: Record<Column, number> | null = null;
  let rows = 0;
  // A malformed row (an unclosed quote, a stray character) is skipped and counted; the rest of the file still counts.
  const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, info: true, delimiter: delimiterOf(headerLine) }));
  parser.on('skip', (err: Error & { lines?: number }) => sink.unreadable(`${file}:${err.lines ?? '?'}`, `malformed CSV row: ${err.message.split('\n')[0]}`));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (columns === null) {
      columns = intuneColumns(record);
      if (columns === null) throw new Error('no Intune Remediations columns in the header');
      continue;
    }
    rows++;
    readRow(record, columns, `${file}:${info.lines}`, sink);
  }
  return rows;
}

function readRow(record: string[], columns: Record<Column, number>, source: string, sink: RecordSink): void {
  const cell = (column: Column) => (columns[column] >= 0 ? record[columns[column]] ?? null : null);
  const context = { device: cell('device')?.trim() || null, runAt: toTime(cell('runAt')), source };
  if (!context.device) return sink.unreadable(source, 'no device name');
  const chosen = newerOfPrePost(parseDetectionOutput(cell('pre'), context), parseDetectionOutput(cell('post'), context));
  if (isRecord(chosen)) sink.add(chosen);
  else sink.unreadable(source, chosen.reason);
}
