// PAC: fetch the policy's pacloc (directly, bounded in size and time), evaluate its FindProxyForURL in a QuickJS
// sandbox through the maintained pac-resolver (never eval or vm in this process: the script is outside text), and
// turn what it returns into the proxies to try, in its order. The QuickJS runtime has its own memory limit and an
// interrupt deadline, so a script that loops or allocates without end is a PAC failure, not a hung run.
import type { SecureContext } from 'node:tls';
import type { ProxyAuth, ProxyKind } from '../../types';
import type { ProbeProxy } from '../context';
import { ProbeError, withTimeout } from '../deadline';
import { httpGet } from '../httpGet';
import { hostAndPortOf } from './pacEntry';

export const PAC_MAX_BYTES = 256 * 1024;
const PAC_MEMORY_BYTES = 32 * 1024 * 1024;
/** No FindProxyForURL call needs more than this much CPU time; a PAC's own DNS lookups count in its probe's time. */
const PAC_CPU_MS = 2000;

export type PacEntry = { kind: 'direct' } | { kind: ProxyKind; host: string; port: number };

export interface PacCredentials {
  username: string | null;
  password: string | null;
  auth: ProxyAuth;
}

export interface Pac {
  url: string;
  /** FindProxyForURL(url, host): the raw answer and the entries we can use, in order. */
  find(url: string): Promise<{ returned: string; entries: PacEntry[]; unsupported: string[] }>;
}

export async function loadPac(url: string, timeoutMs: number, secureContext: SecureContext): Promise<Pac> {
  const started = Date.now();
  let response;
  try {
    response = await httpGet(url, { timeoutMs, proxy: null, secureContext, maxBodyBytes: PAC_MAX_BYTES });
  } catch (err) {
    throw new ProbeError('pac_unreachable', `the PAC file ${url} could not be fetched: ${(err as Error).message}`);
  }
  if (response.status !== 200)
    throw new ProbeError('pac_unreachable', `the PAC file ${url} answered HTTP ${response.status}`, {
      status: response.status,
    });
  if (response.bodyBytes > PAC_MAX_BYTES)
    throw new ProbeError('pac_invalid', `the PAC file ${url} is larger than ${PAC_MAX_BYTES} bytes`);
  const script = response.body.toString('utf8');
  const budget = { until: Date.now() + Math.min(PAC_CPU_MS, Math.max(1, timeoutMs - (Date.now() - started))) };
  const resolver = await compilePac(script, url, budget);
  return {
    url,
    find: async (target) => {
      const host = new URL(target).hostname.replace(/^\[|\]$/g, '');
      let returned: unknown;
      try {
        // Each call gets its own CPU budget: the script's run is interrupted when it is spent.
        budget.until = Date.now() + PAC_CPU_MS;
        returned = await withTimeout(resolver(target, host), PAC_CPU_MS + 1000, 'pac_invalid', 'FindProxyForURL');
      } catch (err) {
        throw err instanceof ProbeError
          ? err
          : new ProbeError('pac_invalid', `the PAC file's FindProxyForURL failed: ${describe(err)}`);
      }
      if (typeof returned !== 'string')
        throw new ProbeError('pac_invalid', `the PAC file's FindProxyForURL returned ${typeof returned}, not a string`);
      return { returned: printable(returned), ...parsePacResult(returned) };
    },
  };
}

type Resolver = (url: string, host: string) => Promise<unknown>;

async function compilePac(script: string, url: string, budget: { until: number }): Promise<Resolver> {
  const [{ createPacResolver }, qjs] = await Promise.all([import('pac-resolver'), quickJs()]);
  const bounded = { newContext: () => boundedContext(qjs, budget) };
  try {
    // pac-resolver types the module as its own fork's; the API it calls (newContext) is the same.
    return createPacResolver(bounded as unknown as Parameters<typeof createPacResolver>[0], script) as Resolver;
  } catch (err) {
    throw new ProbeError('pac_invalid', `the PAC file ${url} is not a valid PAC script: ${describe(err)}`);
  }
}

/** Each context gets its own runtime: a memory limit, a stack limit and a CPU budget that interrupts the script
 * (renewed for every FindProxyForURL call). */
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

/** "PROXY a:3128; SOCKS5 b:1080; DIRECT": the entries in order. SOCKS alone means SOCKS 4, as browsers read it.
 * HTTPS (TLS to the proxy) and anything else is listed as unsupported, not tried. */
export function parsePacResult(returned: string): { entries: PacEntry[]; unsupported: string[] } {
  const entries: PacEntry[] = [];
  const unsupported: string[] = [];
  for (const part of returned
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .slice(0, 16)) {
    const [keyword, where, ...rest] = part.split(/\s+/);
    const kind = PAC_KINDS[keyword.toUpperCase()];
    if (kind === 'direct' && !where) entries.push({ kind: 'direct' });
    else if (kind && kind !== 'direct' && where && rest.length === 0 && hostAndPortOf(where))
      entries.push({ kind, ...hostAndPortOf(where)! });
    else unsupported.push(printable(part));
  }
  return { entries, unsupported };
}

const PAC_KINDS: Record<string, ProxyKind | 'direct'> = {
  DIRECT: 'direct',
  PROXY: 'http',
  HTTP: 'http',
  SOCKS: 'socks4',
  SOCKS4: 'socks4',
  SOCKS5: 'socks5',
};

/** A PAC entry as a proxy to probe through: HTTP proxies get the policy's credentials, as the connector's would. */
export function pacProxy(entry: Exclude<PacEntry, { kind: 'direct' }>, credentials: PacCredentials): ProbeProxy {
  const withAuth = entry.kind === 'http' || entry.kind === 'socks5';
  const auth = withAuth ? credentials.auth : 'none';
  const username = withAuth && auth !== 'none' ? credentials.username : null;
  return {
    host: entry.host,
    port: entry.port,
    kind: entry.kind,
    auth,
    username,
    password: username ? credentials.password : null,
    hasPassword: username !== null && credentials.password !== null,
    source: 'pac',
  };
}

/** Errors from inside QuickJS arrive as plain objects ({name, message, stack}), not as Error instances. */
function describe(err: unknown): string {
  const shaped = err as { name?: unknown; message?: unknown } | null;
  const message =
    shaped && typeof shaped === 'object' && typeof shaped.message === 'string'
      ? `${String(shaped.name ?? 'Error')}: ${shaped.message}`
      : String(err);
  return printable(message).slice(0, 200);
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
