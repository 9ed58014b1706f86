// Every detect/remediate run goes into the history; detect also reads it back to report trends.
// History is a help, never a precondition: an unwritable state folder is recorded in the result, not fatal.
import type { FindingDraft } from '../contract/findings';
import type { Diagnosis } from '../diagnose/diagnose';
import type { ResultAdditions } from '../contract/additions';
import type { Snapshot } from '../contract/types';
import { appendHistory, readHistory, type HistoryEntry } from './history';
import { analyzeHistory, type HistoryReport, type HistoryUnavailable } from './historyAnalysis';
import { ensureStateDir, StateDirUntrusted } from './stateDir';

/** What a run's history entry is made of: the diagnosis step's snapshot and diagnosis (src/run, one layer up). */
interface Diagnosed {
  snapshot: Snapshot;
  diagnosis: Diagnosis;
}

/** The entry for a run, from its typed diagnosis and the findings the command added. */
function historyEntry(
  command: string,
  step: Diagnosed,
  added: FindingDraft[] = [],
  extra: Partial<HistoryEntry> = {},
): HistoryEntry {
  const { snapshot, diagnosis } = step;
  const last = diagnosis.facts.lastSuccessfulUpdate;
  return {
    at: snapshot.checkedAt,
    command,
    status: diagnosis.status,
    exitCode: diagnosis.exitCode,
    installDir: snapshot.install.root,
    version: diagnosis.facts.version,
    lastSuccessfulUpdate: last !== null ? new Date(last * 1000).toISOString() : null,
    codes: [...diagnosis.drafts, ...added].map((d) => d.code),
    ...extra,
  };
}

/** detect: append this run; its additions are the `history` block and any finding the history gives. */
export async function recordDetectHistory(step: Diagnosed, stateDir: string): Promise<ResultAdditions> {
  const entry = historyEntry('detect', step);
  let report: HistoryReport | HistoryUnavailable;
  const findings: FindingDraft[] = [];
  try {
    await ensureStateDir(stateDir);
    const previous = await readHistory(stateDir);
    report = analyzeHistory(previous, entry);
    await appendHistory(stateDir, entry);
  } catch (err) {
    report = { available: false, error: `history in ${stateDir} is not usable: ${(err as Error).message}` };
    if (err instanceof StateDirUntrusted)
      findings.push({ code: 'STATE_DIR_UNTRUSTED', params: { reason: err.message } });
  }
  if (report.available && report.intermittent) {
    findings.push({
      code: 'INTERMITTENT_FAILURES',
      params: { unhealthy: report.unhealthyRecent, runs: report.recentRuns, last: report.lastUnhealthyAt ?? '?' },
    });
  }
  return { history: report, findings };
}

/** remediate: append only; a failure to write is returned, to be shown in the result. */
export async function recordRemediateHistory(
  step: Diagnosed,
  additions: ResultAdditions,
  stateDir: string,
): Promise<ResultAdditions> {
  const outcome = additions.remediation?.outcome;
  try {
    await appendHistory(stateDir, historyEntry('remediate', step, additions.findings, outcome ? { outcome } : {}));
    return additions;
  } catch (err) {
    return { ...additions, historyError: `history in ${stateDir} could not be written: ${(err as Error).message}` };
  }
}
