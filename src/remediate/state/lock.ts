// One forced update at a time per endpoint: an exclusive lock file in the state folder, created atomically (O_EXCL).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'remediate.lock';

export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** How long the holder may legitimately run; past that its lock is stale even if the pid lives (pid reuse). */
  staleAfterMs: number;
}

export type LockAttempt = { acquired: true; release: () => Promise<void> } | { acquired: false; holder: LockInfo | null };

export async function acquireLock(dir: string, command: string, staleAfterMs: number, now: () => number = Date.now): Promise<LockAttempt> {
  const file = path.join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: os.hostname(), command, startedAt: new Date(now()).toISOString(), staleAfterMs };
  if (await createExclusive(file, info)) return { acquired: true, release: releaser(file) };
  const holder = await readLock(file);
  if (!isStale(holder, now())) return { acquired: false, holder };
  // Only one run may break a stale lock; any other run racing for it loses and exits busy.
  return breakStaleLock(file, holder, info, now);
}

async function createExclusive(file: string, info: LockInfo): Promise<boolean> {
  try {
    await fs.writeFile(file, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

export async function readLock(file: string): Promise<LockInfo | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<LockInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.startedAt !== 'string') return null;
    return { pid: parsed.pid, host: String(parsed.host ?? ''), command: String(parsed.command ?? ''), startedAt: parsed.startedAt, staleAfterMs: Number(parsed.staleAfterMs) || 0 };
  } catch {
    // Unreadable or half-written: judged by the file's age below, like a lock whose holder is gone.
    return null;
  }
}

/** Stale: the holder's process is gone, or it has held the lock longer than it said it could need. */
export function isStale(holder: LockInfo | null, nowMs: number): boolean {
  if (!holder) return true;
  const age = nowMs - Date.parse(holder.startedAt);
  if (!Number.isFinite(age) || age > holder.staleAfterMs) return true;
  return holder.host === os.hostname() && !processAlive(holder.pid);
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function breakStaleLock(file: string, seen: LockInfo | null, info: LockInfo, now: () => number): Promise<LockAttempt> {
  const breaker = `${file}.break`;
  if (!(await createExclusive(breaker, info))) {
    // A breaker left by a run killed mid-break would block forever: clear it once it is clearly old.
    if (await olderThan(breaker, 60_000, now())) await fs.rm(breaker, { force: true });
    return { acquired: false, holder: seen };
  }
  try {
    // Re-read under the breaker: another run may have broken the stale lock and taken a fresh one meanwhile.
    const current = await readLock(file);
    if (!isStale(current, now())) return { acquired: false, holder: current };
    if (seen === null && current === null && !(await olderThan(file, 5_000, now()))) return { acquired: false, holder: null };
    await fs.rm(file, { force: true });
    return (await createExclusive(file, info)) ? { acquired: true, release: releaser(file) } : { acquired: false, holder: await readLock(file) };
  } finally {
    await fs.rm(breaker, { force: true });
  }
}

async function olderThan(file: string, ms: number, nowMs: number): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => null);
  return stat !== null && nowMs - stat.mtimeMs > ms;
}

function releaser(file: string): () => Promise<void> {
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    // Remove only our own lock: after a stale-break by another run the file may now be theirs.
    const current = await readLock(file);
    if (current?.pid === process.pid) await fs.rm(file, { force: true });
  };
}
