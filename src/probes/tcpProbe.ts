// TCP: can this endpoint open a connection to the update server's port, or to the proxy when one is in force?
import type { ProbeResult } from '../contract/types';
import { connectDirect } from './connect';
import { proxyLabel, type ProbeContext } from './context';
import { ProbeError } from './deadline';
import { authority } from './proxy/authority';
import { runProbe } from './runProbe';

export function probeTcp(ctx: ProbeContext): Promise<ProbeResult> {
  const { host, port } = ctx.proxy ?? ctx.server;
  const target = ctx.proxy ? proxyLabel(ctx.proxy) : authority(host, port);
  return runProbe(ctx.proxy ? 'proxy-tcp' : 'tcp', target, ctx.deadline, false, async () => {
    try {
      const socket = await connectDirect(host, port, ctx.deadline.remainingMs());
      socket.destroy();
    } catch (err) {
      // Through a proxy, failing to reach the proxy is the finding, whatever the socket said.
      if (ctx.proxy && err instanceof ProbeError)
        throw new ProbeError('proxy_unreachable', `proxy ${target}: ${err.message}`);
      throw err;
    }
  });
}
