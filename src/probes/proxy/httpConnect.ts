// A tunnel through an HTTP proxy: CONNECT host:port on a socket of our own, so that a connection-bound NTLM handshake
// can run on it, and so that what the proxy asks for (Proxy-Authenticate) is read, not guessed. Tells apart: the
// proxy cannot be reached, it rejected the credentials, it asks for a scheme we do not speak (NTLM without
// credentials, Negotiate/Kerberos), and it refused the tunnel.
import net from 'node:net';
import type { ProbeProxy } from '../context';
import { classifyError } from '../classifyError';
import { ProbeError, withTimeout } from '../deadline';
import { authority } from './authority';
import { authSchemes, basicCredential, rejectionOf } from './proxyAuth';
import { ntlmAuthenticate, ntlmNegotiate } from './ntlm';

/** A proxy's answer head is small; anything larger is not a proxy worth reading further. */
const MAX_HEAD_BYTES = 16 * 1024;
/** A 407's body is skipped before the next step of a handshake on the same connection. */
const MAX_SKIPPED_BODY_BYTES = 64 * 1024;

interface ProxyAnswer {
  status: number;
  reason: string;
  headers: Array<[string, string]>;
}

export function connectThroughHttpProxy(
  proxy: ProbeProxy,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<net.Socket> {
  const socket = net.connect({ host: proxy.host, port: proxy.port });
  socket.setNoDelay(true);
  let reachedProxy = false;
  const work = (async () => {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => {
        reachedProxy = true;
        resolve();
      });
      socket.once('error', (err) =>
        reject(
          new ProbeError(
            'proxy_unreachable',
            `proxy ${authority(proxy.host, proxy.port)}: ${classifyError(err, { viaProxy: true }).message}`,
          ),
        ),
      );
    });
    return handshake(socket, proxy, authority(host, port));
  })();
  return withTimeout(
    work,
    timeoutMs,
    'proxy_unreachable',
    `CONNECT through proxy ${authority(proxy.host, proxy.port)}`,
    () => socket.destroy(),
  ).catch((err: unknown) => {
    socket.destroy();
    // A proxy that accepted the connection but never answered CONNECT is reached: its tunnel failed.
    if (err instanceof ProbeError && err.failure === 'proxy_unreachable' && reachedProxy) {
      throw new ProbeError(
        'proxy_tunnel',
        `proxy ${authority(proxy.host, proxy.port)} accepted the connection but did not answer CONNECT in time`,
      );
    }
    throw err;
  });
}

/** CONNECT, and for NTLM the second CONNECT answering the challenge, on the same connection. */
async function handshake(socket: net.Socket, proxy: ProbeProxy, target: string): Promise<net.Socket> {
  const reader = new HeadReader(socket);
  const ntlmUser = proxy.auth === 'ntlm' ? proxy.username : null;
  const ntlm = ntlmUser !== null;
  const first = ntlm
    ? ntlmNegotiate()
    : proxy.auth === 'basic' || (proxy.auth === 'none' && proxy.username)
      ? basicCredential(proxy)
      : null;
  socket.write(connectRequest(target, first));
  let answer = await reader.next();
  if (ntlmUser !== null && answer.status === 407) {
    const challenge = answer.headers.find(
      ([name, value]) => name === 'proxy-authenticate' && /^NTLM\s+\S/i.test(value),
    );
    if (!challenge) throw rejectionOf(answer, proxy, 'negotiate');
    const type3 = ntlmAuthenticate(challenge[1], ntlmUser, proxy.password ?? '');
    if (!type3)
      throw new ProbeError(
        'proxy_auth_scheme',
        'the proxy answered the NTLM negotiation with a challenge that cannot be decoded',
      );
    await reader.skipBody(answer);
    if (socket.destroyed || reader.ended)
      throw new ProbeError('proxy_auth_scheme', 'the proxy closed the connection in the middle of the NTLM handshake');
    socket.write(connectRequest(target, type3));
    answer = await reader.next();
  }
  if (answer.status >= 200 && answer.status < 300) {
    reader.release();
    return socket;
  }
  if (answer.status === 407) throw rejectionOf(answer, proxy, ntlm ? 'authenticate' : 'first');
  throw new ProbeError(
    'proxy_tunnel',
    `proxy answered CONNECT ${target} with ${answer.status} ${answer.reason}`.trim(),
    { status: answer.status, schemes: authSchemes(answer) },
  );
}

function connectRequest(target: string, credential: string | null): string {
  const lines = [
    `CONNECT ${target} HTTP/1.1`,
    `Host: ${target}`,
    'Proxy-Connection: keep-alive',
    'User-Agent: tetra-doctor',
  ];
  if (credential) lines.push(`Proxy-Authorization: ${credential}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Reads answer heads off the socket; what follows a 2xx head belongs to the tunnel and is handed back to it. */
class HeadReader {
  private buffered = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  private failure: Error | null = null;
  ended = false;

  constructor(private readonly socket: net.Socket) {
    socket.on('data', this.onData);
    socket.once('end', this.onEnd);
    socket.once('close', this.onEnd);
    socket.on('error', this.onError);
  }

  private readonly onData = (chunk: Buffer) => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.wake();
  };

  private readonly onEnd = () => {
    this.ended = true;
    this.wake();
  };

  private readonly onError = (err: Error) => {
    this.failure = err;
    this.wake();
  };

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  private async more(): Promise<void> {
    if (this.failure)
      throw new ProbeError(
        'proxy_tunnel',
        `the proxy connection failed: ${classifyError(this.failure, { viaProxy: true }).message}`,
      );
    if (this.ended) throw new ProbeError('proxy_tunnel', 'the proxy closed the connection before it answered CONNECT');
    await new Promise<void>((resolve) => (this.waiting = resolve));
  }

  async next(): Promise<ProxyAnswer> {
    for (;;) {
      const end = this.buffered.indexOf('\r\n\r\n');
      if (end >= 0) {
        const head = this.buffered.subarray(0, end).toString('latin1');
        this.buffered = this.buffered.subarray(end + 4);
        return parseHead(head);
      }
      if (this.buffered.length > MAX_HEAD_BYTES)
        throw new ProbeError('proxy_tunnel', `the proxy's answer head is larger than ${MAX_HEAD_BYTES} bytes`);
      await this.more();
    }
  }

  /** Skips a 407's body (Content-Length only: a chunked or unbounded body ends the handshake). */
  async skipBody(answer: ProxyAnswer): Promise<void> {
    const length = Number(answer.headers.find(([name]) => name === 'content-length')?.[1] ?? '0');
    if (!Number.isSafeInteger(length) || length < 0 || length > MAX_SKIPPED_BODY_BYTES) {
      throw new ProbeError(
        'proxy_auth_scheme',
        'the proxy sent a 407 body that cannot be skipped in the middle of the NTLM handshake',
      );
    }
    while (this.buffered.length < length) await this.more();
    this.buffered = this.buffered.subarray(length);
  }

  /** Stops reading and gives back to the socket whatever arrived after the head (the tunnel's first bytes). */
  release(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    if (this.buffered.length > 0) this.socket.unshift(this.buffered);
  }
}

function parseHead(head: string): ProxyAnswer {
  const [statusLine, ...headerLines] = head.split('\r\n');
  const match = /^HTTP\/\d(?:\.\d)?\s+(\d{3})(?:\s+(.*))?$/.exec(statusLine ?? '');
  if (!match) throw new ProbeError('proxy_tunnel', 'the proxy answered CONNECT with something that is not HTTP');
  const headers: Array<[string, string]> = [];
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { status: Number(match[1]), reason: printable(match[2] ?? ''), headers };
}

/** A reason phrase is the proxy's own text: printable ASCII only. A long one is left out whole, never cut: a cut
 * could leave part of an echoed secret that redaction by value no longer recognises. */
function printable(text: string): string {
  const shown = text.replace(/[^\x20-\x7e]/g, '?').trim();
  return shown.length <= 200 ? shown : `(a reason phrase of ${shown.length} characters, not shown)`;
}
