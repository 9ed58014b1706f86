// Proxy: does the proxy accept our credentials and open a tunnel to the update server (CONNECT host:443)?
import type { ProbeResult } from '../types';
import { connectThroughProxy } from './connect';
import { proxyLabel, type ProbeContext, type ProbeProxy } from './context';
import { runProbe } from './runProbe';

export function probeProxyTunnel(ctx: ProbeContext & { proxy: ProbeProxy }): Promise<ProbeResult> {
  const { host, port } = ctx.server;
  return runProbe('proxy', `${proxyLabel(ctx.proxy)} -> ${host}:${port}`, ctx.deadline, true, async () => {
    const socket = await connectThroughProxy(ctx.proxy, host, port, ctx.deadline.remainingMs());
    socket.destroy();
    return { detail: { authenticated: ctx.proxy.username !== null } };
  });
}
