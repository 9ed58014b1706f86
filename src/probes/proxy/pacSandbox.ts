// What a PAC script may ask of the host, answered here, locally, within the call's time: nothing it does reaches
// stdout, stderr or the network except the name lookups the PAC functions exist for, and those are bounded by the
// deadline. pac-resolver's own versions write alert() to stdout, open a connection to a public DNS server for
// myIpAddress() and wait for DNS without a bound; these replace them (its sandbox option), the pure functions
// (shExpMatch, dnsDomainIs...) included, so that every host function a script calls is one of ours.
import { promises as dns } from 'node:dns';
import net from 'node:net';
import os from 'node:os';
import { outsideText } from '../../system/terminalText';
import { wildcardMatch } from '../../system/wildcard';

/** What a script's alert() calls leave: a few short lines, kept for the pac probe's detail. */
const PAC_MAX_ALERTS = 10;
const PAC_ALERT_CHARS = 200;
/** One name lookup may take this long, and a call may make this many (then the answer is "does not resolve"). */
const PAC_LOOKUP_MS = 1000;
const PAC_MAX_LOOKUPS = 16;

/** The state of one FindProxyForURL call (or of the script's top level): until when it may run, what it said. */
export interface PacCallState {
  until: number;
  alerts: string[];
  lookups: Map<string, Promise<string | null>>;
}

export function newCallState(until: number): PacCallState {
  return { until, alerts: [], lookups: new Map() };
}

/** The host functions a PAC script sees, each answering for the call in `state()`. */
export function pacSandbox(state: () => PacCallState): Record<string, (...args: never[]) => unknown> {
  const resolve = (host: unknown) => boundedLookup(state(), String(host));
  return {
    alert: (message: unknown = '') => {
      const s = state();
      if (s.alerts.length < PAC_MAX_ALERTS) s.alerts.push(outsideText(String(message), PAC_ALERT_CHARS));
    },
    myIpAddress: () => localIpv4(),
    // Async (native async functions): pac-resolver makes the script await them.
    dnsResolve: async (host: unknown) => resolve(host),
    isResolvable: async (host: unknown) => (await resolve(host)) !== null,
    isInNet: async (host: unknown, pattern: unknown, mask: unknown) => {
      const address = await resolve(host);
      return address !== null && inNet(address, String(pattern), String(mask));
    },
    shExpMatch: (text: unknown, pattern: unknown) => wildcardMatch(String(text), String(pattern)),
    isPlainHostName: (host: unknown) => !String(host).includes('.'),
    dnsDomainIs: (host: unknown, domain: unknown) => String(host).endsWith(String(domain)),
    localHostOrDomainIs: (host: unknown, hostdom: unknown) => {
      const h = String(host);
      const d = String(hostdom);
      return h === d || (!h.includes('.') && d.startsWith(`${h}.`));
    },
    dnsDomainLevels: (host: unknown) => String(host).split('.').length - 1,
  };
}

/** The first IPv4 address of a non-internal interface, as a browser reports it; 127.0.0.1 when there is none. */
function localIpv4(): string {
  for (const addresses of Object.values(os.networkInterfaces()))
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

/** An IPv4 address for `host` (an address is itself), or null: not found, out of time, or out of lookups. */
function boundedLookup(state: PacCallState, host: string): Promise<string | null> {
  if (net.isIPv4(host)) return Promise.resolve(host);
  const known = state.lookups.get(host);
  if (known) return known;
  const ms = Math.min(PAC_LOOKUP_MS, state.until - Date.now());
  if (state.lookups.size >= PAC_MAX_LOOKUPS || ms <= 0 || host.length > 253) return Promise.resolve(null);
  let timer: NodeJS.Timeout | undefined;
  const answer = Promise.race([
    dns.lookup(host, { family: 4 }).then(
      (found) => found.address,
      () => null,
    ),
    new Promise<null>((done) => (timer = setTimeout(() => done(null), ms))),
  ]).finally(() => clearTimeout(timer));
  state.lookups.set(host, answer);
  return answer;
}

function inNet(address: string, pattern: string, mask: string): boolean {
  const [a, p, m] = [address, pattern, mask].map(ipv4Number);
  return a !== null && p !== null && m !== null && (a & m) >>> 0 === (p & m) >>> 0;
}

function ipv4Number(text: string): number | null {
  if (!net.isIPv4(text)) return null;
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0) >>> 0;
}
