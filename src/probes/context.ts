// What every probe needs to know: the target, the proxy in force (with its secret), trust anchors and the deadline.
import type { SecureContext } from 'node:tls';
import type { ProxySettings } from '../types';
import type { Deadline } from './deadline';
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
}

export function proxyAuthorization(proxy: ProbeProxy): string | null {
  if (!proxy.username) return null;
  return `Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')}`;
}

export function proxyLabel(proxy: ProbeProxy): string {
  return `${proxy.host}:${proxy.port}`;
}
