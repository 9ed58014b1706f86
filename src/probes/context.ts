// What every probe needs to know: the target, the proxy in force (with its secret), trust anchors and the deadline.
import type { SecureContext } from 'node:tls';
import type { RootAutoUpdate } from '../evidence/rootAutoUpdate';
import type { ProxySettings } from '../contract/types';
import type { Deadline } from './deadline';
import { authority } from './proxy/authority';
import type { TrustAnchors } from './trustAnchors';

export interface ProbeProxy extends ProxySettings {
  password: string | null;
}

export interface ProbeContext {
  /** Update server host name and port (443 unless the URL said otherwise). */
  server: { host: string; port: number; url: string };
  proxy: ProbeProxy | null;
  /** Built once from the trust anchors (runtime roots, the OS store where readable, --ca-file): parsing ~150
   * roots per connection costs more than the connection itself. */
  secureContext: SecureContext;
  /** What explains a chain: the store, a public bundle, the declared roots (see chainTrust.ts). */
  trust?: TrustAnchors;
  deadline: Deadline;
  /** The proxy for another URL (revocation, versions.id) when a PAC file decides per URL; else `proxy` serves all. */
  routeFor?: (url: string) => Promise<ProbeProxy | null>;
  /** The route Windows' CryptoAPI fetches revocation data and roots over: WinHTTP with the machine's WinHTTP proxy
   * (netsh winhttp), never the connector's proxy or PAC file. Absent: direct. */
  winHttp?: WinHttpRoute;
  /** Automatic root update, and the Windows Update URL it fetches roots from (absent: not known). */
  rootUpdate?: { autoUpdate: RootAutoUpdate; url: string };
}

/** The machine's WinHTTP setting as a route: the proxy for a URL (bypass list and per-scheme entries applied), or
 * null for direct. */
export interface WinHttpRoute {
  proxyFor(url: string): ProbeProxy | null;
}

/** The WinHTTP proxy for `url` (null: direct). */
export function winHttpProxyFor(ctx: Pick<ProbeContext, 'winHttp'>, url: string): ProbeProxy | null {
  return ctx.winHttp ? ctx.winHttp.proxyFor(url) : null;
}

/** How a route reads in a result: `direct`, or the proxy as proxyLabel writes it. */
export function routeLabel(proxy: ProbeProxy | null): string {
  return proxy ? proxyLabel(proxy) : 'direct';
}

/** The proxy a request for `url` goes through. */
export function proxyForUrl(ctx: Pick<ProbeContext, 'proxy' | 'routeFor'>, url: string): Promise<ProbeProxy | null> {
  return ctx.routeFor ? ctx.routeFor(url) : Promise.resolve(ctx.proxy);
}

/** host:port, with the kind in front when it is not HTTP (socks5://[::1]:1080). */
export function proxyLabel(proxy: ProbeProxy): string {
  return proxy.kind === 'http'
    ? authority(proxy.host, proxy.port)
    : `${proxy.kind}://${authority(proxy.host, proxy.port)}`;
}

/** A WinHTTP proxy as the probes speak to it: an HTTP proxy without credentials (WinHTTP's setting stores none). */
export function winHttpProxyAt(host: string, port: number): ProbeProxy {
  return {
    host,
    port,
    kind: 'http',
    auth: 'none',
    username: null,
    password: null,
    hasPassword: false,
    source: 'winhttp',
  };
}
