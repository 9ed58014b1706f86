// One HTTP GET that reads the whole body, directly or through the proxy, with no connection reuse (Wine needs that).
import type { SecureContext } from 'node:tls';
import type { Dispatcher } from 'undici';
import type { ProbeProxy } from './context';
import { proxyAuthorization } from './context';
import { ProbeError } from './deadline';

export interface HttpGetOptions {
  timeoutMs: number;
  proxy: ProbeProxy | null;
  secureContext: SecureContext;
  maxBodyBytes: number;
}

export interface HttpGetResult {
  status: number;
  bodyBytes: number;
  body: Buffer;
}

export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpGetResult> {
  // undici is loaded only when a command goes on the network, so `detect --offline` starts fast.
  const undici = await import('undici');
  // keepAlive: false, because undici otherwise turns on TCP keep-alive for every socket it opens, and Wine 8's
  // sockets reject that setting: the request then fails with `UNKNOWN connect UNKNOWN`. A probe never reuses a
  // connection anyway.
  const connect = { secureContext: options.secureContext, rejectUnauthorized: true, timeout: options.timeoutMs, keepAlive: false };
  const dispatcher: Dispatcher = options.proxy
    ? new undici.ProxyAgent({
        uri: `http://${options.proxy.host}:${options.proxy.port}`,
        token: proxyAuthorization(options.proxy) ?? undefined,
        requestTls: connect,
        proxyTls: { timeout: options.timeoutMs, keepAlive: false },
        pipelining: 0,
      })
    : new undici.Agent({ connect, pipelining: 0 });
  const signal = AbortSignal.timeout(Math.max(1, options.timeoutMs));
  try {
    const response = await undici.request(url, {
      dispatcher,
      signal,
      method: 'GET',
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      maxRedirections: 0,
      headers: { 'user-agent': 'tetra-doctor', connection: 'close' },
    } as Parameters<typeof undici.request>[1]);
    const body = await readCapped(response.body, options.maxBodyBytes);
    return { status: response.statusCode, bodyBytes: body.total, body: body.kept };
  } finally {
    dispatcher.destroy().catch(() => undefined);
  }
}

/** Reads the whole body (a download must complete) but keeps only the first `max` bytes. */
async function readCapped(body: AsyncIterable<Buffer>, max: number): Promise<{ kept: Buffer; total: number }> {
  const kept: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      if (total < max) kept.push(chunk.subarray(0, max - total));
      total += chunk.length;
      if (total > max * 4) throw new ProbeError('bad_response', `body is larger than ${max * 4} bytes; stopped reading`);
    }
  } catch (err) {
    if (err instanceof ProbeError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const timedOut = /TIMEOUT|ABORT/.test(code) || (err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError';
    throw new ProbeError(timedOut ? 'timeout' : 'interrupted', `connection ended after ${total} bytes of the body (${code || (err as Error).message})`);
  }
  return { kept: Buffer.concat(kept), total };
}
