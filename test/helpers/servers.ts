// Real servers on 127.0.0.1 for the tests: HTTPS with its own CA, plain HTTP, a black hole, a connection that
// drops mid-body, and an authenticating HTTP proxy. Every one tracks its sockets so that close() is immediate.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export interface Running {
  port: number;
  url: string;
  /** Requests (or CONNECTs) seen, for assertions on what reached the server. */
  hits: string[];
  /** When each request arrived (epoch ms), in the order of `hits`, for assertions on concurrency. */
  arrivals: number[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Where the test servers listen: 127.0.0.1, or ::1 for the IPv6 tests. */
export type LoopbackHost = '127.0.0.1' | '::1';

function track(
  server: net.Server,
  url: (port: number) => string,
  hits: string[],
  arrivals: number[] = [],
  host: LoopbackHost = '127.0.0.1',
): Promise<Running> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, host, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        url: url(port),
        hits,
        arrivals,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export function startHttp(handler: Handler): Promise<Running> {
  const hits: string[] = [];
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    arrivals.push(Date.now());
    handler(req, res);
  });
  return track(server, (port) => `http://127.0.0.1:${port}`, hits, arrivals);
}

export function startHttps(
  tlsOptions: { certPem: string; keyPem: string; chainPem?: string },
  handler: Handler,
  host: LoopbackHost = '127.0.0.1',
): Promise<Running> {
  const hits: string[] = [];
  const arrivals: number[] = [];
  const server = https.createServer(
    { cert: tlsOptions.certPem + (tlsOptions.chainPem ?? ''), key: tlsOptions.keyPem },
    (req, res) => {
      hits.push(`${req.method} ${req.url}`);
      arrivals.push(Date.now());
      handler(req, res);
    },
  );
  return track(server, (port) => `https://${host === '::1' ? '[::1]' : host}:${port}/`, hits, arrivals, host);
}

/** Accepts connections and never says a word. */
export function startBlackHole(): Promise<Running> {
  const hits: string[] = [];
  const server = net.createServer((socket) => {
    hits.push('connection');
    socket.on('error', () => undefined);
  });
  return track(server, (port) => `https://127.0.0.1:${port}/`, hits);
}

/** A port with nothing listening on it: connections are refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const ok200: Handler = (_req, res) => {
  res.writeHead(200, { 'content-length': '0' });
  res.end();
};

export const status =
  (code: number): Handler =>
  (_req, res) => {
    res.writeHead(code, { 'content-length': '0' });
    res.end();
  };

/** Promises 100000 bytes, sends 1000, then drops the connection. */
export const dropMidBody: Handler = (_req, res) => {
  res.writeHead(200, { 'content-length': '100000' });
  res.write(Buffer.alloc(1000, 0x41), () => setTimeout(() => res.socket?.destroy(), 20));
};

export const delayed =
  (ms: number, inner: Handler): Handler =>
  (req, res) => {
    setTimeout(() => inner(req, res), ms);
  };

export interface ProxyOptions {
  username?: string;
  password?: string;
  /** Answer every CONNECT with this status instead of tunnelling (to fake a proxy that refuses the target). */
  connectStatus?: number;
  /** Answer every request with 407 and these Proxy-Authenticate values (a proxy asking for NTLM or Negotiate). */
  challenge?: string[];
  host?: LoopbackHost;
}

/** A real HTTP proxy: CONNECT tunnels and absolute-form requests, Basic authentication when credentials are set. */
export function startProxy(options: ProxyOptions = {}): Promise<Running> {
  const hits: string[] = [];
  const expected = options.username
    ? `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`
    : null;
  const authorised = (req: http.IncomingMessage) =>
    !options.challenge && (expected === null || req.headers['proxy-authorization'] === expected);
  const challenge = (options.challenge ?? ['Basic realm="test"']).map((c) => `Proxy-Authenticate: ${c}\r\n`).join('');
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (!authorised(req)) {
      res.writeHead(407, { 'proxy-authenticate': options.challenge ?? 'Basic realm="test"', 'content-length': '0' });
      res.end();
      return;
    }
    const target = new URL(req.url ?? '/');
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502, { 'content-length': '0' });
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    hits.push(`CONNECT ${req.url}`);
    client.on('error', () => undefined);
    if (!authorised(req)) {
      client.end(`HTTP/1.1 407 Proxy Authentication Required\r\n${challenge}Content-Length: 0\r\n\r\n`);
      return;
    }
    if (options.connectStatus) {
      client.end(`HTTP/1.1 ${options.connectStatus} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    // host:port, or [v6]:port
    const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(req.url ?? '');
    const [host, port] = match ? [match[1], match[2]] : ['', '0'];
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
  });
  const host = options.host ?? '127.0.0.1';
  return track(server, (port) => `http://${host === '::1' ? '[::1]' : host}:${port}`, hits, [], host);
}

/** A TCP server whose every connection is handed to `onSocket`: for peers that do not speak HTTP properly. */
export function startRaw(onSocket: (socket: net.Socket) => void): Promise<Running> {
  const hits: string[] = [];
  const server = net.createServer((socket) => {
    hits.push('connection');
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  return track(server, (port) => `http://127.0.0.1:${port}`, hits);
}

/** Sends a valid response one byte every `everyMs`, never finishing in any useful time. */
export function trickle(text: string, everyMs: number): (socket: net.Socket) => void {
  return (socket) => {
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || i >= text.length) return clearInterval(timer);
      socket.write(text[i++]);
    }, everyMs);
    socket.on('close', () => clearInterval(timer));
  };
}

/** A 200 whose body never ends. */
export const endlessBody: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
};

/** Redirects every request to itself. */
export const redirectLoop: Handler = (req, res) => {
  res.writeHead(302, { location: req.url ?? '/', 'content-length': '0' });
  res.end();
};
