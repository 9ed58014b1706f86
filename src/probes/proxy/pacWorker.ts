// The PAC worker thread: compiles the script it is given and answers FindProxyForURL calls. It runs apart from the
// probes so that a script stuck in one long native operation (QuickJS checks its CPU budget only between
// operations) is ended by terminating the thread, not waited for (see pacRunner.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { compilePacScript, PacScriptError, type PacResolver } from './pacEvaluator';

export type PacWorkerRequest = { id: number; url: string; host: string; until: number };
export type PacWorkerReply =
  | { id: number; ok: true; value: string | null; type: string; alerts: string[] }
  | { id: number; ok: false; stage: 'compile' | 'call'; message: string; alerts: string[] };

if (parentPort === null) throw new Error('pacWorker runs only as the worker thread pacRunner.ts starts');
const port = parentPort;
const data = workerData as { script: string; until: number };
const ready: Promise<PacResolver> = compilePacScript(String(data.script), Number(data.until));
ready.then(
  () => port.postMessage({ id: 0, ok: true, value: 'ready', type: 'string', alerts: [] } satisfies PacWorkerReply),
  (err: unknown) => port.postMessage(failure(0, err)),
);
port.on('message', (request: PacWorkerRequest) => {
  ready
    .then((resolver) => resolver(request.url, request.host, request.until))
    .then(
      ({ value, alerts }) =>
        port.postMessage({
          id: request.id,
          ok: true,
          value: typeof value === 'string' ? value : null,
          type: typeof value,
          alerts,
        } satisfies PacWorkerReply),
      (err: unknown) => port.postMessage(failure(request.id, err)),
    );
});

function failure(id: number, err: unknown): PacWorkerReply {
  return {
    id,
    ok: false,
    stage: err instanceof PacScriptError ? err.stage : 'call',
    message: err instanceof Error ? err.message : String(err),
    alerts: err instanceof PacScriptError ? err.alerts : [],
  };
}
