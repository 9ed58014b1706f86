// One overall deadline for all probes: each probe gets what is left of it, so a slow target costs its own time only.

export class Deadline {
  private readonly endsAt: number;

  constructor(totalMs: number) {
    this.endsAt = Date.now() + totalMs;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }
}

export class ProbeError extends Error {
  constructor(
    readonly failure: import('../types').ProbeFailure,
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
  failure: import('../types').ProbeFailure,
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
