// What every probe needs to know: the target, the proxy in force (with its secret), trust anchors and the deadline.
import type { SecureContext } from 'node:tls';
import type { ProxySettings } from '../types';
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
