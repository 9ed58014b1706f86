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

export interface PacRunner {
  /** FindProxyForURL(url, host): its string answer, or `typeof` what it returned instead. Rejects with a
   * PacScriptError (or a timeout as one) when the script fails. */
  call(url: string, host: string): Promise<{ value: string | null; type: string }>;
}

export async function startPacRunner(script: string): Promise<PacRunner> {
  return typeof __PAC_WORKER__ === 'string' ? startWorker(script, __PAC_WORKER__) : inProcess(script);
}

async function inProcess(script: string): Promise<PacRunner> {
  const resolver = await compilePacScript(script);
  return {
    call: async (url, host) => {
      const value = await resolver(url, host);
      return { value: typeof value === 'string' ? value : null, type: typeof value };
    },
  };
}

function startWorker(script: string, packed: string): Promise<PacRunner> {
  const source = brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');
  const worker = new Worker(source, {
    eval: true,
    workerData: { script },
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
  // Compiling also waits for the thread to start and instantiate QuickJS.
  const limitOf = (stage: 'compile' | 'call') => (stage === 'compile' ? PAC_CALL_LIMIT_MS + 3000 : PAC_CALL_LIMIT_MS);
  const ask = (id: number, stage: 'compile' | 'call', request?: PacWorkerRequest): Promise<PacWorkerReply> =>
    new Promise<PacWorkerReply>((resolve, reject) => {
      if (dead) return reject(dead);
      const timer = setTimeout(() => {
        // Stuck in one long operation: only ending the thread ends it.
        void worker.terminate();
        fail(
          new PacScriptError(stage, `InternalError: no answer within ${limitOf(stage)} ms (the sandbox was stopped)`),
        );
      }, limitOf(stage));
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
    if (!reply.ok) throw new PacScriptError(reply.stage, reply.message);
    return { value: reply.value, type: reply.type };
  };

  return ask(0, 'compile').then((ready) => {
    answered(ready);
    return {
      call: (url, host) => {
        const id = next++;
        return ask(id, 'call', { id, url, host }).then(answered);
      },
    };
  });
}
