// PAC: fetch the policy's pacloc (directly, bounded in size and time), evaluate its FindProxyForURL in a QuickJS
// sandbox (pacEvaluator.ts, in a worker thread: pacRunner.ts), and turn what it returns into the proxies to try, in
// its order. A script that fails, loops or allocates without end is a PAC failure, not a hung run.
import type { SecureContext } from 'node:tls';
import type { ProxyAuth, ProxyKind } from '../../contract/types';
import type { ProbeProxy } from '../context';
import { ProbeError } from '../deadline';
import { httpGet } from '../httpGet';
import { hostAndPortOf } from './pacEntry';
import { describePacError, PacScriptError } from './pacEvaluator';
import { startPacRunner, type PacCall, type PacRunner } from './pacRunner';

const PAC_MAX_BYTES = 256 * 1024;

export type PacEntry = { kind: 'direct' } | { kind: ProxyKind; host: string; port: number };

export interface PacCredentials {
  username: string | null;
  password: string | null;
  auth: ProxyAuth;
  /** The kind of proxy the policy itself names (its <type>), or null when it names only the PAC file: then the
   * credentials are an HTTP proxy's (WinHTTP's) and go to no SOCKS proxy. */
  kind: ProxyKind | null;
}

export interface Pac {
  url: string;
  /** FindProxyForURL(url, host): the raw answer, the entries we can use, in order, and what it alert()ed. */
  find(url: string): Promise<{ returned: string; entries: PacEntry[]; unsupported: string[]; alerts: string[] }>;
}

/** `onScript` is told when the fetch is over and the script starts to run. */
export async function loadPac(
  url: string,
  timeoutMs: number,
  secureContext: SecureContext,
  onScript: () => void = () => undefined,
): Promise<Pac> {
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
  // The script runs within what is left of the run's deadline: a hung one is an invalid PAC file, not a timeout.
  const until = Date.now() + timeoutMs;
  onScript();
  let runner: PacRunner;
  try {
    runner = await startPacRunner(script, until);
  } catch (err) {
    throw new ProbeError('pac_invalid', `the PAC file ${url} is not a valid PAC script: ${messageOf(err)}`);
  }
  return {
    url,
    find: async (target) => {
      const host = new URL(target).hostname.replace(/^\[|\]$/g, '');
      let answer: PacCall;
      try {
        answer = await runner.call(target, host);
      } catch (err) {
        throw new ProbeError('pac_invalid', `the PAC file's FindProxyForURL failed: ${messageOf(err)}`, {
          alerts: err instanceof PacScriptError ? err.alerts : [],
        });
      }
      if (answer.value === null)
        throw new ProbeError('pac_invalid', `the PAC file's FindProxyForURL returned ${answer.type}, not a string`, {
          alerts: answer.alerts,
        });
      return { returned: printable(answer.value), ...parsePacResult(answer.value), alerts: answer.alerts };
    },
  };
}

function messageOf(err: unknown): string {
  return err instanceof PacScriptError ? err.message : describePacError(err);
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
    const proxy = where && rest.length === 0 ? hostAndPortOf(where) : null;
    if (kind === 'direct' && !where) entries.push({ kind: 'direct' });
    else if (kind && kind !== 'direct' && proxy) entries.push({ kind, ...proxy });
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

/** A PAC entry as a proxy to probe through. The policy's credentials go only to the kind of proxy they are for: an
 * HTTP proxy (the PAC file's PROXY entries, as the connector's would), or a SOCKS 5 proxy when the policy itself
 * names one. A SOCKS proxy the PAC file picked gets none: SOCKS 5 carries the password in clear, and NTLM is an
 * HTTP scheme. */
export function pacProxy(entry: Exclude<PacEntry, { kind: 'direct' }>, credentials: PacCredentials): ProbeProxy {
  const withAuth =
    entry.kind === 'http'
      ? credentials.kind === null || credentials.kind === 'http'
      : entry.kind === 'socks5' && credentials.kind === 'socks5' && credentials.auth === 'basic';
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

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
