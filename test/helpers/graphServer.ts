// A local stand-in for Entra ID's token endpoint and Graph's deviceHealthScripts API on 127.0.0.1: client-credentials
// tokens, name lookup by $filter, deviceRunStates pages linked by @odata.nextLink, and knobs for throttling (429 with
// Retry-After), a token that stops being accepted, and a page that never answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphPage, type RunState } from './fleetData';

const TENANT = 'contoso-tenant';
const CLIENT_ID = 'app-client-id';
export const CLIENT_SECRET = 's3cr3t-V4lue~never-print-me';
export const REMEDIATION = { id: 'b0b0-tetra', name: "TETRA doctor (Bob's)" };

export interface GraphServerOptions {
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
  env: NodeJS.ProcessEnv;
  args: string[];
  log: GraphLogEntry[];
  tokensIssued: number;
  close(): Promise<void>;
}

export async function startGraphServer(options: GraphServerOptions): Promise<GraphServer> {
  const state = { tokensIssued: 0, validTokens: new Set<string>(), throttled: false };
  const log: GraphLogEntry[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ at: Date.now(), method: req.method!, path: url.pathname + url.search, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method === 'POST' && url.pathname === `/login/${TENANT}/oauth2/v2.0/token`)
        return token(new URLSearchParams(body), reply);
      if (!state.validTokens.has((req.headers.authorization ?? '').replace(/^Bearer /, '')))
        return reply(401, {
          error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' },
        });
      if (url.pathname === '/beta/deviceManagement/deviceHealthScripts') return lookup(url, reply);
      if (url.pathname === `/beta/deviceManagement/deviceHealthScripts/${REMEDIATION.id}/deviceRunStates`)
        return runStates(url, reply, res);
      reply(404, { error: { code: 'ResourceNotFound', message: url.pathname } });
    });
  });

  function token(form: URLSearchParams, reply: (s: number, b: unknown) => void) {
    if (
      form.get('grant_type') !== 'client_credentials' ||
      form.get('client_id') !== CLIENT_ID ||
      form.get('client_secret') !== CLIENT_SECRET ||
      form.get('scope') !== `${base()}/.default`
    ) {
      return reply(401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    }
    state.tokensIssued++;
    const value = `token-${state.tokensIssued}`;
    state.validTokens.add(value);
    reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: value });
  }

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
    if (options.revokeTokenAfterPage === page) state.validTokens.clear();
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
  const base = () => `http://127.0.0.1:${port}`;
  return {
    env: { TETRA_GRAPH_TENANT_ID: TENANT, TETRA_GRAPH_CLIENT_ID: CLIENT_ID, TETRA_GRAPH_CLIENT_SECRET: CLIENT_SECRET },
    args: ['--graph', '--graph-url', `${base()}/beta`, '--login-url', `${base()}/login`],
    log,
    get tokensIssued() {
      return state.tokensIssued;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
