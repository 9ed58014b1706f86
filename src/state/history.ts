// A bounded record of every detect/remediate result: JSON lines, newest last, rewritten atomically.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readTextBounded } from '../system/readFileBounded';
import type { Status } from '../contract/types';
import { writeFileAtomic } from './atomicWrite';

const HISTORY_FILE = 'history.jsonl';
const HISTORY_CAP = 200;

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

/** Only the tail is read: HISTORY_CAP entries of a few hundred bytes fit many times over; a huge file is damage. */
const MAX_HISTORY_BYTES = 1024 * 1024;

export async function readHistory(dir: string): Promise<HistoryEntry[]> {
  const read = await readTextBounded(path.join(dir, HISTORY_FILE), { maxBytes: MAX_HISTORY_BYTES, tail: true });
  if (read.state === 'missing') return [];
  if (read.state === 'failed') throw new Error(read.error);
  // A tail read may start mid-line: that first fragment fails to parse and is dropped like any damaged line.
  return read.text.split('\n').flatMap(parseEntry);
}

function parseEntry(line: string): HistoryEntry[] {
  if (!line.trim()) return [];
  try {
    const entry = JSON.parse(line) as HistoryEntry;
    // A damaged line is dropped, not fatal: the history informs, it never decides health.
    return entry !== null &&
      typeof entry === 'object' &&
      typeof entry.at === 'string' &&
      typeof entry.status === 'string'
      ? [entry]
      : [];
  } catch {
    return [];
  }
}

/**
 * Appends one entry and keeps the newest `cap`. Concurrent runs take turns under a short-lived lock file, so N runs
 * at once leave N entries; a writer killed while holding it leaves a lock that is broken once clearly old.
 */
export async function appendHistory(dir: string, entry: HistoryEntry, cap = HISTORY_CAP): Promise<HistoryEntry[]> {
  return withHistoryLock(dir, async () => {
    const entries = [...(await readHistory(dir)), entry].slice(-cap);
    await writeFileAtomic(path.join(dir, HISTORY_FILE), entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
    return entries;
  });
}

const HISTORY_LOCK = `${HISTORY_FILE}.lock`;
/** How long a run waits for its turn, and when a lock is so old that its holder must be gone. */
const LOCK_WAIT_MS = 15_000;
const LOCK_STALE_MS = 30_000;

async function withHistoryLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const file = path.join(dir, HISTORY_LOCK);
  const giveUpAt = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await fs.writeFile(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const stat = await fs.lstat(file).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > LOCK_STALE_MS) await fs.rm(file, { force: true }).catch(() => undefined);
    if (Date.now() > giveUpAt) throw new Error(`${file} stayed locked for ${LOCK_WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
  }
  try {
    return await work();
  } finally {
    await fs.rm(file, { force: true });
  }
}
