// One overall deadline for all probes: each probe gets what is left of it, so a slow target costs its own time only.

/** How much sooner than the overall deadline the probes' own timeouts fire, so that they, not the backstop, say
 * what hung (see runProbe). */
const BACKSTOP_GRACE_MS = 250;

export class Deadline {
  private readonly endsAt: number;

  /** `endsAt` is when the whole network check must be over (epoch ms). */
  constructor(endsAt: number) {
    this.endsAt = endsAt - BACKSTOP_GRACE_MS;
  }

  /** Time left for a probe's own timeouts. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  /** Time left before the backstop: the overall deadline itself. */
  backstopMs(): number {
    return this.remainingMs() + BACKSTOP_GRACE_MS;
  }
}

export class ProbeError extends Error {
  constructor(
    readonly failure: import('../contract/types').ProbeFailure,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Rejects with a timeout ProbeError if `work` has not settled in `ms`; `onTimeout` releases what the work holds. */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  failure: import('../contract/types').ProbeFailure,
  what: string,
  onTimeout?: () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(new ProbeError(failure, `${what} did not complete within ${ms} ms`));
    }, ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
