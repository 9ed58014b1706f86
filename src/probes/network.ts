// The network layer's single entry point. The bundle embeds it (with undici and the certificate parser) as a
// separately compiled chunk, loaded on first use: `detect --offline` never pays for parsing it.
import { proxyFor } from '../evidence/winHttpProxy';
import type { WinHttpProxyInfo } from '../contract/types';
import { winHttpProxyAt, type ProbeContext, type ProbeProxy, type WinHttpRoute } from './context';
import { Deadline } from './deadline';
import { runNetworkChecks, type NetworkChecks, type RouteChoices } from './runProbes';
import { trustAnchorsFor } from './trustAnchors';
import type { ServerTarget } from './updateServer';

export type { NetworkChecks, RouteChoices };

export interface NetworkRequest {
  server: ServerTarget;
  proxy: ProbeProxy | null;
  /** Extra trust anchors (PEM text of --ca-file). */
  caPem: string | null;
  /** Test seams standing in for the Windows store and a public bundle, as PEM text (see trustAnchors.ts). */
  testTrustStorePem?: string | null;
  testPublicRootsPem?: string | null;
  /** When every check must be over (epoch ms): counted from when the checks were asked for, loading included. */
  endsAt: number;
  referenceUrl: string | null;
  /** PAC and WinHTTP routes (absent: the proxy above, or direct, is the only path). */
  routes?: RouteChoices;
  /** The machine's WinHTTP setting, which revocation and root fetches go through (null or absent: direct). */
  winHttpProxy?: WinHttpProxyInfo | null;
  /** Automatic root update and its URL, for a public root missing from the store. */
  rootUpdate?: ProbeContext['rootUpdate'];
}

export async function checkNetwork(request: NetworkRequest): Promise<NetworkChecks> {
  // Loaded before any probe starts: module loading blocks the thread and would otherwise stall probes mid-flight.
  await import('undici');
  const trust = trustAnchorsFor(request);
  const deadline = new Deadline(request.endsAt);
  return runNetworkChecks(
    {
      server: request.server,
      proxy: request.proxy,
      secureContext: trust.secureContext,
      trust,
      deadline,
      winHttp: winHttpRoute(request.winHttpProxy ?? null),
      ...(request.rootUpdate ? { rootUpdate: request.rootUpdate } : {}),
    },
    request.referenceUrl,
    request.routes,
  );
}

/** WinHTTP's proxy for each URL (its scheme's entry, the bypass list applied). */
export function winHttpRoute(setting: WinHttpProxyInfo | null): WinHttpRoute {
  return {
    proxyFor: (url) => {
      const address = setting?.proxyServers ? proxyFor(url, setting.proxyServers, setting.bypassList) : null;
      return address ? winHttpProxyAt(address.host, address.port) : null;
    },
  };
}
