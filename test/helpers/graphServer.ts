// A local stand-in for Entra ID (entraStandIn.ts: OpenID metadata and the token endpoint, as @azure/identity asks
// them) and Graph's deviceHealthScripts API on 127.0.0.1 over HTTPS with a private CA: name lookup by $filter,
// deviceRunStates pages linked by @odata.nextLink, and knobs for throttling (429 with Retry-After), a token that stops
// being accepted, and a page that never answers. The CLI trusts the CA through NODE_EXTRA_CA_CERTS.
import https from 'node:https';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphPage, type RunState } from './fleetData';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  handleEntra,
  newEntraState,
  standInCa,
  TENANT,
  type EntraOptions,
} from './entraStandIn';

export { CLIENT_ID, CLIENT_SECRET, TENANT };
export const REMEDIATION = { id: 'b0b0-tetra', name: "TETRA doctor (Bob's)" };

export interface GraphServerOptions extends EntraOptions {
  pages: RunState[][];
  /** Answer the first request for this page number (1-based) with 429 and this Retry-After. */
  throttlePage?: { page: number; retryAfter: string };
  /** After serving this page, the token issued so far is refused with 401 (it "expired"). */
  revokeTokenAfterPage?: number;
  /** This page never answers. */
  hangPage?: number;
  /** The nextLink of page 1 points at another host. */
  foreignNextLink?: boolean;
  /** Every page's nextLink points at the page itself. */
  selfNextLink?: boolean;
  /** The last page links to a next page anyway (an endless run of empty pages). */
  endlessPages?: boolean;
  /** This page answers with this many MB of JSON (whitespace inside its value array), sent in 1 MB pieces. */
  hugePage?: { page: number; megabytes: number };
}

export interface GraphLogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
}

export interface GraphServer {
  base: string;
  caFile: string;
  /** How each token was got ('secret' or 'certificate'). */
  grants: string[];
  env: NodeJS.ProcessEnv;
  args: string[];
  log: GraphLogEntry[];
  tokensIssued: number;
  close(): Promise<void>;
}

export async function startGraphServer(options: GraphServerOptions): Promise<GraphServer> {
  const { ca, caFile } = await standInCa();
  const leaf = await ca.issue({ hostnames: ['127.0.0.1'] });
  const entra = newEntraState();
  const state = { throttled: false };
  const log: GraphLogEntry[] = [];
  const server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (req, res) => {
    const url = new URL(req.url!, 'https://127.0.0.1');
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ at: Date.now(), method: req.method!, path: url.pathname + url.search, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (handleEntra(entra, options, req, url, body, reply, base())) return;
      if (!entra.validTokens.has((req.headers.authorization ?? '').replace(/^Bearer /, '')))
        return reply(401, {
          error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' },
        });
      if (url.pathname === '/beta/deviceManagement/deviceHealthScripts') return lookup(url, reply);
      if (url.pathname === `/beta/deviceManagement/deviceHealthScripts/${REMEDIATION.id}/deviceRunStates`)
        return runStates(url, reply, res);
      reply(404, { error: { code: 'ResourceNotFound', message: url.pathname } });
    });
  });

  function lookup(url: URL, reply: (s: number, b: unknown) => void) {
    const filter = url.searchParams.get('$filter');
    const expected = `displayName eq '${REMEDIATION.name.replace(/'/g, "''")}'`;
    reply(200, { value: filter === expected ? [{ id: REMEDIATION.id, displayName: REMEDIATION.name }] : [] });
  }

  function runStates(
    url: URL,
    reply: (s: number, b: unknown, h?: Record<string, string>) => void,
    res: http.ServerResponse,
  ) {
    if (url.searchParams.get('$expand') !== 'managedDevice')
      return reply(400, { error: { code: 'BadRequest', message: 'expand managedDevice to get device names' } });
    const page = Number(url.searchParams.get('$skiptoken') ?? '1');
    if (options.hangPage === page) return; // never answers
    if (options.hugePage?.page === page) return sendHuge(res, options.hugePage.megabytes);
    if (options.throttlePage?.page === page && !state.throttled) {
      state.throttled = true;
      return reply(
        429,
        { error: { code: 'TooManyRequests', message: 'throttled' } },
        { 'retry-after': options.throttlePage.retryAfter },
      );
    }
    const self = `${base()}/beta/deviceManagement/deviceHealthScripts/${REMEDIATION.id}/deviceRunStates?$expand=managedDevice&$skiptoken=${page}`;
    if (options.selfNextLink) return reply(200, graphPage(options.pages[page - 1] ?? [], self));
    if (options.endlessPages && page >= options.pages.length)
      return reply(
        200,
        graphPage(options.pages[page - 1] ?? [], self.replace(/skiptoken=\d+$/, `skiptoken=${page + 1}`)),
      );
    const next =
      page < options.pages.length
        ? `${options.foreignNextLink ? 'http://graph.attacker.invalid/beta' : `${base()}/beta`}/deviceManagement/deviceHealthScripts/${REMEDIATION.id}/deviceRunStates?$expand=managedDevice&$skiptoken=${page + 1}`
        : undefined;
    reply(200, graphPage(options.pages[page - 1], next));
    if (options.revokeTokenAfterPage === page) entra.validTokens.clear();
  }

  /** Waits for the client to take more, or to hang up; the listener that did not fire is removed (80 MB of pieces
   * would otherwise leave 80 'close' listeners behind). */
  function drainedOrClosed(res: http.ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        res.off('drain', done).off('close', done);
        resolve();
      };
      res.once('drain', done).once('close', done);
    });
  }

  /** Valid JSON however long, written as the client takes it; stops when the client hangs up. */
  async function sendHuge(res: http.ServerResponse, megabytes: number) {
    const piece = ' '.repeat(1024 * 1024);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"value":[');
    for (let i = 0; i < megabytes && !res.destroyed; i++) if (!res.write(piece)) await drainedOrClosed(res);
    if (!res.destroyed) res.end(']}');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = () => `https://127.0.0.1:${port}`;
  return {
    base: base(),
    caFile,
    grants: entra.grants,
    env: {
      TETRA_GRAPH_TENANT_ID: TENANT,
      TETRA_GRAPH_CLIENT_ID: CLIENT_ID,
      TETRA_GRAPH_CLIENT_SECRET: CLIENT_SECRET,
      NODE_EXTRA_CA_CERTS: caFile,
    },
    args: ['--graph', '--graph-url', `${base()}/beta`, '--login-url', base()],
    log,
    get tokensIssued() {
      return entra.tokensIssued;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
