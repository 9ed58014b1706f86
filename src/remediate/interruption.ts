// Turns Ctrl+C and SIGTERM into an abort signal, so a run can stop waiting, clean up and still report.
// While installed, further signals are absorbed: a second Ctrl+C must not cut the clean-up short.
export interface Interruption {
  signal: AbortSignal;
  /** The signal that arrived, if any. */
  received(): NodeJS.Signals | null;
}

export function trapInterruption(): Interruption {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (name: NodeJS.Signals) => {
    if (received === null) received = name;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: controller.signal, received: () => received };
}
