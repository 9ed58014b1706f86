// The latest published TETRA version, from versions.id (the machine-readable AV Definition Summary).
import type { ProbeResult } from '../contract/types';
import { proxyForUrl, type ProbeContext } from './context';
import { ProbeError } from './deadline';
import { httpGet } from './httpGet';
import { runProbe } from './runProbe';

export function fetchReferenceVersion(
  url: string,
  ctx: Pick<ProbeContext, 'proxy' | 'secureContext' | 'deadline' | 'routeFor'>,
): Promise<ProbeResult> {
  return runProbe('reference', url, ctx.deadline, ctx.proxy !== null, async () => {
    const response = await httpGet(url, {
      timeoutMs: ctx.deadline.remainingMs(),
      proxy: await proxyForUrl(ctx, url),
      secureContext: ctx.secureContext,
      maxBodyBytes: 256 * 1024,
    });
    if (response.status !== 200)
      throw new ProbeError('http_status', `versions.id answered HTTP ${response.status}`, { status: response.status });
    const latestVersion = parseVersionsId(response.body.toString('latin1'));
    if (latestVersion === null) throw new ProbeError('bad_response', 'versions.id holds no value="<number>"');
    return { detail: { latestVersion } };
  });
}

/** versions.id carries the latest definition number as value="<N>". */
export function parseVersionsId(body: string): number | null {
  const match = /value\s*=\s*"(\d{1,12})"/.exec(body);
  return match ? Number(match[1]) : null;
}
