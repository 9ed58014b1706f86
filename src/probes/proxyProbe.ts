// Proxy: does the proxy accept our credentials and open a tunnel to the update server (CONNECT host:443, or the
// SOCKS equivalent)?
import type { ProbeResult } from '../contract/types';
import { proxyLabel, type ProbeContext, type ProbeProxy } from './context';
import { authority } from './proxy/authority';
import { openTunnel } from './proxy/tunnel';
import { runProbe } from './runProbe';

export function probeProxyTunnel(ctx: ProbeContext & { proxy: ProbeProxy }): Promise<ProbeResult> {
  const { host, port } = ctx.server;
  return runProbe('proxy', `${proxyLabel(ctx.proxy)} -> ${authority(host, port)}`, ctx.deadline, true, async () => {
    const socket = await openTunnel(ctx.proxy, host, port, ctx.deadline.remainingMs());
    socket.destroy();
    return { detail: { kind: ctx.proxy.kind, auth: ctx.proxy.auth, authenticated: ctx.proxy.username !== null } };
  });
}
