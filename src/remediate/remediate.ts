// remediate: diagnose; when warranted (and allowed by lock and cooldown) force a TETRA update, watch it take, and
// diagnose again. Safe to run blindly from Intune every hour: one run at a time, one forced update per cooldown.
import { runDiagnosis, type DiagnosisRun } from '../cli/runDiagnosis';
import type { FindingDraft } from '../diagnose/codes';
import { FINDING_ROLES } from '../diagnose/codes';
import { discoverInstall } from '../discover/installDir';
import type { DoctorOptions } from '../options';
import type { DoctorResult } from '../render/result';
import { addFindings } from './addFindings';
import { busyResult } from './busyResult';
import { forceUpdate, supportsForceUpdate } from './forceUpdate';
import type { Interruption } from './interruption';
import type { DefinitionState } from './observe';
import { outcomeSentence, seen, type Outcome, type Remediation } from './outcome';
import { terminalProgress } from './progress';
import { readCooldown, recordForced } from './state/cooldown';
import { acquireLock } from './state/lock';
import { ensureStateDir, StateDirUntrusted } from './state/stateDir';
import { waitForUpdate } from './waitForUpdate';

export interface RemediateSettings {
  force: boolean;
  waitMs: number;
  pollMs: number;
  cooldownMinutes: number;
  stateDir: string;
}

/** A holder may legitimately keep the lock for its wait plus two diagnoses and sfc.exe; beyond this it is stale. */
const LOCK_MARGIN_MS = 10 * 60_000;

export async function remediate(options: DoctorOptions, settings: RemediateSettings, interruption: Interruption): Promise<DiagnosisRun> {
  let lock;
  try {
    await ensureStateDir(settings.stateDir);
    lock = await acquireLock(settings.stateDir, 'remediate', settings.waitMs + LOCK_MARGIN_MS);
  } catch (err) {
    return withoutState(options, settings, err as Error);
  }
  if (!lock.acquired) {
    const result = busyResult('remediate', options, lock.holder);
    result.remediation = { ...notAttempted('busy', settings), before: null } satisfies Remediation;
    return { result, secrets: { proxyPassword: null } };
  }
  try {
    return await remediateLocked(options, settings, interruption);
  } finally {
    await lock.release();
  }
}

async function remediateLocked(options: DoctorOptions, settings: RemediateSettings, interruption: Interruption): Promise<DiagnosisRun> {
  const startedMs = Date.now();
  const first = await runDiagnosis('remediate', options, 'endpoint');
  const before = definitionsOf(first.result);
  const base: Remediation = { ...notAttempted('not_needed', settings), before: seen(before), knownCauses: causeCodes(first.result) };

  const refusal = await refuse(first.result, settings);
  if (refusal) {
    finish(first.result, { ...base, outcome: refusal.outcome, cooldownUntil: refusal.cooldownUntil ?? null }, refusal.drafts);
    return first;
  }

  if (interruption.signal.aborted) {
    // Stopped while diagnosing: a run told to stop must not start changing things now.
    finish(first.result, { ...base, outcome: 'failed_to_start', interrupted: true }, [{ code: 'FORCEUPDATE_FAILED', params: { error: `interrupted by ${interruption.received()} before the update was forced` } }]);
    return first;
  }
  const install = await discoverInstall(options.ampDir);
  const forcedAtMs = Date.now();
  try {
    await recordForced(settings.stateDir, forcedAtMs);
  } catch (err) {
    // Without a cooldown record, the next hourly run could force again at once: no record, no forced update.
    finish(first.result, { ...base, outcome: 'failed_to_start' }, [{ code: 'FORCEUPDATE_FAILED', params: { error: `the cooldown could not be recorded (${(err as Error).message})` } }]);
    return first;
  }
  const run = install.found ? await forceUpdate(install.versionDir!) : null;
  const attempted = { ...base, attempted: true, forcedAt: new Date(forcedAtMs).toISOString(), sfcExitCode: run?.exitCode ?? null };
  if (!run?.started) {
    const error = run?.error ?? install.reason ?? 'the install folder vanished';
    finish(first.result, { ...attempted, outcome: 'failed_to_start' }, [{ code: 'FORCEUPDATE_FAILED', params: { error } }]);
    return first;
  }

  const progress = terminalProgress();
  const total = Math.round(settings.waitMs / 1000);
  const waited = await waitForUpdate(install, before, forcedAtMs, {
    waitMs: settings.waitMs,
    pollMs: settings.pollMs,
    postureTimeoutMs: options.postureTimeoutMs,
    signal: interruption.signal,
    onPoll: (ms) => progress.update(`waiting for the forced update to take: ${Math.round(ms / 1000)}/${total} s`),
  });
  progress.done();

  const interrupted = interruption.signal.aborted;
  // Verify with the full diagnosis, probes included; an interrupted run only re-reads the endpoint, quickly.
  const afterOptions = { ...options, now: new Date(options.now.getTime() + (Date.now() - startedMs)), offline: options.offline || interrupted };
  const second = await runDiagnosis('remediate', afterOptions, 'endpoint');
  const outcome: Outcome = waited.took ? 'updated' : 'no_change';
  const drafts: FindingDraft[] = !waited.took && second.result.status !== 'healthy' ? [{ code: 'FORCEUPDATE_NO_CHANGE', params: { seconds: Math.round(waited.waitedMs / 1000) } }] : [];
  finish(second.result, { ...attempted, outcome, after: seen(definitionsOf(second.result)), waitedMs: waited.waitedMs, interrupted }, drafts);
  return second;
}

/** Without a usable state folder there is no lock and no cooldown: diagnose, but never force blindly. */
async function withoutState(options: DoctorOptions, settings: RemediateSettings, error: Error): Promise<DiagnosisRun> {
  const run = await runDiagnosis('remediate', options, 'endpoint');
  const before = definitionsOf(run.result);
  const reason = `the state folder ${settings.stateDir} is not usable (${error.message}), so without a lock and a cooldown no update was forced`;
  const drafts: FindingDraft[] = run.result.status === 'unhealthy' || run.result.status === 'undetermined' ? [{ code: 'FORCEUPDATE_FAILED', params: { error: reason } }] : [];
  if (error instanceof StateDirUntrusted) drafts.push({ code: 'STATE_DIR_UNTRUSTED', params: { reason: error.message } });
  finish(run.result, { ...notAttempted(drafts.length > 0 ? 'failed_to_start' : 'not_needed', settings), before: seen(before) }, drafts);
  return run;
}

interface Refusal {
  outcome: Outcome;
  drafts: FindingDraft[];
  cooldownUntil?: string;
}

/** Why no update is forced this time, if any: nothing to fix, no switch to fix it with, or too soon. */
async function refuse(result: DoctorResult, settings: RemediateSettings): Promise<Refusal | null> {
  if (result.status === 'not_applicable' || (result.status === 'healthy' && !settings.force)) return { outcome: 'not_needed', drafts: [] };
  if (!supportsForceUpdate(result.connector.version)) {
    return { outcome: 'unsupported', drafts: [{ code: 'FORCEUPDATE_UNSUPPORTED', params: { version: result.connector.version ?? '?' } }] };
  }
  const cooldown = await readCooldown(settings.stateDir, settings.cooldownMinutes, Date.now());
  if (cooldown.until) {
    const params = { lastForcedAt: cooldown.lastForcedAt!, until: cooldown.until, minutes: settings.cooldownMinutes };
    return { outcome: 'cooldown', drafts: [{ code: 'REMEDIATION_COOLDOWN', params }], cooldownUntil: cooldown.until };
  }
  return null;
}

function notAttempted(outcome: Outcome, settings: RemediateSettings): Remediation {
  return { attempted: false, outcome, before: null, after: null, waitedMs: 0, sfcExitCode: null, forcedAt: null, knownCauses: [], cooldownUntil: null, interrupted: false, stateDir: settings.stateDir };
}

function definitionsOf(result: DoctorResult): DefinitionState {
  const last = result.tetra.lastSuccessfulUpdate;
  return { version: result.tetra.version, lastSuccessfulUpdate: last ? Math.floor(Date.parse(last) / 1000) : null };
}

function causeCodes(result: DoctorResult): string[] {
  return result.findings.filter((f) => FINDING_ROLES[f.code as keyof typeof FINDING_ROLES] === 'cause').map((f) => f.code);
}

/** Joins the remediation to the result: its block, its findings, and a sentence leading the summary. */
function finish(result: DoctorResult, remediation: Remediation, drafts: FindingDraft[]): void {
  result.remediation = remediation;
  addFindings(result, drafts);
  result.summary = `${outcomeSentence(remediation, 'en', result.connector.version)} ${result.summary}`.trim();
  if (result.localized) result.localized.summary = `${outcomeSentence(remediation, result.localized.lang, result.connector.version)} ${result.localized.summary}`.trim();
}
