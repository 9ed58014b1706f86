// The cooldown between forced updates: while a proxy is broken, an hourly Intune run must not force an update
// every hour on thousands of endpoints. The file records when the last update was forced.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomicWrite';

export const COOLDOWN_FILE = 'cooldown.json';

export interface CooldownRecord {
  lastForcedAt: string;
  pid: number;
}

export interface CooldownState {
  lastForcedAt: string | null;
  /** When the next forced update is allowed; null when allowed now. */
  until: string | null;
}

export async function readCooldown(dir: string, cooldownMinutes: number, nowMs: number): Promise<CooldownState> {
  const last = await readLastForced(dir);
  if (last === null) return { lastForcedAt: null, until: null };
  const untilMs = last + cooldownMinutes * 60_000;
  // A time in the future (clock set back) cannot justify refusing forever: it counts as no longer than the cooldown.
  const active = untilMs > nowMs && last <= nowMs;
  return { lastForcedAt: new Date(last).toISOString(), until: active ? new Date(untilMs).toISOString() : null };
}

async function readLastForced(dir: string): Promise<number | null> {
  try {
    const record = JSON.parse(await fs.readFile(path.join(dir, COOLDOWN_FILE), 'utf8')) as Partial<CooldownRecord>;
    const ms = typeof record.lastForcedAt === 'string' ? Date.parse(record.lastForcedAt) : NaN;
    return Number.isFinite(ms) ? ms : null;
  } catch {
    // Missing or damaged: no cooldown. The lock still prevents concurrent forced updates.
    return null;
  }
}

/** Written before sfc.exe runs, so a run killed while waiting still counts as having forced. */
export async function recordForced(dir: string, atMs: number): Promise<void> {
  const record: CooldownRecord = { lastForcedAt: new Date(atMs).toISOString(), pid: process.pid };
  await writeFileAtomic(path.join(dir, COOLDOWN_FILE), `${JSON.stringify(record)}\n`);
}
