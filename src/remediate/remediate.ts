// remediate: diagnose; when warranted (and allowed by lock and cooldown) force a TETRA update, watch it take, and
// diagnose again. Safe to run blindly from Intune every hour: one run at a time, one forced update per cooldown.
// It works on the diagnosis step's typed data and returns its additions; the CLI builds the one result.
import type { FindingDraft } from '../contract/findings';
import type { TrustedInstall } from '../discover/trustedInstall';
import { FINDING_ROLES } from '../contract/findings';
import type { DoctorOptions } from '../contract/options';
import { runDiagnosisStep, type DiagnosisStep } from '../run/diagnosisStep';
import { busyStep, type ActionRun } from './actionRun';
import { forceUpdate, supportsForceUpdate } from './forceUpdate';
import type { Interruption } from './interruption';
import type { DefinitionState } from './observe';
import { seen, type Outcome, type Remediation } from './outcome';
import { terminalProgress } from './progress';
import { readCooldown, recordForced } from '../state/cooldown';
import { restoreDebugLogging } from '../state/debugLogging';
import { acquireLock } from '../state/lock';
import { ensureStateDir, StateDirUntrusted } from '../state/stateDir';
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

export async function remediate(
  options: DoctorOptions,
  settings: RemediateSettings,
  interruption: Interruption,
): Promise<ActionRun> {
  let lock;
  try {
    await ensureStateDir(settings.stateDir);
    lock = await acquireLock(settings.stateDir, 'remediate', settings.waitMs + LOCK_MARGIN_MS);
  } catch (err) {
    return withoutState(options, settings, err as Error);
  }
  if (!lock.acquired)
    return { step: busyStep(options, lock.holder), additions: { remediation: notAttempted('busy', settings) } };
  try {
    return await remediateLocked(options, settings, interruption);
  } finally {
    await lock.release();
  }
}

async function remediateLocked(
  options: DoctorOptions,
  settings: RemediateSettings,
  interruption: Interruption,
): Promise<ActionRun> {
  const startedMs = Date.now();
  const first = await runDiagnosisStep(options, 'endpoint');
  // A collect killed earlier may have left debug logging on: turned off before anything else is done.
  const restored = await restoreDebugLogging(first.install, settings.stateDir);
  const run = await remediateDiagnosed(first, startedMs, options, settings, interruption);
  return restored.length === 0
    ? run
    : { ...run, additions: { ...run.additions, findings: [...restored, ...(run.additions.findings ?? [])] } };
}

async function remediateDiagnosed(
  first: DiagnosisStep,
  startedMs: number,
  options: DoctorOptions,
  settings: RemediateSettings,
  interruption: Interruption,
): Promise<ActionRun> {
  const before = definitionsOf(first);
  const base: Remediation = {
    ...notAttempted('not_needed', settings),
    before: seen(before),
    knownCauses: causeCodes(first),
  };

  const decision = await refuse(first, settings);
  if ('refused' in decision) {
    const { outcome, drafts, cooldownUntil } = decision.refused;
    return finish(first, { ...base, outcome, cooldownUntil: cooldownUntil ?? null }, drafts);
  }
  const { install } = decision;

  if (interruption.signal.aborted) {
    // Stopped while diagnosing: a run told to stop must not start changing things now.
    return finish(first, { ...base, outcome: 'failed_to_start', interrupted: true }, [
      {
        code: 'FORCEUPDATE_FAILED',
        params: { error: `interrupted by ${interruption.received()} before the update was forced` },
      },
    ]);
  }
  const forcedAtMs = Date.now();
  try {
    await recordForced(settings.stateDir, forcedAtMs);
  } catch (err) {
    // Without a cooldown record, the next hourly run could force again at once: no record, no forced update.
    return finish(first, { ...base, outcome: 'failed_to_start' }, [
      {
        code: 'FORCEUPDATE_FAILED',
        params: { error: `the cooldown could not be recorded (${(err as Error).message})` },
      },
    ]);
  }
  const run = await forceUpdate(install);
  const attempted = {
    ...base,
    attempted: true,
    forcedAt: new Date(forcedAtMs).toISOString(),
    sfcExitCode: run.exitCode,
  };
  if (!run.started)
    return finish(first, { ...attempted, outcome: 'failed_to_start' }, [
      { code: 'FORCEUPDATE_FAILED', params: { error: run.error ?? 'sfc.exe could not be started' } },
    ]);

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
  const afterOptions = {
    ...options,
    now: new Date(options.now.getTime() + (Date.now() - startedMs)),
    offline: options.offline || interrupted,
  };
  const second = await runDiagnosisStep(afterOptions, 'endpoint');
  const outcome: Outcome = waited.took ? 'updated' : 'no_change';
  const drafts: FindingDraft[] =
    !waited.took && second.diagnosis.status !== 'healthy'
      ? [{ code: 'FORCEUPDATE_NO_CHANGE', params: { seconds: Math.round(waited.waitedMs / 1000) } }]
      : [];
  return finish(
    second,
    { ...attempted, outcome, after: seen(definitionsOf(second)), waitedMs: waited.waitedMs, interrupted },
    drafts,
  );
}

/** Without a usable state folder there is no lock and no cooldown: diagnose, but never force blindly. */
async function withoutState(options: DoctorOptions, settings: RemediateSettings, error: Error): Promise<ActionRun> {
  const step = await runDiagnosisStep(options, 'endpoint');
  const reason = `the state folder ${settings.stateDir} is not usable (${error.message}), so without a lock and a cooldown no update was forced`;
  const status = step.diagnosis.status;
  const drafts: FindingDraft[] =
    status === 'unhealthy' || status === 'undetermined'
      ? [{ code: 'FORCEUPDATE_FAILED', params: { error: reason } }]
      : [];
  if (error instanceof StateDirUntrusted)
    drafts.push({ code: 'STATE_DIR_UNTRUSTED', params: { reason: error.message } });
  return finish(
    step,
    {
      ...notAttempted(drafts.length > 0 ? 'failed_to_start' : 'not_needed', settings),
      before: seen(definitionsOf(step)),
    },
    drafts,
  );
}

interface Refusal {
  outcome: Outcome;
  drafts: FindingDraft[];
  cooldownUntil?: string;
}

/** Why no update is forced this time: nothing to fix, nothing trusted to fix it with, no switch to fix it with, or
 * too soon. Otherwise the trusted install to force it with. */
async function refuse(
  step: DiagnosisStep,
  settings: RemediateSettings,
): Promise<{ refused: Refusal } | { install: TrustedInstall }> {
  const { status, facts } = step.diagnosis;
  if (status === 'not_applicable' || (status === 'healthy' && !settings.force))
    return { refused: { outcome: 'not_needed', drafts: [] } };
  // An untrusted folder (AMP_DIR_UNTRUSTED) or a failed run: nothing from the install folder is ever run.
  if (step.install === null) return { refused: { outcome: 'refused', drafts: [] } };
  // Never act on doubt: an unreadable state (or an internal error) is no reason to force, --force included.
  if (status !== 'unhealthy' && status !== 'healthy') return { refused: { outcome: 'undetermined', drafts: [] } };
  if (!supportsForceUpdate(facts.connectorVersion)) {
    const version = facts.connectorVersion ?? '?';
    return { refused: { outcome: 'unsupported', drafts: [{ code: 'FORCEUPDATE_UNSUPPORTED', params: { version } }] } };
  }
  const cooldown = await readCooldown(settings.stateDir, settings.cooldownMinutes, Date.now());
  if (cooldown.until !== null) {
    const { lastForcedAt, until } = cooldown;
    const drafts: FindingDraft[] = [
      { code: 'REMEDIATION_COOLDOWN', params: { lastForcedAt, until, minutes: settings.cooldownMinutes } },
    ];
    return { refused: { outcome: 'cooldown', drafts, cooldownUntil: until } };
  }
  return { install: step.install };
}

function notAttempted(outcome: Outcome, settings: RemediateSettings): Remediation {
  return {
    attempted: false,
    outcome,
    before: null,
    after: null,
    waitedMs: 0,
    sfcExitCode: null,
    forcedAt: null,
    knownCauses: [],
    cooldownUntil: null,
    interrupted: false,
    stateDir: settings.stateDir,
  };
}

function definitionsOf(step: DiagnosisStep): DefinitionState {
  const { version, lastSuccessfulUpdate } = step.diagnosis.facts;
  return { version, lastSuccessfulUpdate };
}

function causeCodes(step: DiagnosisStep): string[] {
  return step.diagnosis.drafts.filter((d) => FINDING_ROLES[d.code] === 'cause').map((d) => d.code);
}

/** The step the run ends on, with its remediation block and findings; the lead sentence is the builder's. */
function finish(step: DiagnosisStep, remediation: Remediation, drafts: FindingDraft[]): ActionRun {
  return { step, additions: { remediation, findings: drafts } };
}
