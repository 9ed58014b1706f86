// A bounded record of every detect/remediate result: JSON lines, newest last, rewritten atomically.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Status } from '../../types';
import { writeFileAtomic } from './atomicWrite';

export const HISTORY_FILE = 'history.jsonl';
export const HISTORY_CAP = 200;

export interface HistoryEntry {
  at: string;
  command: string;
  status: Status;
  exitCode: number;
  /** The install the run looked at: runs against another --amp-dir are another endpoint's story. */
  installDir: string | null;
  version: number | null;
  lastSuccessfulUpdate: string | null;
  codes: string[];
  /** remediate only. */
  outcome?: string;
}

export async function readHistory(dir: string): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, HISTORY_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return text.split('\n').flatMap(parseEntry);
}

function parseEntry(line: string): HistoryEntry[] {
  if (!line.trim()) return [];
  try {
    const entry = JSON.parse(line) as HistoryEntry;
    // A damaged line is dropped, not fatal: the history informs, it never decides health.
    return typeof entry.at === 'string' && typeof entry.status === 'string' ? [entry] : [];
  } catch {
    return [];
  }
}

/** Appends one entry and keeps the newest `cap`. Two runs writing at once may lose one entry, never the file. */
export async function appendHistory(dir: string, entry: HistoryEntry, cap = HISTORY_CAP): Promise<HistoryEntry[]> {
  const entries = [...(await readHistory(dir)), entry].slice(-cap);
  await writeFileAtomic(path.join(dir, HISTORY_FILE), entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return entries;
}
