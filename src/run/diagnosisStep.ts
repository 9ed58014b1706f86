// The diagnosis step every endpoint command starts with: discover, gather, probe, diagnose. It returns typed data
// (the trusted install, the snapshot, the diagnosis, the secrets); the commands that act work on that, never on a
// rendered result. Any unexpected error still yields a complete diagnosis (INTERNAL_ERROR, exit 4).
import type { FindingDraft } from '../contract/findings';
import { diagnose, renderFinding, type Diagnosis } from '../diagnose/diagnose';
import { deriveFacts } from '../diagnose/facts';
import type { TrustedInstall } from '../discover/trustedInstall';
import { emptySnapshot } from '../evidence/emptySnapshot';
import { EXIT } from '../contract/exitCodes';
import type { ResultAdditions } from '../contract/additions';
import type { DoctorOptions, Language } from '../contract/options';
import type { DoctorResult } from '../contract/result';
import { buildResult } from '../render/result';
import type { Secrets, Snapshot } from '../contract/types';
import { gatherSnapshot, type Scope } from './gather';

export type { Scope };

export interface DiagnosisStep {
  /** null when there is no install, or when it must not be run or read (snapshot.install says why). */
  install: TrustedInstall | null;
  snapshot: Snapshot;
  diagnosis: Diagnosis;
  secrets: Secrets;
}

const NO_SECRETS: Secrets = { proxyPassword: null };

export async function runDiagnosisStep(options: DoctorOptions, scope: Scope): Promise<DiagnosisStep> {
  let secrets: Secrets = NO_SECRETS;
  try {
    const gathered = await gatherSnapshot(options, scope);
    secrets = gathered.secrets;
    const diagnosis = diagnose(gathered.snapshot, {
      maxAgeHours: options.maxAgeHours,
      maxBehind: options.maxBehind,
      scope,
    });
    return { install: gathered.install, snapshot: gathered.snapshot, diagnosis, secrets };
  } catch (err) {
    return { ...internalErrorStep(options, err), secrets };
  }
}

/** A run that failed before it could consult anything. */
function internalErrorStep(options: Pick<DoctorOptions, 'now'>, err: unknown): DiagnosisStep {
  const draft = {
    code: 'INTERNAL_ERROR' as const,
    params: { error: err instanceof Error ? err.message : String(err) },
  };
  return stepWithoutEvidence(options, 'the run failed before this was consulted', draft, EXIT.undetermined);
}

/** The complete diagnosis of a run that consulted nothing: one finding, status undetermined. */
export function stepWithoutEvidence(
  options: Pick<DoctorOptions, 'now'>,
  reason: string,
  draft: FindingDraft,
  exitCode: number,
): DiagnosisStep {
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
  return { install: null, snapshot, diagnosis, secrets: NO_SECRETS };
}

/** A command's result: its diagnosis step, and what the command added to it (history, remediation, collection). */
export function stepResult(
  command: string,
  step: Pick<DiagnosisStep, 'snapshot' | 'diagnosis'>,
  lang: Language,
  additions: ResultAdditions = {},
): DoctorResult {
  return buildResult({ command, snapshot: step.snapshot, diagnosis: step.diagnosis, additions }, lang);
}

/** detect and probe: the diagnosis alone, built into a result. */
export async function runDiagnosis(
  command: string,
  options: DoctorOptions,
  scope: Scope,
): Promise<{ result: DoctorResult; secrets: Secrets }> {
  const step = await runDiagnosisStep(options, scope);
  return {
    result: stepResult(command, step, options.lang),
    secrets: step.secrets,
  };
}

export function internalErrorResult(
  command: string,
  options: Pick<DoctorOptions, 'now' | 'lang'>,
  err: unknown,
): DoctorResult {
  return stepResult(command, internalErrorStep(options, err), options.lang);
}
