// PAC: fetch and evaluate the policy's PAC file, ask it for the update server's URL, and pick the route the way a
// WinHTTP client fails over: the entries in order, the first proxy that accepts a TCP connection (or DIRECT).
// The chosen route is then probed like any configured proxy; the tries are in this probe's detail.
import type { ProbeResult } from '../contract/types';
import { connectDirect } from './connect';
import { proxyLabel, type ProbeContext, type ProbeProxy } from './context';
import { ProbeError } from './deadline';
import { loadPac, pacProxy, type Pac, type PacCredentials, type PacEntry } from './proxy/pac';
import { runProbe } from './runProbe';

/** How long one PAC entry's proxy gets to accept a connection before the next entry is tried. */
const FAILOVER_CONNECT_MS = 3000;

export interface PacRoute {
  result: ProbeResult;
  /** null: DIRECT, or the PAC could not be used (then `pac` is null too). */
  proxy: ProbeProxy | null;
  pac: Pac | null;
  /** Proxies (by label) that did not accept a connection: other URLs fail over past them too. */
  down: Set<string>;
}

export async function probePac(ctx: ProbeContext, pacUrl: string, credentials: PacCredentials): Promise<PacRoute> {
  let pac: Pac | null = null;
  let proxy: ProbeProxy | null = null;
  const down = new Set<string>();
  let scriptRunning = false;
  const probed = await runProbe('pac', pacUrl, ctx.deadline, false, async () => {
    pac = await loadPac(pacUrl, ctx.deadline.remainingMs(), ctx.secureContext, () => (scriptRunning = true));
    const { returned, entries, unsupported, alerts } = await pac.find(ctx.server.url);
    if (entries.length === 0)
      throw new ProbeError('pac_invalid', `FindProxyForURL returned no entry tetra-doctor can use: "${returned}"`, {
        returned,
        unsupported,
        alerts,
      });
    const { chosen, tried } = await firstReachable(entries, credentials, ctx, down);
    proxy = chosen;
    return { detail: { returned, unsupported, tried, chosen: chosen ? proxyLabel(chosen) : 'DIRECT', alerts } };
  });
  const result = scriptRunning ? pacOverran(probed) : probed;
  return { result, proxy, pac: result.ok ? pac : null, down };
}

/** The deadline passing while the PAC file's script ran (a main thread busy starting the sandbox can let the overall
 * deadline fire first) is the PAC file's failure, never a server's that was not even tried. */
function pacOverran(result: ProbeResult): ProbeResult {
  if (result.ok || result.failure !== 'timeout') return result;
  return {
    ...result,
    failure: 'pac_invalid',
    error: `the PAC file's script did not answer before the deadline (${result.error})`,
  };
}

async function firstReachable(
  entries: PacEntry[],
  credentials: PacCredentials,
  ctx: ProbeContext,
  down: Set<string>,
): Promise<{ chosen: ProbeProxy | null; tried: string[] }> {
  const tried: string[] = [];
  for (const entry of entries) {
    if (entry.kind === 'direct') return { chosen: null, tried: [...tried, 'DIRECT'] };
    const proxy = pacProxy(entry, credentials);
    tried.push(proxyLabel(proxy));
    try {
      (
        await connectDirect(proxy.host, proxy.port, Math.min(FAILOVER_CONNECT_MS, ctx.deadline.remainingMs()))
      ).destroy();
      return { chosen: proxy, tried };
    } catch {
      // The next entry, as a failing-over client would.
      down.add(proxyLabel(proxy));
    }
  }
  // None answered: probe the first, so that the path's probes say why it fails.
  const first = entries[0];
  return { chosen: first.kind === 'direct' ? null : pacProxy(first, credentials), tried };
}

/** For other URLs (revocation, versions.id): the PAC's first entry for that URL that is not known to be down. */
export function pacRouteFor(route: PacRoute, credentials: PacCredentials): (url: string) => Promise<ProbeProxy | null> {
  const { proxy: fallback, pac } = route;
  return async (url) => {
    if (pac === null) return fallback;
    try {
      const entries = (await pac.find(url)).entries;
      const first =
        entries.find((e) => e.kind === 'direct' || !route.down.has(proxyLabel(pacProxy(e, credentials)))) ?? entries[0];
      if (!first) return fallback;
      return first.kind === 'direct' ? null : pacProxy(first, credentials);
    } catch {
      return fallback;
    }
  };
}
