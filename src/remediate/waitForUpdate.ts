// Watches posture and local.xml after a forced update until it took, the time is up, or the run is interrupted.
import type { TrustedInstall } from '../discover/trustedInstall';
import { observeDefinitions, updateTook, type DefinitionState } from './observe';
import { sleep } from './sleep';

export interface WaitSettings {
  waitMs: number;
  pollMs: number;
  postureTimeoutMs: number;
  signal: AbortSignal;
  /** Called after every look, for progress on a terminal. */
  onPoll?: (elapsedMs: number) => void;
}

export interface WaitResult {
  took: boolean;
  last: DefinitionState;
  waitedMs: number;
}

export async function waitForUpdate(
  install: TrustedInstall,
  before: DefinitionState,
  forcedAtMs: number,
  settings: WaitSettings,
): Promise<WaitResult> {
  const started = Date.now();
  const deadline = started + settings.waitMs;
  let last: DefinitionState;
  for (;;) {
    last = await observeDefinitions(install, settings.postureTimeoutMs);
    const elapsed = Date.now() - started;
    settings.onPoll?.(elapsed);
    if (updateTook(before, last, forcedAtMs, Date.now())) return { took: true, last, waitedMs: elapsed };
    const remaining = deadline - Date.now();
    if (remaining <= 0 || settings.signal.aborted) return { took: false, last, waitedMs: elapsed };
    await sleep(Math.min(settings.pollMs, remaining), settings.signal);
  }
}
