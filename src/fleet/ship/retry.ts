// How a destination retries a batch: a 429 or 503 after its Retry-After (seconds or a date), other server errors and
// lost connections after a back-off doubling from 1 s; at most MAX_RETRIES times, never longer than MAX_WAIT_MS each.
import { retryAfterMs } from '../../system/httpAnswer';

export const MAX_RETRIES = 5;
export const MAX_WAIT_MS = 120_000;

/** An answer that a retry may turn: throttling, an overloaded or failing server, a timeout. */
export function isRetriable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function waitBeforeRetry(attempt: number, retryAfter: string | string[] | undefined): Promise<void> {
  const ms = Math.min(retryAfterMs(retryAfter) ?? 1000 * 2 ** attempt, MAX_WAIT_MS);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
