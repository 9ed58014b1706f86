// Graph `deviceHealthScripts/{id}/deviceRunStates` pages: each run state carries the detection script's output
// before and after remediation, and (with $expand=managedDevice) the device's name.
import { isObject, isRecord, parseDetectionOutput, toTime, type Parsed } from './detectionOutput';
import type { RecordSink } from './types';

export function isGraphPage(value: unknown): value is { value: unknown[] } {
  return isObject(value) && Array.isArray(value.value);
}

/** Reads every run state of one page into the sink; returns how many entries it held. */
export function readGraphPage(page: { value: unknown[] }, where: string, sink: RecordSink): number {
  page.value.forEach((state, index) => {
    const source = `${where}#${index}`;
    const parsed = fromRunState(state, source);
    if (isRecord(parsed)) sink.add(parsed);
    else sink.unreadable(source, parsed.reason);
  });
  return page.value.length;
}

function fromRunState(state: unknown, source: string): Parsed {
  if (!isObject(state)) return { reason: 'run state is not an object' };
  const device =
    isObject(state.managedDevice) && typeof state.managedDevice.deviceName === 'string'
      ? state.managedDevice.deviceName
      : null;
  const context = { device, runAt: toTime(state.lastStateUpdateDateTime), source };
  const pre = parseDetectionOutput(asText(state.preRemediationDetectionScriptOutput), context);
  const post = parseDetectionOutput(asText(state.postRemediationDetectionScriptOutput), context);
  const chosen = newerOfPrePost(pre, post);
  if (!isRecord(chosen) && chosen.reason === 'no detection output' && typeof state.detectionState === 'string') {
    return { reason: `no detection output (detectionState ${state.detectionState})` };
  }
  return chosen;
}

/**
 * The post-remediation detection ran after the remediation, so it describes the endpoint as it is now, unless its
 * own timestamp says it is older (a stale post output next to a fresh pre output from a later run).
 */
export function newerOfPrePost(pre: Parsed, post: Parsed): Parsed {
  if (!isRecord(post)) return isRecord(pre) ? pre : pre.reason === 'no detection output' ? post : pre;
  if (!isRecord(pre)) return post;
  if (pre.checkedAt !== null && post.checkedAt !== null && pre.checkedAt > post.checkedAt) return pre;
  return post;
}

function asText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
