// The machine's WinHTTP proxy. First the registry value `netsh winhttp set proxy` writes (WinHttpSettings, read
// through reg.exe from System32): binary, so the same on every Windows language. When that value is absent or
// unreadable, `netsh winhttp show proxy` (System32, by absolute path, bounded, no shell), whose labels Windows
// prints in its UI language. Reported as evidence; when the connector's own proxy is unknown, the network layer
// probes this path too, labelled as the WinHTTP path. Wine 8's netsh set proxy writes nothing and its show proxy
// prints nothing (stubs): with no value in the registry that is a failed source.
import { wildcardMatch } from '../system/wildcard';
import type { Source, WinHttpProxyInfo } from '../contract/types';
import { parseRegQueryBinary } from '../discover/registry';
import { runBounded } from '../system/runBounded';
import { system32 } from '../system/windowsPaths';

const WINHTTP_SETTINGS_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections';
const BOUNDS = { timeoutMs: 5000, maxBytes: 64 * 1024 };
/** A proxy list or bypass list longer than this is not a setting we read (netsh caps them far below). */
const MAX_LIST_BYTES = 4096;

/**
 * The WinHTTP setting: `--winhttp-proxy` when given (it stands in for the machine's setting off Windows, and wins on
 * Windows), else the registry, else netsh, on Windows. `option` is the option's proxy list, or null for
 * `--winhttp-proxy none`; undefined when not given. `from` says which one answered.
 */
export async function readWinHttpProxy(
  updateServerUrl: string,
  option?: string | null,
): Promise<Source<WinHttpProxyInfo>> {
  if (option !== undefined) return { state: 'ok', value: winHttpFromOption(option, updateServerUrl) };
  if (process.platform !== 'win32') return { state: 'skipped', reason: 'the WinHTTP proxy is read only on Windows' };
  const registry = await readFromRegistry(updateServerUrl);
  if (registry.state === 'ok') return registry;
  const netsh = await readFromNetsh(updateServerUrl);
  if (netsh.state === 'ok') return { state: 'ok', value: { ...netsh.value, registryUnread: registry.error } };
  return { state: 'failed', error: `${registry.error}; ${netsh.error}` };
}

type Read = Extract<Source<WinHttpProxyInfo>, { state: 'ok' }> | { state: 'failed'; error: string };

async function readFromRegistry(updateServerUrl: string): Promise<Read> {
  const run = await runBounded(system32('reg.exe'), ['query', WINHTTP_SETTINGS_KEY, '/v', 'WinHttpSettings'], BOUNDS);
  if (run.spawnError || run.timedOut)
    return { state: 'failed', error: `reg.exe failed: ${run.spawnError ?? 'timed out'}` };
  // reg query exits 1 when the key or the value does not exist.
  if (run.exitCode !== 0) return { state: 'failed', error: 'the registry value WinHttpSettings is absent' };
  const value = parseRegQueryBinary(run.stdout.toString('utf8'), 'WinHttpSettings', 2 * MAX_LIST_BYTES + 64);
  if (!value) return { state: 'failed', error: 'the registry value WinHttpSettings is not a readable REG_BINARY' };
  const parsed = parseWinHttpSettings(value, updateServerUrl);
  return typeof parsed === 'string'
    ? { state: 'failed', error: `the registry value WinHttpSettings is malformed: ${parsed}` }
    : { state: 'ok', value: parsed };
}

async function readFromNetsh(updateServerUrl: string): Promise<Read> {
  const run = await runBounded(system32('netsh.exe'), ['winhttp', 'show', 'proxy'], BOUNDS);
  if (run.spawnError) return { state: 'failed', error: `netsh could not be started: ${run.spawnError}` };
  if (run.timedOut) return { state: 'failed', error: 'netsh winhttp show proxy did not finish within 5 s' };
  const parsed = parseNetshWinHttpProxy(run.stdout.toString('utf8'), updateServerUrl);
  if (!parsed)
    return { state: 'failed', error: `netsh winhttp show proxy printed nothing readable (exit code ${run.exitCode})` };
  return { state: 'ok', value: { ...parsed, from: 'netsh' } };
}

/**
 * WinHttpSettings, as `netsh winhttp set proxy` writes it: little-endian DWORDs. A header (0x18, or 0x28 on newer
 * Windows), a change counter, flags (bit 0x2: a proxy is set; 1 alone is direct access), then the proxy list and the
 * bypass list, each as a DWORD length and that many ASCII bytes; what follows (an auto-config URL, padding) is not
 * read. Returns the reason when the bytes do not have that layout.
 */
export function parseWinHttpSettings(value: Buffer, updateServerUrl: string): WinHttpProxyInfo | string {
  if (value.length < 12) return `${value.length} bytes, shorter than its 12-byte header`;
  const header = value.readUInt32LE(0);
  if (header !== 0x18 && header !== 0x28) return `unknown header 0x${header.toString(16)}`;
  if ((value.readUInt32LE(8) & 0x2) === 0) return { ...DIRECT, from: 'registry' };
  const proxy = lengthPrefixedAscii(value, 12, 'proxy list');
  if (typeof proxy === 'string') return proxy;
  const bypass = lengthPrefixedAscii(value, proxy.end, 'bypass list');
  if (typeof bypass === 'string') return bypass;
  if (!proxy.text) return 'the proxy flag is set but the proxy list is empty';
  return {
    direct: false,
    proxyServers: proxy.text,
    bypassList: bypass.text || null,
    forUpdateServer: proxyFor(updateServerUrl, proxy.text, bypass.text || null),
    from: 'registry',
  };
}

function lengthPrefixedAscii(value: Buffer, at: number, what: string): { text: string; end: number } | string {
  if (value.length < at + 4) return `the ${what}'s length is missing`;
  const length = value.readUInt32LE(at);
  if (length > MAX_LIST_BYTES) return `the ${what} is ${length} bytes, more than ${MAX_LIST_BYTES}`;
  if (value.length < at + 4 + length) return `the ${what} is cut short`;
  const text = value.subarray(at + 4, at + 4 + length).toString('latin1');
  if (!/^[\x20-\x7e]*$/.test(text)) return `the ${what} is not printable ASCII`;
  return { text, end: at + 4 + length };
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
