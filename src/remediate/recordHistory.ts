// Every detect/remediate result goes into the history; detect also reads it back to report trends.
// History is a help, never a precondition: an unwritable state folder is recorded in the result, not fatal.
import type { DoctorResult } from '../render/result';
import { addFindings } from './addFindings';
import { appendHistory, readHistory, type HistoryEntry } from './state/history';
import { analyzeHistory, type HistoryReport, type HistoryUnavailable } from './state/historyAnalysis';
import { ensureStateDir, StateDirUntrusted } from './state/stateDir';

export function historyEntry(result: DoctorResult, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    at: result.checkedAt,
    command: result.command,
    status: result.status,
    exitCode: result.exitCode,
    installDir: result.connector.installDir,
    version: result.tetra.version,
    lastSuccessfulUpdate: result.tetra.lastSuccessfulUpdate,
    codes: result.findings.map((f) => f.code),
    ...extra,
  };
}

/** detect: append this run, add `history` to the result, and flag an intermittent problem. */
export async function recordDetectHistory(result: DoctorResult, stateDir: string): Promise<void> {
  const entry = historyEntry(result);
  let report: HistoryReport | HistoryUnavailable;
  try {
    await ensureStateDir(stateDir);
    const previous = await readHistory(stateDir);
    report = analyzeHistory(previous, entry);
    await appendHistory(stateDir, entry);
  } catch (err) {
    report = { available: false, error: `history in ${stateDir} is not usable: ${(err as Error).message}` };
    if (err instanceof StateDirUntrusted) addFindings(result, [{ code: 'STATE_DIR_UNTRUSTED', params: { reason: err.message } }]);
  }
  result.history = report;
  if (report.available && report.intermittent) {
    addFindings(result, [{ code: 'INTERMITTENT_FAILURES', params: { unhealthy: report.unhealthyRecent, runs: report.recentRuns, last: report.lastUnhealthyAt ?? '?' } }]);
  }
}

/** remediate: append only; a failure to write is recorded in the result. */
export async function recordRemediateHistory(result: DoctorResult, stateDir: string, outcome: string): Promise<void> {
  try {
    await appendHistory(stateDir, historyEntry(result, { outcome }));
  } catch (err) {
    result.historyError = `history in ${stateDir} could not be written: ${(err as Error).message}`;
  }
}
