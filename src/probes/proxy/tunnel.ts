// One way to reach host:port for every probe, whatever the proxy kind: direct, a CONNECT tunnel through an HTTP
// proxy, or a SOCKS tunnel. TLS, HTTP, revocation and the reference fetch all open their connections here.
import type net from 'node:net';
import { connectDirect } from '../connect';
import type { ProbeProxy } from '../context';
import { connectThroughHttpProxy } from './httpConnect';
import { connectThroughSocks } from './socks';

export function openTunnel(
  proxy: ProbeProxy | null,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<net.Socket> {
  if (!proxy) return connectDirect(host, port, timeoutMs);
  if (proxy.kind === 'http') return connectThroughHttpProxy(proxy, host, port, timeoutMs);
  return connectThroughSocks(proxy, host, port, timeoutMs, connectDirect);
}
