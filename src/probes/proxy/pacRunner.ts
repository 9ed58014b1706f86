// Where a PAC script runs. In the bundle and the executables: in a worker thread of its own (its source embedded by
// the bundler as __PAC_WORKER__), answering each call within a hard time limit; past it the thread is terminated,
// whatever the script was doing. From the TypeScript sources (unit tests): in-process, with QuickJS's own limits.
import { Worker } from 'node:worker_threads';
import { brotliDecompressSync } from 'node:zlib';
import { compilePacScript, PacScriptError, PAC_CPU_MS } from './pacEvaluator';
import type { PacWorkerReply, PacWorkerRequest } from './pacWorker';

declare const __PAC_WORKER__: string | undefined;

/** A call's hard limit: the CPU budget QuickJS enforces, plus room for the script's own DNS lookups. */
const PAC_CALL_LIMIT_MS = PAC_CPU_MS + 1000;

export interface PacCall {
  /** The string FindProxyForURL returned, or null and `typeof` what it returned instead. */
  value: string | null;
  type: string;
  /** What the script passed to alert(), printable and short. */
  alerts: string[];
}

export interface PacRunner {
  /** FindProxyForURL(url, host), answered before `until` (epoch ms) or failed. Rejects with a PacScriptError (or a
   * timeout as one) when the script fails or runs out of time. */
  call(url: string, host: string): Promise<PacCall>;
}

/** A runner for the script; nothing it runs goes past `until`, the run's deadline (epoch ms). */
export async function startPacRunner(script: string, until: number): Promise<PacRunner> {
  return typeof __PAC_WORKER__ === 'string' ? startWorker(script, __PAC_WORKER__, until) : inProcess(script, until);
}

async function inProcess(script: string, until: number): Promise<PacRunner> {
  const resolver = await compilePacScript(script, until);
  return {
    call: async (url, host) => {
      const { value, alerts } = await resolver(url, host, until);
      return { value: typeof value === 'string' ? value : null, type: typeof value, alerts };
    },
  };
}

function startWorker(script: string, packed: string, until: number): Promise<PacRunner> {
  const source = brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');
  const worker = new Worker(source, {
    eval: true,
    workerData: { script, until },
    resourceLimits: { maxOldGenerationSizeMb: 64 },
  });
  // The thread never keeps the run alive; a run that ends takes it along.
  worker.unref();
  const waiting = new Map<number, { resolve: (reply: PacWorkerReply) => void; reject: (err: Error) => void }>();
  let dead: Error | null = null;
  const fail = (err: Error) => {
    dead ??= err;
    for (const { reject } of waiting.values()) reject(dead);
    waiting.clear();
  };
  worker.on('message', (reply: PacWorkerReply) => {
    waiting.get(reply.id)?.resolve(reply);
    waiting.delete(reply.id);
  });
  worker.on('error', (err) => fail(new PacScriptError('call', `the PAC sandbox failed: ${err.message}`)));
  worker.on('exit', () => fail(new PacScriptError('call', 'the PAC sandbox stopped')));

  let next = 1;
  // Compiling also waits for the thread to start and instantiate QuickJS. Neither goes past the run's deadline.
  const limitOf = (stage: 'compile' | 'call') =>
    Math.max(0, Math.min(stage === 'compile' ? PAC_CALL_LIMIT_MS + 3000 : PAC_CALL_LIMIT_MS, until - Date.now()));
  const ask = (id: number, stage: 'compile' | 'call', request?: PacWorkerRequest): Promise<PacWorkerReply> =>
    new Promise<PacWorkerReply>((resolve, reject) => {
      if (dead) return reject(dead);
      const limit = limitOf(stage);
      const timer = setTimeout(() => {
        // Stuck in one long operation: only ending the thread ends it.
        void worker.terminate();
        fail(new PacScriptError(stage, `InternalError: no answer within ${limit} ms (the sandbox was stopped)`));
      }, limit);
      waiting.set(id, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      if (request) worker.postMessage(request);
    });
  const answered = (reply: PacWorkerReply) => {
    if (!reply.ok) throw new PacScriptError(reply.stage, reply.message, reply.alerts);
    return { value: reply.value, type: reply.type, alerts: reply.alerts };
  };

  return ask(0, 'compile').then((ready) => {
    answered(ready);
    return {
      call: (url, host) => {
        const id = next++;
        return ask(id, 'call', { id, url, host, until }).then(answered);
      },
    };
  });
}
