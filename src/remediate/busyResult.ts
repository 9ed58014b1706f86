// The complete result of a run that found another run holding the lock: it touched nothing and exits 5 at once.
import { EXIT, renderFinding, type Diagnosis } from '../diagnose/diagnose';
import { deriveFacts } from '../diagnose/facts';
import { emptySnapshot } from '../evidence/emptySnapshot';
import type { DoctorOptions } from '../options';
import { buildResult, type DoctorResult } from '../render/result';
import type { LockInfo } from './state/lock';

export function busyResult(command: string, options: Pick<DoctorOptions, 'now' | 'lang'>, holder: LockInfo | null): DoctorResult {
  const snapshot = emptySnapshot(options.now, 'another run holds the lock; nothing was consulted');
  const draft = { code: 'REMEDIATION_BUSY' as const, params: { pid: holder?.pid ?? '?', startedAt: holder?.startedAt ?? '?' } };
  const diagnosis: Diagnosis = {
    scope: 'endpoint',
    status: 'undetermined',
    exitCode: EXIT.busy,
    facts: deriveFacts(snapshot),
    drafts: [draft],
    findings: [renderFinding(draft, 'undetermined', 'en')],
  };
  return buildResult(command, snapshot, diagnosis, options.lang);
}
