// Runs one probe, timing it and turning any error into a recorded failure instead of a throw.
import type { ProbeResult } from '../contract/types';
import { classifyError } from './classifyError';
import { withTimeout, type Deadline } from './deadline';

export interface ProbeOutcome {
  detail?: Record<string, unknown>;
}

/** The overall deadline is hard: whatever a probe is still waiting for when it passes, the probe has failed. */
export async function runProbe(
  name: string,
  target: string,
  deadline: Deadline,
  viaProxy: boolean,
  work: () => Promise<ProbeOutcome | void>,
): Promise<ProbeResult> {
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    // The probe's own timeouts use the same deadline and say more precisely what hung (the proxy, the handshake);
    // this backstop, a moment later, catches whatever does not honour them.
    const outcome = await withTimeout(
      work(),
      deadline.backstopMs(),
      viaProxy ? 'proxy_tunnel' : 'timeout',
      `${name} ${target}`,
    );
    return {
      name,
      target,
      ok: true,
      durationMs: durationMs(),
      error: null,
      failure: null,
      ...(outcome?.detail ? { detail: outcome.detail } : {}),
    };
  } catch (err) {
    const { failure, message } = classifyError(err, { viaProxy });
    const detail = (err as { detail?: Record<string, unknown> }).detail;
    return {
      name,
      target,
      ok: false,
      durationMs: durationMs(),
      error: message,
      failure,
      ...(detail ? { detail } : {}),
    };
  }
}
