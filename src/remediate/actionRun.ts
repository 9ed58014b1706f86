// What a command that acts hands back: the diagnosis step it ends on and what it adds to it, as typed data. The CLI
// builds the one result from these (render/result.ts).
import type { FindingDraft } from '../contract/findings';
import { EXIT } from '../contract/exitCodes';
import type { DoctorOptions } from '../contract/options';
import type { ResultAdditions } from '../contract/additions';
import { stepWithoutEvidence, type DiagnosisStep } from '../run/diagnosisStep';
import type { LockInfo } from '../state/lock';

export interface ActionRun {
  step: DiagnosisStep;
  additions: ResultAdditions;
}

/** Another run holds the lock: nothing was consulted or touched, exit 5 at once. */
export function busyStep(options: Pick<DoctorOptions, 'now'>, holder: LockInfo | null): DiagnosisStep {
  const draft: FindingDraft = {
    code: 'REMEDIATION_BUSY',
    params: { pid: holder?.pid ?? '?', startedAt: holder?.startedAt ?? '?' },
  };
  return stepWithoutEvidence(options, 'another run holds the lock; nothing was consulted', draft, EXIT.busy);
}
