// Evaluates a PAC script's FindProxyForURL in a QuickJS sandbox through the maintained pac-resolver (never eval or
// vm: the script is outside text). The runtime has a memory limit, a stack limit and a CPU budget per call that
// interrupts the script. Runs inside the PAC worker thread (pacWorker.ts) in the bundle, in-process from sources.
import { newCallState, pacSandbox } from './pacSandbox';

const PAC_MEMORY_BYTES = 32 * 1024 * 1024;
/** No FindProxyForURL call (nor the script's top level) needs more than this much CPU time. */
export const PAC_CPU_MS = 2000;

/** FindProxyForURL's answer, and what the script said with alert() on the way. */
interface PacAnswer {
  value: unknown;
  alerts: string[];
}

/** One call: `until` is when it must be over (epoch ms), whatever the CPU budget leaves. */
export type PacResolver = (url: string, host: string, until: number) => Promise<PacAnswer>;

/** Compiles the script (its top level runs until `until` at most); throws a PacScriptError when it is not a PAC
 * script. Its alert() calls at the top level go with the first call's answer. */
export async function compilePacScript(script: string, until: number): Promise<PacResolver> {
  const [{ createPacResolver }, qjs] = await Promise.all([import('pac-resolver'), quickJs()]);
  let call = newCallState(Math.min(Date.now() + PAC_CPU_MS, until));
  const budget = {
    get until() {
      return call.until;
    },
  };
  const bounded = { newContext: () => boundedContext(qjs, budget) };
  let resolver: (url: string, host: string) => Promise<unknown>;
  try {
    // pac-resolver types the module as its own fork's; the API it calls (newContext) is the same.
    resolver = createPacResolver(bounded as unknown as Parameters<typeof createPacResolver>[0], script, {
      sandbox: pacSandbox(() => call) as Record<string, never>,
    }) as typeof resolver;
  } catch (err) {
    throw new PacScriptError('compile', describePacError(err));
  }
  let topLevelAlerts = call.alerts;
  return async (url, host, callUntil) => {
    // Each call gets its own CPU budget, never past its deadline: the script's run is interrupted when it is spent.
    call = newCallState(Math.min(Date.now() + PAC_CPU_MS, callUntil));
    call.alerts.push(...topLevelAlerts.splice(0));
    try {
      return { value: await resolver(url, host), alerts: call.alerts };
    } catch (err) {
      throw new PacScriptError('call', describePacError(err), call.alerts);
    } finally {
      topLevelAlerts = [];
    }
  };
}

export class PacScriptError extends Error {
  constructor(
    readonly stage: 'compile' | 'call',
    message: string,
    readonly alerts: string[] = [],
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
