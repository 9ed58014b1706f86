// The result as it may leave the process: every secret redacted by value, and every string neutralized (no
// control characters, escape sequences or bidirectional overrides, bounded length), whatever source it came from.
import { forTerminal } from '../system/terminalText';
import type { Redactor } from './redact';
import type { DoctorResult } from '../contract/result';

/** No single value of a result is legitimately longer (a summary with its cause, a path, a probe error). */
const MAX_VALUE_CHARS = 4000;

export function publicResult(result: DoctorResult, redactor: Redactor): DoctorResult {
  // Redact, neutralize, redact again: neutralizing rewrites characters, and must not re-form a secret.
  return redactor.value(neutralizeStrings(redactor.value(result)));
}

function neutralizeStrings<T>(node: T): T {
  if (typeof node === 'string') {
    const clean = forTerminal(node.replace(/\r?\n|\r|\t/g, ' '));
    return (clean.length > MAX_VALUE_CHARS ? `${clean.slice(0, MAX_VALUE_CHARS - 3)}...` : clean) as T;
  }
  if (Array.isArray(node)) return node.map(neutralizeStrings) as T;
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, neutralizeStrings(v)]),
    ) as T;
  }
  return node;
}
