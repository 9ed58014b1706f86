// Turns Ctrl+C, SIGTERM and SIGHUP (a closed terminal or SSH session; on Windows also a closed console window)
// and, on Windows, Ctrl+Break (SIGBREAK) into an abort signal, so a run can stop waiting, turn debug logging off,
// release its lock and still report. While installed, further signals are absorbed: a second Ctrl+C must not cut
// the clean-up short. (SIGKILL cannot be caught: debug-logging.json in the state folder covers that case.)
export interface Interruption {
  signal: AbortSignal;
  /** The signal that arrived, if any. */
  received(): NodeJS.Signals | null;
}

const INTERRUPTING_SIGNALS: NodeJS.Signals[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  ...(process.platform === 'win32' ? (['SIGBREAK'] as NodeJS.Signals[]) : []),
];

export function trapInterruption(): Interruption {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (name: NodeJS.Signals) => {
    if (received === null) received = name;
    controller.abort();
  };
  for (const signal of INTERRUPTING_SIGNALS) process.on(signal, onSignal);
  return { signal: controller.signal, received: () => received };
}
