// A record, in the state folder, that a run has turned the connector's debug logging on. Written before
// `sfc.exe -l start` and removed after `sfc.exe -l stop`: when a run is killed in between (SIGKILL, a crash, a
// power cut), the next run of any command finds it and turns debug logging off again, which left on fills the disk.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FindingDraft } from '../contract/findings';
import type { TrustedInstall } from '../discover/trustedInstall';
import { readTextBounded } from '../system/readFileBounded';
import { runConnectorTool } from './connectorTool';
import { writeFileAtomic } from './atomicWrite';
import { processAlive, processStartMs } from './lock';

const DEBUG_LOGGING_FILE = 'debug-logging.json';
const SFC_TIMEOUT_MS = 60_000;

interface DebugLoggingRecord {
  startedAt: string;
  pid: number;
  host: string;
  installRoot: string;
}

/** Written before debug logging is turned on: from here until it is removed, logging may be on. */
export async function markDebugLoggingOn(stateDir: string, install: TrustedInstall): Promise<void> {
  const record: DebugLoggingRecord = {
    startedAt: new Date().toISOString(),
    pid: process.pid,
    host: os.hostname(),
    installRoot: install.root,
  };
  await writeFileAtomic(path.join(stateDir, DEBUG_LOGGING_FILE), `${JSON.stringify(record)}\n`);
}

/** Removed once `sfc.exe -l stop` has run. */
export async function clearDebugLoggingMark(stateDir: string): Promise<void> {
  await fs.rm(path.join(stateDir, DEBUG_LOGGING_FILE), { force: true });
}

async function readDebugLoggingMark(stateDir: string): Promise<DebugLoggingRecord | null> {
  const read = await readTextBounded(path.join(stateDir, DEBUG_LOGGING_FILE), { maxBytes: 4096 });
  // Missing, or nothing readable there (no state folder, a FIFO planted in its place): no record.
  if (read.state !== 'ok') return null;
  try {
    const parsed = JSON.parse(read.text) as Partial<DebugLoggingRecord>;
    return {
      startedAt: String(parsed.startedAt ?? '?'),
      pid: Number(parsed.pid),
      host: String(parsed.host ?? ''),
      installRoot: String(parsed.installRoot ?? ''),
    };
  } catch {
    // A damaged record still says logging may have been left on.
    return { startedAt: '?', pid: NaN, host: '', installRoot: '' };
  }
}

/** The run that wrote the record is still running (a collect in its window): its logging is not ours to stop. */
function ownerStillRunning(record: DebugLoggingRecord): boolean {
  if (
    record.host !== os.hostname() ||
    !Number.isSafeInteger(record.pid) ||
    record.pid <= 0 ||
    record.pid === process.pid
  )
    return false;
  if (!processAlive(record.pid)) return false;
  const started = processStartMs(record.pid);
  const markedAt = Date.parse(record.startedAt);
  // A live process that started after the record was written reused the pid: the writer is gone.
  return !(started !== null && Number.isFinite(markedAt) && started > markedAt + 2_000);
}

/**
 * Every command that uses the state folder calls this first: when a killed run left debug logging on, turn it off
 * (sfc.exe -l stop, only from a trusted install) and say so; when that cannot be done, say that too.
 */
export async function restoreDebugLogging(install: TrustedInstall | null, stateDir: string): Promise<FindingDraft[]> {
  const record = await readDebugLoggingMark(stateDir).catch(() => null);
  if (record === null || ownerStillRunning(record)) return [];
  const since = record.startedAt;
  if (install === null)
    return [
      {
        code: 'DEBUG_LOGGING_LEFT_ON',
        params: { since, error: 'no trusted install folder to run sfc.exe -l stop from' },
      },
    ];
  const stop = await runConnectorTool(install, 'sfc.exe', ['-l', 'stop'], SFC_TIMEOUT_MS);
  if (!stop.started || stop.timedOut)
    return [
      { code: 'DEBUG_LOGGING_LEFT_ON', params: { since, error: stop.error ?? 'sfc.exe -l stop did not finish' } },
    ];
  await clearDebugLoggingMark(stateDir).catch(() => undefined);
  return [{ code: 'DEBUG_LOGGING_RESTORED', params: { since, pid: Number.isFinite(record.pid) ? record.pid : '?' } }];
}
