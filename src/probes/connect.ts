// Opens a TCP path to a target, directly or through an HTTP proxy's CONNECT tunnel, telling apart how it failed.
import http from 'node:http';
import net from 'node:net';
import { classifyError } from './classifyError';
import { proxyAuthorization, type ProbeProxy } from './context';
import { ProbeError, withTimeout } from './deadline';

export function connectDirect(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  const socket = net.connect({ host, port });
  const connected = new Promise<net.Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('error', (err) => {
      const { failure, message } = classifyError(err, { viaProxy: false });
      reject(new ProbeError(failure, message));
    });
  });
  return withTimeout(connected, timeoutMs, 'timeout', `TCP connect to ${host}:${port}`, () => socket.destroy());
}

/** CONNECT host:port through the proxy; proxy unreachable, 407 and any other refusal are distinct failures. */
export function connectThroughProxy(proxy: ProbeProxy, host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  const auth = proxyAuthorization(proxy);
  const request = http.request({
    host: proxy.host,
    port: proxy.port,
    method: 'CONNECT',
    path: `${host}:${port}`,
    agent: false,
    headers: { host: `${host}:${port}`, ...(auth ? { 'proxy-authorization': auth } : {}) },
  });
  let reachedProxy = false;
  request.once('socket', (socket: net.Socket) => socket.once('connect', () => (reachedProxy = true)));
  const tunnel = new Promise<net.Socket>((resolve, reject) => {
    request.once('connect', (response, socket) => {
      if (response.statusCode === 200) return resolve(socket);
      socket.destroy();
      const failure = response.statusCode === 407 ? 'proxy_auth' : 'proxy_tunnel';
      reject(new ProbeError(failure, `proxy answered CONNECT ${host}:${port} with ${response.statusCode} ${response.statusMessage ?? ''}`.trim()));
    });
    request.once('error', (err) => {
      const { message } = classifyError(err, { viaProxy: true });
      reject(new ProbeError(reachedProxy ? 'proxy_tunnel' : 'proxy_unreachable', reachedProxy ? `proxy closed the CONNECT: ${message}` : `proxy ${proxy.host}:${proxy.port}: ${message}`));
    });
  });
  request.end();
  return withTimeout(tunnel, timeoutMs, 'proxy_unreachable', `CONNECT through proxy ${proxy.host}:${proxy.port}`, () =>
    request.destroy(),
  ).catch((err: unknown) => {
    // A proxy that accepted the connection but never answered CONNECT is reached: its tunnel failed.
    if (err instanceof ProbeError && err.failure === 'proxy_unreachable' && reachedProxy && /did not complete/.test(err.message)) {
      throw new ProbeError('proxy_tunnel', `proxy ${proxy.host}:${proxy.port} accepted the connection but did not answer CONNECT in time`);
    }
    throw err;
  });
}
