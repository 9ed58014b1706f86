// Runs every network check at once, each bounded by what is left of one overall deadline.
import { isIP } from 'node:net';
import type { ProbeResult } from '../types';
import { fetchReferenceVersion } from './reference';
import type { ProbeContext, ProbeProxy } from './context';
import { probeDns } from './dnsProbe';
import { probeHttp } from './httpProbe';
import { probeProxyTunnel } from './proxyProbe';
import { probeRevocation } from './revocationProbe';
import { probeTcp } from './tcpProbe';
import { probeTls } from './tlsProbe';

export interface NetworkChecks {
  probes: ProbeResult[];
  reference: ProbeResult | null;
}

export async function runNetworkChecks(ctx: ProbeContext, referenceUrl: string | null): Promise<NetworkChecks> {
  const reference = referenceUrl ? fetchReferenceVersion(referenceUrl, ctx) : Promise.resolve(null);
  const [path, referenceResult] = await Promise.all([probeUpdatePath(ctx), reference]);
  return { probes: referenceResult ? [...path, referenceResult] : path, reference: referenceResult };
}

/** Direct: DNS, TCP, TLS (then revocation) and HTTP. Through a proxy, the proxy resolves the name, so DNS and
 * TCP are about the proxy, and the tunnel itself is a probe. Independent steps run concurrently. */
async function probeUpdatePath(ctx: ProbeContext): Promise<ProbeResult[]> {
  // A plain-HTTP server (only ever given by --update-server) has no handshake or certificate to check.
  const tlsThenRevocation = ctx.server.url.startsWith('http:') ? Promise.resolve([]) : probeTls(ctx).then(async ({ result, chain }) => [result, ...(await probeRevocation(ctx, chain))]);
  const first: Array<Promise<ProbeResult | ProbeResult[]>> = ctx.proxy
    ? [probeTcp(ctx), probeProxyTunnel(ctx as ProbeContext & { proxy: ProbeProxy })]
    : [...(isIP(ctx.server.host) ? [] : [probeDns(ctx)]), probeTcp(ctx)];
  const results = await Promise.all([...first, tlsThenRevocation, probeHttp(ctx)]);
  return results.flat();
}
