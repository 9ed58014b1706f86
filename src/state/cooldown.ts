// The cooldown between forced updates: while a proxy is broken, an hourly Intune run must not force an update
// every hour on thousands of endpoints. The file records when the last update was forced.
import path from 'node:path';
import { readTextBounded } from '../system/readFileBounded';
import { writeFileAtomic } from './atomicWrite';

const COOLDOWN_FILE = 'cooldown.json';

interface CooldownRecord {
  lastForcedAt: string;
  pid: number;
}

/** When the last update was forced (null: no usable record), and when the next one is allowed (null: now). */
export type CooldownState =
  { lastForcedAt: null; until: null } | { lastForcedAt: string; until: null } | { lastForcedAt: string; until: string };

/** A cooldown record is a few dozen bytes; anything much larger is damage, not a record. */
const MAX_COOLDOWN_BYTES = 4096;
/** The clock may be set back a little between runs; a record further ahead than this is ignored as damaged. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** 9999-12-31: beyond it a stored time is damage, and adding a cooldown to it could leave the Date range. */
const MAX_PLAUSIBLE_MS = Date.UTC(9999, 11, 31);

export async function readCooldown(dir: string, cooldownMinutes: number, nowMs: number): Promise<CooldownState> {
  const last = await readLastForced(dir);
  // A time far in the future (clock set back, or a damaged record) cannot justify refusing: it counts as no record.
  if (last === null || last > nowMs + FUTURE_TOLERANCE_MS) return { lastForcedAt: null, until: null };
  const untilMs = last + cooldownMinutes * 60_000;
  const active = untilMs > nowMs && last <= nowMs;
  const lastForcedAt = new Date(last).toISOString();
  return active ? { lastForcedAt, until: new Date(untilMs).toISOString() } : { lastForcedAt, until: null };
}

async function readLastForced(dir: string): Promise<number | null> {
  const read = await readTextBounded(path.join(dir, COOLDOWN_FILE), { maxBytes: MAX_COOLDOWN_BYTES });
  // Missing or damaged (or a FIFO, a device, a link): no cooldown. The lock still prevents concurrent forced updates.
  if (read.state !== 'ok') return null;
  try {
    const record = JSON.parse(read.text) as Partial<CooldownRecord>;
    const ms = typeof record.lastForcedAt === 'string' ? Date.parse(record.lastForcedAt) : NaN;
    // Date.parse accepts years up to 275760, whose arithmetic leaves the Date range: only plausible times count.
    return Number.isFinite(ms) && ms > 0 && ms < MAX_PLAUSIBLE_MS ? ms : null;
  } catch {
    return null;
  }
}

/** Written before sfc.exe runs, so a run killed while waiting still counts as having forced. */
export async function recordForced(dir: string, atMs: number): Promise<void> {
  const record: CooldownRecord = { lastForcedAt: new Date(atMs).toISOString(), pid: process.pid };
  await writeFileAtomic(path.join(dir, COOLDOWN_FILE), `${JSON.stringify(record)}\n`);
}
