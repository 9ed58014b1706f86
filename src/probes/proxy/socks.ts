// A tunnel through a SOCKS proxy, with the maintained `socks` client: versions 4, 4a and 5 (user name and password
// for 5, a user id for 4). socks4 and socks5 resolve the target here, as a client configured so would; socks4a and
// socks5h hand the name to the proxy. Reaching the proxy is our own TCP connect, so "unreachable" is told apart from
// what the SOCKS exchange says (credentials rejected, target refused).
import { promises as dns } from 'node:dns';
import net from 'node:net';
import { SocksClient } from 'socks';
import type { ProbeProxy } from '../context';
import { ProbeError, withTimeout } from '../deadline';
import { authority } from './authority';
import { socksCredentialProblem } from './socksLimits';

export async function connectThroughSocks(
  proxy: ProbeProxy,
  host: string,
  port: number,
  timeoutMs: number,
  openTcp: (host: string, port: number, timeoutMs: number) => Promise<net.Socket>,
): Promise<net.Socket> {
  const started = Date.now();
  const left = () => Math.max(1, timeoutMs - (Date.now() - started));
  const destination = await destinationFor(proxy, host, left());
  let socket: net.Socket;
  try {
    socket = await openTcp(proxy.host, proxy.port, left());
  } catch (err) {
    throw new ProbeError(
      'proxy_unreachable',
      `SOCKS proxy ${authority(proxy.host, proxy.port)}: ${(err as Error).message}`,
    );
  }
  const version = proxy.kind === 'socks4' || proxy.kind === 'socks4a' ? 4 : 5;
  const problem = socksCredentialProblem(proxy.kind, proxy.username, proxy.password);
  if (problem) {
    socket.destroy();
    throw new ProbeError('proxy_auth', `the credentials cannot be sent to the SOCKS ${version} proxy: ${problem}`);
  }
  const restore = guardLibraryHandlers(socket);
  const exchange = SocksClient.createConnection({
    command: 'connect',
    destination: { host: destination, port },
    existing_socket: socket,
    timeout: left(),
    proxy: {
      host: proxy.host,
      port: proxy.port,
      type: version,
      ...(proxy.username
        ? version === 5
          ? { userId: proxy.username, password: proxy.password ?? '' }
          : { userId: proxy.username }
        : {}),
    },
  }).then(
    (established) => {
      restore();
      return established.socket;
    },
    (err: Error) => {
      restore();
      socket.destroy();
      throw socksFailure(err, version, authority(host, port));
    },
  );
  return withTimeout(
    exchange,
    left(),
    'proxy_tunnel',
    `SOCKS ${version} exchange with ${authority(proxy.host, proxy.port)}`,
    () => socket.destroy(),
  );
}

/** socks4 and socks5 send an address resolved here (SOCKS 4 carries IPv4 only); the 'a'/'h' kinds send the name. */
async function destinationFor(proxy: ProbeProxy, host: string, timeoutMs: number): Promise<string> {
  if (net.isIP(host) || proxy.kind === 'socks4a' || proxy.kind === 'socks5h') {
    if (net.isIPv6(host) && (proxy.kind === 'socks4' || proxy.kind === 'socks4a'))
      throw new ProbeError('proxy_tunnel', `SOCKS 4 cannot carry the IPv6 address ${host}`);
    return host;
  }
  const lookup = dns.lookup(host, proxy.kind === 'socks4' ? { family: 4 } : {}).catch((err: NodeJS.ErrnoException) => {
    throw new ProbeError(
      'dns',
      `${host} does not resolve on this endpoint (${err.code ?? err.message}); a ${proxy.kind} proxy needs it resolved here`,
    );
  });
  const { address } = await withTimeout(lookup, timeoutMs, 'dns', `DNS lookup of ${host}`);
  return address;
}

/** While the SOCKS library reads the proxy's answers on our socket, anything its handlers throw (an answer it did
 * not expect) ends the exchange as a failure instead of the process: every event the socket emits passes here. */
function guardLibraryHandlers(socket: net.Socket): () => void {
  const emit = socket.emit;
  socket.emit = function guarded(this: net.Socket, event: string | symbol, ...args: unknown[]): boolean {
    try {
      return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
    } catch {
      this.destroy(new Error(SOCKS_NOT_UNDERSTOOD));
      return false;
    }
  } as typeof socket.emit;
  return () => {
    socket.emit = emit;
  };
}

const SOCKS_NOT_UNDERSTOOD = 'the proxy sent an answer that is not SOCKS';

/** The library's words for what the proxy said, turned into ours; an exception of its own is never shown. */
function socksFailure(err: Error, version: 4 | 5, target: string): ProbeError {
  const message = err.message;
  if (/Authentication failed/i.test(message))
    return new ProbeError('proxy_auth', 'the SOCKS 5 proxy rejected the credentials');
  if (/no accepted authentication type/i.test(message))
    return new ProbeError(
      'proxy_auth',
      'the SOCKS 5 proxy accepts none of the offered authentication methods: it requires credentials',
    );
  const reply = /rejected connection - \(?([A-Za-z]{1,40})/.exec(message)?.[1];
  if (/rejected/i.test(message))
    return new ProbeError(
      'proxy_tunnel',
      `the SOCKS ${version} proxy refused the connection to ${target}${reply ? ` (${reply})` : ''}`,
    );
  if (/timed out|timeout/i.test(message))
    return new ProbeError('proxy_tunnel', `the SOCKS ${version} proxy did not answer in time for ${target}`);
  if (/Socket closed|ECONNRESET|closed/i.test(message))
    return new ProbeError('proxy_tunnel', `the SOCKS ${version} proxy closed the connection to ${target}`);
  return new ProbeError('proxy_tunnel', `the SOCKS ${version} exchange failed for ${target}: ${SOCKS_NOT_UNDERSTOOD}`);
}
