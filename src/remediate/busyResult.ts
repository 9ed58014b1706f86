// The complete result of a run that found another run holding the lock: it touched nothing and exits 5 at once.
import { resultWithoutEvidence } from '../cli/runDiagnosis';
import { EXIT } from '../diagnose/diagnose';
import type { DoctorOptions } from '../options';
import type { DoctorResult } from '../render/result';
import type { LockInfo } from './state/lock';

export function busyResult(command: string, options: Pick<DoctorOptions, 'now' | 'lang'>, holder: LockInfo | null): DoctorResult {
  const draft = { code: 'REMEDIATION_BUSY' as const, params: { pid: holder?.pid ?? '?', startedAt: holder?.startedAt ?? '?' } };
  return resultWithoutEvidence(command, options, 'another run holds the lock; nothing was consulted', draft, EXIT.busy);
}
