// collect: the escalation bundle for Cisco TAC. Debug logging on for one update interval (optionally with a packet
// capture), then the connector's support bundle; debug logging is turned off again whatever happens.
import path from 'node:path';
import type { TrustedInstall } from '../../discover/trustedInstall';
import type { DoctorOptions } from '../../contract/options';
import type { Collection, CollectOutcome, CollectWindow, SupportBundleReport } from '../../contract/additions';
import { runDiagnosisStep } from '../../run/diagnosisStep';
import { makeFolder } from '../../system/makeFolder';
import { busyStep, type ActionRun } from '../actionRun';
import { runConnectorTool, type ToolRun } from '../../state/connectorTool';
import type { Interruption } from '../interruption';
import { terminalProgress } from '../progress';
import { sleep } from '../sleep';
import { clearDebugLoggingMark, markDebugLoggingOn, restoreDebugLogging } from '../../state/debugLogging';
import { acquireLock } from '../../state/lock';
import { ensureStateDir } from '../../state/stateDir';
import { startCapture } from './capture';
import { collectWindow } from './interval';
import { runSupportTool } from './supportBundle';

export interface CollectSettings {
  durationSeconds: number | null;
  outputDir: string | null;
  capture: boolean;
  stateDir: string;
  supportTimeoutMs: number;
}

const SFC_TIMEOUT_MS = 60_000;
const LOCK_MARGIN_MS = 15 * 60_000;

export async function collect(
  options: DoctorOptions,
  settings: CollectSettings,
  interruption: Interruption,
): Promise<ActionRun> {
  const startedAt = new Date().toISOString();
  await ensureStateDir(settings.stateDir);
  // The same lock as remediate: two runs switching debug logging on and off under each other would cut the window.
  const lock = await acquireLock(
    settings.stateDir,
    'collect',
    (settings.durationSeconds ?? 86_400) * 1000 + settings.supportTimeoutMs + LOCK_MARGIN_MS,
  );
  if (!lock.acquired)
    return { step: busyStep(options, lock.holder), additions: { collection: emptyCollection('busy', startedAt) } };
  try {
    const step = await runDiagnosisStep(options, 'endpoint');
    const done = (collection: Collection): ActionRun => ({ step, additions: { collection } });
    if (step.diagnosis.status === 'not_applicable') return done(emptyCollection('not_applicable', startedAt));
    // An untrusted install folder (AMP_DIR_UNTRUSTED): none of its programs is run, not even to collect.
    if (step.install === null) return done(emptyCollection('refused', startedAt));
    if (interruption.signal.aborted) {
      // Stopped while diagnosing: debug logging was never turned on, so there is nothing to undo.
      return done(emptyCollection('interrupted', startedAt));
    }
    const outputDir = settings.outputDir
      ? path.resolve(settings.outputDir)
      : path.join(settings.stateDir, 'collect', startedAt.replace(/[:.]/g, '-'));
    await makeFolder(outputDir, 0o777);
    const policy = step.snapshot.policy.state === 'ok' ? step.snapshot.policy.value : null;
    const window = collectWindow(settings.durationSeconds, policy?.updateIntervalSeconds ?? null);
    // A collect killed earlier left logging on: it is about to be turned on again, and off at the end; say so.
    const restored = await restoreDebugLogging(step.install, settings.stateDir);
    const collection = await collectOver(step.install, outputDir, window, settings, interruption);
    return {
      step,
      additions: { collection: { ...collection, startedAt }, ...(restored.length > 0 ? { findings: restored } : {}) },
    };
  } finally {
    await lock.release();
  }
}

async function collectOver(
  install: TrustedInstall,
  outputDir: string,
  window: CollectWindow,
  settings: CollectSettings,
  interruption: Interruption,
): Promise<Omit<Collection, 'startedAt'>> {
  const { signal } = interruption;
  let start: ToolRun;
  let stop: ToolRun;
  let supportBundle: SupportBundleReport | null = null;
  const capture = await startCapture(settings.capture, outputDir);
  try {
    // Recorded first: a run killed from here on leaves the record, and the next run turns logging off.
    await markDebugLoggingOn(settings.stateDir, install);
    start = await runConnectorTool(install, 'sfc.exe', ['-l', 'start'], SFC_TIMEOUT_MS);
    await waitWindow(window.seconds * 1000, signal);
    if (!signal.aborted)
      supportBundle = await untilAborted(runSupportTool(install, outputDir, settings.supportTimeoutMs), signal);
  } finally {
    // Always: on success, failure, timeout and interruption. Debug logging left on fills the disk.
    await capture.stop();
    stop = await runConnectorTool(install, 'sfc.exe', ['-l', 'stop'], SFC_TIMEOUT_MS);
    if (stop.started && !stop.timedOut) await clearDebugLoggingMark(settings.stateDir).catch(() => undefined);
  }
  const complete =
    !signal.aborted && start.started && stop.started && supportBundle !== null && supportBundle.error === null;
  const outcome: CollectOutcome = signal.aborted ? 'interrupted' : complete ? 'complete' : 'incomplete';
  const attach = [...(supportBundle?.files ?? []), ...(capture.report.file ? [capture.report.file] : [])];
  return {
    outcome,
    outputDir,
    window,
    debugLogging: { start, stop },
    supportBundle,
    capture: capture.report,
    attach,
    finishedAt: new Date().toISOString(),
  };
}

async function waitWindow(ms: number, signal: AbortSignal): Promise<void> {
  const progress = terminalProgress();
  const end = Date.now() + ms;
  while (!signal.aborted && Date.now() < end) {
    progress.update(
      `debug logging on; collecting for ${Math.ceil((end - Date.now()) / 1000)} s more (Ctrl+C stops and turns it off)`,
    );
    await sleep(Math.min(1000, end - Date.now()), signal);
  }
  progress.done();
}

/** An interruption stops waiting for the support tool; it finishes its bundle on its own. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | null> {
  if (signal.aborted) return Promise.resolve(null);
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve(null), { once: true });
    work.then(resolve, () => resolve(null));
  });
}

function emptyCollection(outcome: CollectOutcome, startedAt: string): Collection {
  return {
    outcome,
    outputDir: null,
    window: null,
    debugLogging: { start: null, stop: null },
    supportBundle: null,
    capture: null,
    attach: [],
    startedAt,
    finishedAt: new Date().toISOString(),
  };
}
