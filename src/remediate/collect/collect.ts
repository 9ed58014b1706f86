// collect: the escalation bundle for Cisco TAC. Debug logging on for one update interval (optionally with a packet
// capture), then the connector's support bundle; debug logging is turned off again whatever happens.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runDiagnosis, type DiagnosisRun } from '../../cli/runDiagnosis';
import { EXIT } from '../../diagnose/diagnose';
import { discoverInstall } from '../../discover/installDir';
import type { DoctorOptions } from '../../options';
import type { DoctorResult } from '../../render/result';
import { busyResult } from '../busyResult';
import { runConnectorTool, type ToolRun } from '../connectorTool';
import type { Interruption } from '../interruption';
import { terminalProgress } from '../progress';
import { sleep } from '../sleep';
import { acquireLock } from '../state/lock';
import { ensureStateDir } from '../state/stateDir';
import { startCapture, type CaptureReport } from './capture';
import { collectWindow, type CollectWindow } from './interval';
import { runSupportTool, type SupportBundleReport } from './supportBundle';

export interface CollectSettings {
  durationSeconds: number | null;
  outputDir: string | null;
  capture: boolean;
  stateDir: string;
  supportTimeoutMs: number;
}

export type CollectOutcome = 'complete' | 'incomplete' | 'interrupted' | 'not_applicable' | 'busy';

export interface Collection {
  outcome: CollectOutcome;
  outputDir: string | null;
  window: CollectWindow | null;
  debugLogging: { start: ToolRun | null; stop: ToolRun | null };
  supportBundle: SupportBundleReport | null;
  capture: CaptureReport | null;
  /** What to attach to the TAC case, in order. */
  attach: string[];
  startedAt: string;
  finishedAt: string | null;
}

const SFC_TIMEOUT_MS = 60_000;
const LOCK_MARGIN_MS = 15 * 60_000;

export async function collect(options: DoctorOptions, settings: CollectSettings, interruption: Interruption): Promise<DiagnosisRun> {
  const startedAt = new Date().toISOString();
  await ensureStateDir(settings.stateDir);
  // The same lock as remediate: two runs switching debug logging on and off under each other would cut the window.
  const lock = await acquireLock(settings.stateDir, 'collect', (settings.durationSeconds ?? 86_400) * 1000 + settings.supportTimeoutMs + LOCK_MARGIN_MS);
  if (!lock.acquired) {
    const result = busyResult('collect', options, lock.holder);
    result.collection = emptyCollection('busy', startedAt);
    return { result, secrets: { proxyPassword: null } };
  }
  try {
    const run = await runDiagnosis('collect', options, 'endpoint');
    const install = await discoverInstall(options.ampDir);
    if (run.result.status === 'not_applicable' || !install.found) {
      run.result.collection = emptyCollection('not_applicable', startedAt);
      return run;
    }
    if (interruption.signal.aborted) {
      // Stopped while diagnosing: debug logging was never turned on, so there is nothing to undo.
      finish(run.result, emptyCollection('interrupted', startedAt));
      return run;
    }
    const outputDir = settings.outputDir ? path.resolve(settings.outputDir) : path.join(settings.stateDir, 'collect', startedAt.replace(/[:.]/g, '-'));
    await fs.mkdir(outputDir, { recursive: true });
    const window = await collectWindow(settings.durationSeconds, install.root!);
    const collection = await collectOver(install.versionDir!, outputDir, window, settings, interruption);
    finish(run.result, { ...collection, startedAt });
    return run;
  } finally {
    await lock.release();
  }
}

async function collectOver(versionDir: string, outputDir: string, window: CollectWindow, settings: CollectSettings, interruption: Interruption): Promise<Omit<Collection, 'startedAt'>> {
  const { signal } = interruption;
  let start: ToolRun | null = null;
  let stop: ToolRun | null = null;
  let supportBundle: SupportBundleReport | null = null;
  const capture = await startCapture(settings.capture, outputDir);
  try {
    start = await runConnectorTool(versionDir, 'sfc.exe', ['-l', 'start'], SFC_TIMEOUT_MS);
    await waitWindow(window.seconds * 1000, signal);
    if (!signal.aborted) supportBundle = await untilAborted(runSupportTool(versionDir, outputDir, settings.supportTimeoutMs), signal);
  } finally {
    // Always: on success, failure, timeout and interruption. Debug logging left on fills the disk.
    await capture.stop();
    stop = await runConnectorTool(versionDir, 'sfc.exe', ['-l', 'stop'], SFC_TIMEOUT_MS);
  }
  const complete = !signal.aborted && start.started && stop.started && supportBundle !== null && supportBundle.error === null;
  const outcome: CollectOutcome = signal.aborted ? 'interrupted' : complete ? 'complete' : 'incomplete';
  const attach = [...(supportBundle?.files ?? []), ...(capture.report.file ? [capture.report.file] : [])];
  return { outcome, outputDir, window, debugLogging: { start, stop }, supportBundle, capture: capture.report, attach, finishedAt: new Date().toISOString() };
}

async function waitWindow(ms: number, signal: AbortSignal): Promise<void> {
  const progress = terminalProgress();
  const end = Date.now() + ms;
  while (!signal.aborted && Date.now() < end) {
    progress.update(`debug logging on; collecting for ${Math.ceil((end - Date.now()) / 1000)} s more (Ctrl+C stops and turns it off)`);
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
  return { outcome, outputDir: null, window: null, debugLogging: { start: null, stop: null }, supportBundle: null, capture: null, attach: [], startedAt, finishedAt: new Date().toISOString() };
}

/** An incomplete bundle exits 4 (the status still describes the endpoint): a script must not file an empty case. */
function finish(result: DoctorResult, collection: Collection): void {
  result.collection = collection;
  if (collection.outcome !== 'complete') result.exitCode = EXIT.undetermined;
  const sentence =
    collection.outcome === 'complete'
      ? `Escalation bundle in ${collection.outputDir}: attach ${collection.attach.map((f) => path.basename(f)).join(', ')} and this report to the Cisco TAC case.`
      : `Escalation bundle ${collection.outcome} in ${collection.outputDir}; debug logging was turned off again.`;
  result.summary = `${sentence} ${result.summary}`;
  if (result.localized) {
    const ja = collection.outcome === 'complete' ? `エスカレーション用の資料を ${collection.outputDir} に作成しました。${collection.attach.map((f) => path.basename(f)).join('、')} とこのレポートを Cisco TAC のケースに添付してください。` : `資料の作成は完了しませんでした（${collection.outcome}、${collection.outputDir}）。デバッグログは無効に戻しました。`;
    result.localized.summary = `${ja} ${result.localized.summary}`;
  }
}
