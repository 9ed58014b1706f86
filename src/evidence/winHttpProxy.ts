// The machine's WinHTTP proxy, as `netsh winhttp show proxy` (System32, by absolute path, bounded, no shell) prints
// it. Reported as evidence; when the connector's own proxy is unknown, the network layer probes this path too,
// labelled as the WinHTTP path. Wine's netsh prints nothing for this command (a stub): that is a failed source.
import { wildcardMatch } from '../system/wildcard';
import type { Source, WinHttpProxyInfo } from '../types';
import { runBounded } from '../system/runBounded';
import { system32 } from '../system/windowsPaths';

/**
 * The WinHTTP setting: `--winhttp-proxy` when given (it stands in for netsh off Windows, and wins on Windows), else
 * netsh on Windows. `option` is the option's proxy list, or null for `--winhttp-proxy none`; undefined when not given.
 */
export async function readWinHttpProxy(
  updateServerUrl: string,
  option?: string | null,
): Promise<Source<WinHttpProxyInfo>> {
  if (option !== undefined) return { state: 'ok', value: winHttpFromOption(option, updateServerUrl) };
  if (process.platform !== 'win32') return { state: 'skipped', reason: 'the WinHTTP proxy is read only on Windows' };
  const netsh = system32('netsh.exe');
  const run = await runBounded(netsh, ['winhttp', 'show', 'proxy'], { timeoutMs: 5000, maxBytes: 64 * 1024 });
  if (run.spawnError) return { state: 'failed', error: `netsh could not be started: ${run.spawnError}` };
  if (run.timedOut) return { state: 'failed', error: 'netsh winhttp show proxy did not finish within 5 s' };
  const parsed = parseNetshWinHttpProxy(run.stdout.toString('utf8'), updateServerUrl);
  if (!parsed)
    return { state: 'failed', error: `netsh winhttp show proxy printed nothing readable (exit code ${run.exitCode})` };
  return { state: 'ok', value: parsed };
}

/**
 * netsh prints, in the system's language:
 *     Current WinHTTP proxy settings:
 *
 *         Direct access (no proxy server).
 * or
 *         Proxy Server(s) :  proxy.corp:8080            (or  http=a:3128;https=b:3129)
 *         Bypass List     :  <local>;*.corp             (or  (none))
 * The labels are translated, so the two `label : value` lines are read by position: servers, then bypass list.
 * No such line in a non-empty output is direct access; an empty output is not an answer.
 */
export function parseNetshWinHttpProxy(output: string, updateServerUrl: string): WinHttpProxyInfo | null {
  const lines = output
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return null;
  const values = lines
    .map((l) => /^[^:]+?\s:\s+(\S.*)$/.exec(l)?.[1]?.trim())
    .filter((v): v is string => v !== undefined);
  if (values.length === 0) return DIRECT;
  const proxyServers = values[0].slice(0, 1024);
  const bypass = values[1] && !/^\(.*\)$/.test(values[1]) ? values[1].slice(0, 1024) : null;
  return {
    direct: false,
    proxyServers,
    bypassList: bypass,
    forUpdateServer: proxyFor(updateServerUrl, proxyServers, bypass),
  };
}

const DIRECT: WinHttpProxyInfo = { direct: true, proxyServers: null, bypassList: null, forUpdateServer: null };

/** `--winhttp-proxy`: a proxy list as `netsh winhttp set proxy` takes it (`host:port`, `http://host:port`, or per
 * scheme `http=a:3128;https=b:3128`), or null for none (direct). */
function winHttpFromOption(servers: string | null, updateServerUrl: string): WinHttpProxyInfo {
  if (servers === null) return { ...DIRECT, from: 'option' };
  return {
    direct: false,
    proxyServers: servers,
    bypassList: null,
    forUpdateServer: proxyFor(updateServerUrl, servers, null),
    from: 'option',
  };
}

/** The entry for the URL's scheme (`https=...`), else an entry without a scheme; none when the host is bypassed. */
export function proxyFor(
  url: string,
  proxyServers: string,
  bypassList: string | null,
): { host: string; port: number } | null {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (bypassList && bypassed(host, bypassList)) return null;
  const scheme = target.protocol.replace(':', '').toLowerCase();
  const entries = proxyServers.split(/[;\s]+/).filter(Boolean);
  const forScheme = entries.find((e) => e.toLowerCase().startsWith(`${scheme}=`));
  const plain = entries.find((e) => !e.includes('='));
  const chosen = forScheme ? forScheme.slice(scheme.length + 1) : plain;
  return chosen ? hostAndPort(chosen.replace(/^[a-z]+:\/\//i, '')) : null;
}

/** WinHTTP's default proxy port is 80. */
function hostAndPort(text: string): { host: string; port: number } | null {
  const match = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9._-]+))(?::(\d{1,5}))?\/?$/i.exec(text);
  if (!match) return null;
  const port = match[3] ? Number(match[3]) : 80;
  return port > 0 && port < 65536 ? { host: match[1] ?? match[2], port } : null;
}

/** `<local>` is any name without a dot; other entries are names or addresses with `*` wildcards. */
function bypassed(host: string, bypassList: string): boolean {
  return bypassList
    .split(/[;\s]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry.toLowerCase() === '<local>') return !host.includes('.') && !host.includes(':');
      return wildcardMatch(host, entry, { ignoreCase: true });
    });
}
