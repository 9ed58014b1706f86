// detect and probe: gather once, judge, render. Any unexpected error still yields the complete result shape.
import type { FindingDraft } from '../diagnose/codes';
import { diagnose, EXIT, renderFinding, type Diagnosis } from '../diagnose/diagnose';
import { deriveFacts } from '../diagnose/facts';
import { emptySnapshot } from '../evidence/emptySnapshot';
import { gatherSnapshot, type Scope } from '../evidence/gather';
import type { DoctorOptions } from '../options';
import { buildResult, type DoctorResult } from '../render/result';
import type { Secrets } from '../types';

export interface DiagnosisRun {
  result: DoctorResult;
  secrets: Secrets;
}

export async function runDiagnosis(command: string, options: DoctorOptions, scope: Scope): Promise<DiagnosisRun> {
  let secrets: Secrets = { proxyPassword: null };
  try {
    const gathered = await gatherSnapshot(options, scope);
    secrets = gathered.secrets;
    const diagnosis = diagnose(gathered.snapshot, { maxAgeHours: options.maxAgeHours, maxBehind: options.maxBehind, scope });
    return { result: buildResult(command, gathered.snapshot, diagnosis, options.lang), secrets };
  } catch (err) {
    return { result: internalErrorResult(command, options, err), secrets };
  }
}

export function internalErrorResult(command: string, options: Pick<DoctorOptions, 'now' | 'lang'>, err: unknown): DoctorResult {
  const draft = { code: 'INTERNAL_ERROR' as const, params: { error: err instanceof Error ? err.message : String(err) } };
  return resultWithoutEvidence(command, options, 'the run failed before this was consulted', draft, EXIT.undetermined);
}

/** The complete result shape for a run that consulted nothing: one finding, status undetermined. */
export function resultWithoutEvidence(command: string, options: Pick<DoctorOptions, 'now' | 'lang'>, reason: string, draft: FindingDraft, exitCode: number): DoctorResult {
  // The failure may be the clock itself (an unusable --now): this result must not depend on it.
  const now = Number.isNaN(options.now.getTime()) ? new Date() : options.now;
  const snapshot = emptySnapshot(now, reason);
  const diagnosis: Diagnosis = {
    scope: 'endpoint',
    status: 'undetermined',
    exitCode,
    facts: deriveFacts(snapshot),
    drafts: [draft],
    findings: [renderFinding(draft, 'undetermined', 'en')],
  };
  return buildResult(command, snapshot, diagnosis, options.lang);
}
