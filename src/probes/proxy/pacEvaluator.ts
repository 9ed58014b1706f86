// Evaluates a PAC script's FindProxyForURL in a QuickJS sandbox through the maintained pac-resolver (never eval or
// vm: the script is outside text). The runtime has a memory limit, a stack limit and a CPU budget per call that
// interrupts the script. Runs inside the PAC worker thread (pacWorker.ts) in the bundle, in-process from sources.
const PAC_MEMORY_BYTES = 32 * 1024 * 1024;
/** No FindProxyForURL call (nor the script's top level) needs more than this much CPU time. */
export const PAC_CPU_MS = 2000;

export type PacResolver = (url: string, host: string) => Promise<unknown>;

/** Compiles the script; throws a PacScriptError when it is not a PAC script. */
export async function compilePacScript(script: string): Promise<PacResolver> {
  const [{ createPacResolver }, qjs] = await Promise.all([import('pac-resolver'), quickJs()]);
  const budget = { until: Date.now() + PAC_CPU_MS };
  const bounded = { newContext: () => boundedContext(qjs, budget) };
  let resolver: PacResolver;
  try {
    // pac-resolver types the module as its own fork's; the API it calls (newContext) is the same.
    resolver = createPacResolver(bounded as unknown as Parameters<typeof createPacResolver>[0], script) as PacResolver;
  } catch (err) {
    throw new PacScriptError('compile', describePacError(err));
  }
  return async (url, host) => {
    // Each call gets its own CPU budget: the script's run is interrupted when it is spent.
    budget.until = Date.now() + PAC_CPU_MS;
    try {
      return await resolver(url, host);
    } catch (err) {
      throw new PacScriptError('call', describePacError(err));
    }
  };
}

export class PacScriptError extends Error {
  constructor(
    readonly stage: 'compile' | 'call',
    message: string,
  ) {
    super(message);
  }
}

function boundedContext(qjs: import('quickjs-emscripten-core').QuickJSWASMModule, budget: { until: number }) {
  const runtime = qjs.newRuntime();
  runtime.setMemoryLimit(PAC_MEMORY_BYTES);
  runtime.setMaxStackSize(512 * 1024);
  runtime.setInterruptHandler(() => Date.now() > budget.until);
  return runtime.newContext();
}

let loading: Promise<import('quickjs-emscripten-core').QuickJSWASMModule> | null = null;

/** The QuickJS build with its WebAssembly inside the JavaScript, so the single-file bundle carries it. */
function quickJs(): Promise<import('quickjs-emscripten-core').QuickJSWASMModule> {
  loading ??= Promise.all([
    import('quickjs-emscripten-core'),
    import('@jitl/quickjs-singlefile-cjs-release-sync'),
  ]).then(([core, variant]) =>
    core.newQuickJSWASMModuleFromVariant(
      (variant as unknown as { default: Parameters<typeof core.newQuickJSWASMModuleFromVariant>[0] }).default ??
        variant,
    ),
  );
  return loading;
}

/** Errors from inside QuickJS arrive as plain objects ({name, message, stack}), not as Error instances. */
export function describePacError(err: unknown): string {
  const shaped = err as { name?: unknown; message?: unknown } | null;
  const message =
    shaped && typeof shaped === 'object' && typeof shaped.message === 'string'
      ? `${String(shaped.name ?? 'Error')}: ${shaped.message}`
      : String(err);
  return message.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
