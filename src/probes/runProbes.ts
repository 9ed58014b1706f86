// Runs every network check at once, each bounded by what is left of one overall deadline.
import { isIP } from 'node:net';
import type { ProbeResult } from '../contract/types';
import { fetchReferenceVersion } from './reference';
import type { ProbeContext, ProbeProxy } from './context';
import { probeDns } from './dnsProbe';
import { probeHttp } from './httpProbe';
import { pacRouteFor, probePac } from './pacProbe';
import type { PacCredentials } from './proxy/pac';
import { probeProxyTunnel } from './proxyProbe';
import { probeRevocation } from './revocationProbe';
import { probeTcp } from './tcpProbe';
import { probeTls } from './tlsProbe';

export interface NetworkChecks {
  probes: ProbeResult[];
  reference: ProbeResult | null;
}

export interface RouteChoices {
  /** The policy's PAC file, with the credentials its HTTP proxies get; it decides the route when set. */
  pac: { url: string; credentials: PacCredentials } | null;
  /** The machine's WinHTTP proxy, probed as a second, labelled path (only when the connector's proxy is unknown). */
  winHttpProxy: ProbeProxy | null;
}

export async function runNetworkChecks(
  ctx: ProbeContext,
  referenceUrl: string | null,
  routes: RouteChoices = { pac: null, winHttpProxy: null },
): Promise<NetworkChecks> {
  const winHttp = routes.winHttpProxy
    ? probeUpdatePath({ ...ctx, proxy: routes.winHttpProxy }).then(labelAsWinHttp)
    : Promise.resolve([]);
  const main = routes.pac ? probeThroughPac(ctx, routes.pac, referenceUrl) : probeWith(ctx, referenceUrl);
  const [{ probes, reference }, winHttpProbes] = await Promise.all([main, winHttp]);
  return { probes: [...probes, ...winHttpProbes], reference };
}

async function probeWith(ctx: ProbeContext, referenceUrl: string | null): Promise<NetworkChecks> {
  const reference = referenceUrl ? fetchReferenceVersion(referenceUrl, ctx) : Promise.resolve(null);
  const [path, referenceResult] = await Promise.all([probeUpdatePath(ctx), reference]);
  return { probes: referenceResult ? [...path, referenceResult] : path, reference: referenceResult };
}

/** The PAC decides: when it cannot be used, that is the finding, and no path is guessed in its place. */
async function probeThroughPac(
  ctx: ProbeContext,
  pac: NonNullable<RouteChoices['pac']>,
  referenceUrl: string | null,
): Promise<NetworkChecks> {
  const route = await probePac(ctx, pac.url, pac.credentials);
  if (!route.pac) {
    const reference = referenceUrl
      ? notRun('reference', referenceUrl, 'not fetched: the PAC file that decides the route could not be used')
      : null;
    return { probes: reference ? [route.result, reference] : [route.result], reference };
  }
  const routed = await probeWith(
    { ...ctx, proxy: route.proxy, routeFor: pacRouteFor(route, pac.credentials) },
    referenceUrl,
  );
  return { probes: [route.result, ...routed.probes], reference: routed.reference };
}

function notRun(name: string, target: string, error: string): ProbeResult {
  return { name, target, ok: false, durationMs: 0, error, failure: 'not_run' };
}

/** The rules tell the WinHTTP path by `route`; the name prefix (winhttp-tls, ...) only tells a reader apart. */
function labelAsWinHttp(probes: ProbeResult[]): ProbeResult[] {
  return probes.map((p) => ({ ...p, name: `winhttp-${p.name}`, route: 'winhttp' }));
}

/** Direct: DNS, TCP, TLS (then revocation) and HTTP. Through a proxy, the proxy resolves the name, so DNS and
 * TCP are about the proxy, and the tunnel itself is a probe. Independent steps run concurrently. */
async function probeUpdatePath(ctx: ProbeContext): Promise<ProbeResult[]> {
  // A plain-HTTP server (only ever given by --update-server) has no handshake or certificate to check.
  const tlsThenRevocation = ctx.server.url.startsWith('http:')
    ? Promise.resolve([])
    : probeTls(ctx).then(async ({ result, chain }) => [result, ...(await probeRevocation(ctx, chain))]);
  // Through an HTTP proxy the endpoint may still resolve the name itself (policy nolocalresolvehost 0).
  const resolvesHere = !isIP(ctx.server.host) && (!ctx.proxy || ctx.proxy.resolvesLocally === true);
  const first: Array<Promise<ProbeResult | ProbeResult[]>> = [
    ...(resolvesHere ? [probeDns(ctx)] : []),
    probeTcp(ctx),
    ...(ctx.proxy ? [probeProxyTunnel(ctx as ProbeContext & { proxy: ProbeProxy })] : []),
  ];
  const results = await Promise.all([...first, tlsThenRevocation, probeHttp(ctx)]);
  return results.flat();
}
