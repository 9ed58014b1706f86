// One HTTP GET that reads the whole body, directly or through the proxy of whatever kind, with no connection reuse
// (Wine needs that). Through an HTTP proxy a plain-http URL is asked for in absolute form (GET http://...), as
// WinHTTP does; everything else (https through an HTTP proxy, any URL through SOCKS, NTLM's connection-bound
// handshake) goes through the tunnel proxy/tunnel.ts opens.
import tls, { type SecureContext } from 'node:tls';
import net from 'node:net';
import type { Dispatcher } from 'undici';
import type { ProbeProxy } from './context';
import { ProbeError } from './deadline';
import { authority, bareHost } from './proxy/authority';
import { basicCredential, rejectionOf } from './proxy/proxyAuth';
import { openTunnel } from './proxy/tunnel';

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
  const dispatcher = dispatcherFor(undici, url, options);
  const absoluteForm = absoluteFormProxy(url, options.proxy);
  const signal = AbortSignal.timeout(Math.max(1, options.timeoutMs));
  const common = { signal, method: 'GET' as const, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs };
  try {
    // Absolute form: the request goes to the proxy's origin with the whole URL as its target, so that a 407 comes
    // back as an answer whose Proxy-Authenticate can be read (undici's own proxy agent turns it into an error).
    const response = absoluteForm
      ? await dispatcher.request({
          ...common,
          origin: `http://${authority(absoluteForm.host, absoluteForm.port)}`,
          path: url,
          headers: absoluteFormHeaders(url, absoluteForm),
        })
      : await undici.request(url, {
          dispatcher,
          ...common,
          maxRedirections: 0,
          headers: { 'user-agent': 'tetra-doctor', connection: 'close' },
        } as Parameters<typeof undici.request>[1]);
    if (absoluteForm && response.statusCode === 407) {
      response.body.resume();
      throw rejectionOf({ status: 407, headers: headerPairs(response.headers) }, absoluteForm, 'first');
    }
    const body = await readCapped(response.body, options.maxBodyBytes);
    return { status: response.statusCode, bodyBytes: body.total, body: body.kept };
  } finally {
    dispatcher.destroy().catch(() => undefined);
  }
}

/** Plain http through an HTTP proxy, Basic or no authentication: the proxy is asked for the absolute URL. */
/** The proxy a plain-http URL is asked of in absolute form (an HTTP proxy without NTLM), else null. */
function absoluteFormProxy(url: string, proxy: ProbeProxy | null): ProbeProxy | null {
  return proxy !== null && proxy.kind === 'http' && proxy.auth !== 'ntlm' && url.startsWith('http:') ? proxy : null;
}

function dispatcherFor(undici: typeof import('undici'), url: string, options: HttpGetOptions): Dispatcher {
  // keepAlive: false, because undici otherwise turns on TCP keep-alive for every socket it opens, and Wine 8's
  // sockets reject that setting: the request then fails with `UNKNOWN connect UNKNOWN`. A probe never reuses a
  // connection anyway.
  const proxy = options.proxy;
  if (!proxy) {
    const connect = {
      secureContext: options.secureContext,
      rejectUnauthorized: true,
      timeout: options.timeoutMs,
      keepAlive: false,
    };
    return new undici.Agent({ connect, pipelining: 0 });
  }
  if (absoluteFormProxy(url, proxy))
    return new undici.Agent({ connect: { timeout: options.timeoutMs, keepAlive: false }, pipelining: 0 });
  // undici's connector type wants a TLS socket type for every callback; a plain socket is what it takes for http.
  return new undici.Agent({
    connect: tunnelConnector(proxy, options) as unknown as import('undici').buildConnector.connector,
    pipelining: 0,
  });
}

/** undici's connector hook: the tunnel, then TLS over it for https. */
function tunnelConnector(proxy: ProbeProxy, options: HttpGetOptions) {
  return (
    opts: { hostname: string; port: string; protocol: string },
    callback: (err: Error | null, socket: net.Socket | null) => void,
  ) => {
    const host = bareHost(opts.hostname);
    const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
    openTunnel(proxy, host, port, options.timeoutMs).then(
      (socket) => {
        if (opts.protocol !== 'https:') return callback(null, socket);
        // `host` is what the certificate is checked against; SNI carries names only.
        const secure = tls.connect({
          socket,
          host,
          servername: net.isIP(host) ? undefined : host,
          secureContext: options.secureContext,
          rejectUnauthorized: true,
        });
        secure.once('secureConnect', () => callback(null, secure));
        secure.once('error', (err) => {
          socket.destroy();
          callback(err, null);
        });
      },
      (err: Error) => callback(err, null),
    );
  };
}

function absoluteFormHeaders(url: string, proxy: ProbeProxy): Record<string, string> {
  const credential = basicCredential(proxy);
  return {
    host: new URL(url).host,
    'user-agent': 'tetra-doctor',
    connection: 'close',
    ...(credential ? { 'proxy-authorization': credential } : {}),
  };
}

function headerPairs(headers: Record<string, string | string[] | undefined>): Array<[string, string]> {
  return Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v): [string, string] => [
      name.toLowerCase(),
      v,
    ]),
  );
}

/** Reads the whole body (a download must complete) but keeps only the first `max` bytes. */
async function readCapped(body: AsyncIterable<Buffer>, max: number): Promise<{ kept: Buffer; total: number }> {
  const kept: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      if (total < max) kept.push(chunk.subarray(0, max - total));
      total += chunk.length;
      if (total > max * 4)
        throw new ProbeError('bad_response', `body is larger than ${max * 4} bytes; stopped reading`);
    }
  } catch (err) {
    if (err instanceof ProbeError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const timedOut =
      /TIMEOUT|ABORT/.test(code) || (err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError';
    throw new ProbeError(
      timedOut ? 'timeout' : 'interrupted',
      `connection ended after ${total} bytes of the body (${code || (err as Error).message})`,
    );
  }
  return { kept: Buffer.concat(kept), total };
}

/** One GET whose failure is a value, not a throw: what revocation and root fetches record per URL. */
export interface Fetched {
  status: number | null;
  body: Buffer | null;
  error: string | null;
}

export async function fetchOrReason(url: string, options: HttpGetOptions): Promise<Fetched> {
  try {
    const response = await httpGet(url, options);
    if (response.bodyBytes > response.body.length)
      return { status: response.status, body: null, error: `the answer is larger than ${response.body.length} bytes` };
    return { status: response.status, body: response.body, error: null };
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    return { status: null, body: null, error: `${error.code ?? ''} ${error.message ?? String(err)}`.trim() };
  }
}
