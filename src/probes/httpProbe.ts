// HTTP: a GET of the update server that reads the whole answer (curl -v in the manual procedure; 200 is healthy).
import type { ProbeResult } from '../contract/types';
import type { ProbeContext } from './context';
import { ProbeError } from './deadline';
import { httpGet } from './httpGet';
import { runProbe } from './runProbe';

export function probeHttp(ctx: ProbeContext): Promise<ProbeResult> {
  const { url } = ctx.server;
  return runProbe('http', url, ctx.deadline, ctx.proxy !== null, async () => {
    const response = await httpGet(url, {
      timeoutMs: ctx.deadline.remainingMs(),
      proxy: ctx.proxy,
      secureContext: ctx.secureContext,
      maxBodyBytes: 1024 * 1024,
    });
    const detail = { status: response.status, bodyBytes: response.bodyBytes };
    if (response.status < 200 || response.status > 299) {
      throw new ProbeError('http_status', `server answered HTTP ${response.status}`, detail);
    }
    return { detail };
  });
}
