// Finds the input files (folders are walked) and reads each in the format its content shows, never by its name:
// exports get renamed, and a folder of saved results mixes formats.
import { readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { openRegularFile } from './boundedRead';
import { looksLikeIntuneHeader, readIntuneCsv } from './intuneCsv';
import { readJsonDocument, readLineFile, readNdjson } from './resultJson';
import type { FleetSink } from './types';

type InputFormat = 'intune-csv' | 'ndjson' | 'json' | 'lines' | 'graph' | 'secure-endpoint';

export interface InputFile {
  path: string;
  format: InputFormat | null;
  rows: number;
  /** Why the file as a whole could not be read (unknown format, I/O error). */
  error: string | null;
}

const SNIFF_BYTES = 64 * 1024;

export async function readInputs(paths: string[], sink: FleetSink & { duplicateFiles: number }): Promise<InputFile[]> {
  const files: InputFile[] = [];
  // A file named twice, or named and inside a folder also named, is read once: its results would count twice.
  const read = new Set<string>();
  for (const input of paths) {
    for (const file of await listFiles(input, files)) {
      const real = await realpath(file).catch(() => path.resolve(file));
      if (read.has(real)) {
        sink.duplicateFiles++;
        continue;
      }
      read.add(real);
      files.push(await readInputFile(file, sink));
    }
  }
  return files;
}

/** The first input named on the command line that does not exist: a typo is a usage error, not an empty report. */
export async function missingInput(paths: string[]): Promise<string | null> {
  for (const input of paths) {
    const exists = await stat(input).then(
      () => true,
      (err: NodeJS.ErrnoException) => err.code !== 'ENOENT' && err.code !== 'ENOTDIR',
    );
    if (!exists) return input;
  }
  return null;
}

/** Every file under a path, in a stable order; a path that cannot be listed is reported as an unreadable input. */
async function listFiles(input: string, report: InputFile[]): Promise<string[]> {
  try {
    if (!(await stat(input)).isDirectory()) return [input];
    const entries = await readdir(input, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
      .sort();
  } catch (err) {
    report.push({
      path: input,
      format: null,
      rows: 0,
      error: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
    });
    return [];
  }
}

async function readInputFile(file: string, sink: FleetSink): Promise<InputFile> {
  let handle: FileHandle | null = null;
  try {
    // A FIFO, a device or a link to one is this input's failure, at once: never a read that waits or never ends.
    handle = await openRegularFile(file);
    const format = sniffFormat(await readHead(handle));
    if (format === null) return { path: file, format, rows: 0, error: 'unrecognised format' };
    return { path: file, format: format.name, rows: await readAs(format, handle, file, sink), error: null };
  } catch (err) {
    return { path: file, format: null, rows: 0, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  } finally {
    await handle?.close();
  }
}

function readAs(
  format: { name: Exclude<InputFormat, 'graph' | 'secure-endpoint'>; firstLine: string },
  handle: FileHandle,
  file: string,
  sink: FleetSink,
): Promise<number> {
  switch (format.name) {
    case 'intune-csv':
      return readIntuneCsv(handle, file, format.firstLine, sink);
    case 'ndjson':
      return readNdjson(handle, file, sink);
    case 'json':
      return readJsonDocument(handle, file, sink);
    case 'lines':
      return readLineFile(handle, file, sink);
  }
}

async function readHead(handle: FileHandle): Promise<string> {
  const buffer = Buffer.alloc(SNIFF_BYTES);
  const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
  return buffer
    .subarray(0, bytesRead)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/**
 * JSON whose first line is a whole value is NDJSON (Graph's compact pages included, one per line); JSON spread over
 * lines is one document. A header naming a device and a detection output column is the Intune export.
 */
function sniffFormat(
  head: string,
): { name: Exclude<InputFormat, 'graph' | 'secure-endpoint'>; firstLine: string } | null {
  const trimmed = head.trimStart();
  const firstLine = trimmed.split(/\r?\n/)[0] ?? '';
  // A first object line longer than the head (a saved page of 500 computers, a huge Graph page) is read line by
  // line too: every line is capped, and a document that really is one long line is one NDJSON line.
  const lineCut = firstLine.length === trimmed.length && trimmed.length >= SNIFF_BYTES / 2;
  if (trimmed.startsWith('{')) return { name: lineCut || isWholeJson(firstLine) ? 'ndjson' : 'json', firstLine };
  if (trimmed.startsWith('[')) return { name: isWholeJson(firstLine) ? 'ndjson' : 'json', firstLine };
  if (looksLikeIntuneHeader(firstLine)) return { name: 'intune-csv', firstLine };
  if (head.includes('TETRA-DOCTOR ')) return { name: 'lines', firstLine };
  return null;
}

function isWholeJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
