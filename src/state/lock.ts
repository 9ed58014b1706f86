// One forced update at a time per endpoint: an exclusive lock file in the state folder, created atomically (O_EXCL).
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { notRegularReason, readTextBounded } from '../system/readFileBounded';

const LOCK_FILE = 'remediate.lock';

export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** How long the holder may legitimately run; past that its lock is stale even if the pid lives (pid reuse). */
  staleAfterMs: number;
}

export type LockAttempt =
  { acquired: true; release: () => Promise<void> } | { acquired: false; holder: LockInfo | null };

export async function acquireLock(
  dir: string,
  command: string,
  staleAfterMs: number,
  now: () => number = Date.now,
): Promise<LockAttempt> {
  const file = path.join(dir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    command,
    startedAt: new Date(now()).toISOString(),
    staleAfterMs,
  };
  if (await createExclusive(file, info)) return { acquired: true, release: releaser(file) };
  await refuseIfNotRegular(file);
  const holder = await readLock(file);
  if (!isStale(holder, now())) return { acquired: false, holder };
  // Only one run may break a stale lock; any other run racing for it loses and exits busy.
  return breakStaleLock(file, holder, info, now);
}

/** A FIFO, directory or link where the lock belongs was planted or is damage: the state folder is then not usable. */
async function refuseIfNotRegular(file: string): Promise<void> {
  const stats = await fs.lstat(file).catch(() => null);
  if (stats && !stats.isFile()) throw new Error(notRegularReason(file, stats) ?? `${file} is not a regular file`);
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

/** A lock record is a few hundred bytes; a larger file is damage. */
const MAX_LOCK_BYTES = 4096;
/** No run legitimately holds the lock longer than this (collect's longest window plus its support tool and margins). */
const MAX_LOCK_HOLD_MS = 3 * 86_400_000;
/** Clocks drift and get corrected; a start further ahead than this is a damaged or planted record. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

async function readLock(file: string): Promise<LockInfo | null> {
  const read = await readTextBounded(file, { maxBytes: MAX_LOCK_BYTES });
  // Unreadable, half-written, or not a regular file: judged like a lock whose holder is gone.
  if (read.state !== 'ok') return null;
  try {
    const parsed = JSON.parse(read.text) as Partial<LockInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.startedAt !== 'string') return null;
    return {
      pid: parsed.pid,
      host: String(parsed.host ?? ''),
      command: String(parsed.command ?? ''),
      startedAt: parsed.startedAt,
      staleAfterMs: Number(parsed.staleAfterMs) || 0,
    };
  } catch {
    return null;
  }
}

/**
 * Stale: the record is implausible (no real pid, a start in the future), the holder's process is gone or is a
 * newer process that reused its pid, or it has held the lock longer than it said it could need (bounded).
 */
export function isStale(holder: LockInfo | null, nowMs: number): boolean {
  if (!holder) return true;
  // process.kill(0) and negative pids signal process groups, which always "exist": such a pid proves nothing.
  if (!Number.isSafeInteger(holder.pid) || holder.pid <= 0) return true;
  const startedMs = Date.parse(holder.startedAt);
  if (!Number.isFinite(startedMs) || startedMs > nowMs + FUTURE_TOLERANCE_MS) return true;
  const maxHold = Number.isFinite(holder.staleAfterMs)
    ? Math.min(Math.max(holder.staleAfterMs, 0), MAX_LOCK_HOLD_MS)
    : 0;
  if (nowMs - startedMs > maxHold) return true;
  if (holder.host !== os.hostname()) return false;
  if (!processAlive(holder.pid)) return true;
  // A live process that started after the lock was taken cannot be its holder: the pid was reused.
  const processStart = processStartMs(holder.pid);
  return processStart !== null && processStart > startedMs + 2_000;
}

export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a process started, where the system says cheaply (Linux /proc); null elsewhere or when unknown. */
export function processStartMs(pid: number): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime, in clock ticks since boot) follows the command name, which may hold spaces: parse after ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const boot = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!boot || !Number.isFinite(ticks)) return null;
    // USER_HZ is 100 on every Linux build that matters here.
    return Number(boot[1]) * 1000 + ticks * 10;
  } catch {
    return null;
  }
}

async function breakStaleLock(
  file: string,
  seen: LockInfo | null,
  info: LockInfo,
  now: () => number,
): Promise<LockAttempt> {
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
    if (seen === null && current === null && !(await olderThan(file, 5_000, now())))
      return { acquired: false, holder: null };
    await fs.rm(file, { force: true });
    return (await createExclusive(file, info))
      ? { acquired: true, release: releaser(file) }
      : { acquired: false, holder: await readLock(file) };
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
