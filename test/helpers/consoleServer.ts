// A local stand-in for the Secure Endpoint API on 127.0.0.1 over HTTPS with its own CA (as a Private Cloud console
// has): v1 with HTTP Basic (computers and policies, paged by metadata.links.next, 500 per page), the policy XML at
// /v1/policies/{guid}.xml, and v3 organizations and policy XML with a bearer token. Knobs for 429 with Retry-After,
// an exhausted rate limit, a key without a permission (403), and next links that loop or leave the host. It also
// plays Cisco XDR's token endpoint (/iroh/oauth2/token) and the v3 token exchange (/v3/access_tokens), checking
// method, credentials, content type and body as Cisco documents them, with knobs for a 403 at the exchange and a
// Secure Endpoint token that expires; and the v3 policy list (/v3/organizations/{org}/policies, start and size).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createCa } from './pki';
import { startHttps, type Running } from './servers';

export const SE_CLIENT_ID = 'a1b2c3d4e5f6a7b8c9d0';
export const SE_API_KEY = 'abcd1234-ef56-7890-ab12-never-print-me';
export const SE_BEARER = 'eyJ.se-bearer-token.never-print-me';
export const ORG = { organizationIdentifier: 'org-1111-2222', name: 'Contoso' };
export const XDR_CLIENT_ID = 'client-7f3e9a2b-xdr-id';
export const XDR_PASSWORD = 'xdr-Pa55/word+never=print-me';
/** The tokens the server issues, n counting from 1: distinct per issue so a test can tell a re-exchange. */
export const xdrTokenN = (n: number) => `eyJ.xdr-token-${n}.never-print-me`;
export const exchangedTokenN = (n: number) => `eyJ.se-exchanged-${n}.never-print-me`;

export interface ApiComputer {
  connector_guid: string;
  hostname: string;
  active?: boolean;
  connector_version?: string;
  operating_system?: string;
  policy?: { guid: string; name: string };
  groups?: Array<{ guid: string; name: string }>;
  last_seen?: string;
  faults?: Array<{ severity: string; fault_id: number; name: string }>;
  av_update_definitions?: { status: string; detection_engine: string; version: string; updated_at: string };
}

export interface ApiPolicy {
  guid: string;
  name: string;
  product?: string;
  serial_number?: number;
  xml: string;
}

export interface ConsoleServerOptions {
  computers: ApiComputer[];
  policies?: ApiPolicy[];
  perPage?: number;
  /** The first request for this computers page (1-based) is answered 429 with this Retry-After. */
  throttlePage?: { page: number; retryAfter: string };
  /** This computers page says the rate limit is used up (X-RateLimit-Remaining 0, resets in N s). */
  exhaustAfterPage?: { page: number; resetSeconds: number };
  /** The key may read computers but not policies (403 there). */
  noPolicyAccess?: boolean;
  /** Every computers page's next link points at the page itself. */
  selfNextLink?: boolean;
  /** The first computers page's next link points at another host. */
  foreignNextLink?: boolean;
  /** An error body echoing the Authorization header and the decoded key (a careless proxy or server). */
  echoAuthOn404?: boolean;
  /** /v1/computers answers 500 with such an echoing body (the key plain, URL-encoded and in base64). */
  echoAuthOnComputers?: boolean;
  /** /v3/access_tokens answers 403 (the API client's creator may not use Secure Endpoint). */
  exchangeForbidden?: boolean;
  /** The first exchanged Secure Endpoint token is answered 401 after this many v3 calls (it expired). */
  firstTokenExpiresAfter?: number;
  /** Every exchanged token is answered 401 after this many v3 calls (a clock that is off, a revoked client). */
  everyTokenExpiresAfter?: number;
  /** The XDR token endpoint answers 200 with this instead of a token. */
  xdrAnswer?: string;
  /** A v3 policy XML answers 404 with a body echoing the Authorization header and the XDR password (careless);
   * `cut` pads the description so that the 200-character cut of a shown description falls inside the token. */
  echoAuthOnV3Xml?: 'plain' | 'cut';
  /** v3 policies per page (the client asks for 100). */
  v3PerPage?: number;
}

interface LogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  auth: string;
}

export interface ConsoleServer {
  url: string;
  caFile: string;
  env: NodeJS.ProcessEnv;
  args: string[];
  log: LogEntry[];
  /** XDR credentials only (no v1 key, no ready token), and the args that point the XDR token URL here. */
  xdrEnv: NodeJS.ProcessEnv;
  xdrArgs: string[];
  close(): Promise<void>;
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const ca = await createCa('Private Cloud test CA');
  const leaf = await ca.issue({ hostnames: ['127.0.0.1'] });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-console-'));
  const caFile = path.join(dir, 'console-ca.pem');
  writeFileSync(caFile, ca.certPem);
  const log: LogEntry[] = [];
  const state = { throttled: false };
  const perPage = options.perPage ?? 500;
  const basic = `Basic ${Buffer.from(`${SE_CLIENT_ID}:${SE_API_KEY}`).toString('base64')}`;
  let base = '';

  const tokens = { xdr: new Set<string>(), exchanged: new Map<string, number>(), issued: 0 };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => route(req, res, Buffer.concat(chunks).toString('utf8')));
  };

  const route = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    const url = new URL(req.url!, 'https://127.0.0.1');
    const auth = req.headers.authorization ?? '';
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}, type = 'application/json') => {
      log.push({ at: Date.now(), method: req.method ?? '', path: url.pathname + url.search, status, auth });
      res
        .writeHead(status, { 'content-type': type, ...headers })
        .end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const v1Error = (status: number, code: string, description: string) =>
      reply(status, { version: 'v1.2.0', errors: [{ error_code: status, description: code, details: [description] }] });
    const formPost =
      req.method === 'POST' &&
      req.headers['content-type'] === 'application/x-www-form-urlencoded' &&
      /application\/json/.test(req.headers.accept ?? '') &&
      body === 'grant_type=client_credentials';
    if (url.pathname === '/iroh/oauth2/token') {
      if (!formPost) return reply(400, { error: 'invalid_request', error_description: 'bad token request' });
      if (auth !== `Basic ${Buffer.from(`${XDR_CLIENT_ID}:${XDR_PASSWORD}`).toString('base64')}`)
        return reply(401, { error: 'invalid_client', error_description: `unknown client (${auth})` });
      if (options.xdrAnswer !== undefined) return reply(200, options.xdrAnswer);
      const token = xdrTokenN(tokens.xdr.size + 1);
      tokens.xdr.add(token);
      return reply(200, { access_token: token, token_type: 'bearer', expires_in: 600, scope: 'enrich:read' });
    }
    if (url.pathname === '/v3/access_tokens') {
      if (!formPost) return v1Error(400, 'Bad Request', 'bad exchange request');
      if (!tokens.xdr.has(auth.replace(/^Bearer /, ''))) return v1Error(401, 'Unauthorized', 'invalid XDR token');
      if (options.exchangeForbidden) return v1Error(403, 'Forbidden', `not allowed for ${auth}`);
      const token = exchangedTokenN(++tokens.issued);
      tokens.exchanged.set(token, 0);
      return reply(200, { access_token: token, token_type: 'bearer', expires_in: 600 });
    }
    if (url.pathname.startsWith('/v3/')) {
      if (!v3Allowed(auth)) return v1Error(401, 'Unauthorized', 'invalid token');
      if (url.pathname === '/v3/organizations')
        return reply(200, { data: [ORG], meta: { start: 0, size: 100, total: 1 } });
      if (url.pathname === `/v3/organizations/${ORG.organizationIdentifier}/policies`) return v3Policies(url, reply);
      const m = /^\/v3\/organizations\/([^/]+)\/policies\/([^/]+)\/xml$/.exec(url.pathname);
      if (m && options.echoAuthOnV3Xml)
        return v1Error(
          404,
          `${options.echoAuthOnV3Xml === 'cut' ? '-'.repeat(178) : 'No policy for'} ${auth}`,
          `client ${XDR_CLIENT_ID}:${XDR_PASSWORD}`,
        );
      const policy =
        m && m[1] === ORG.organizationIdentifier ? options.policies?.find((p) => p.guid === m[2]) : undefined;
      return policy ? reply(200, policy.xml, {}, 'application/xml') : v1Error(404, 'Not Found', 'no such policy');
    }
    if (auth !== basic) return v1Error(401, 'Unauthorized', 'Unknown API key or Client ID');
    if (url.pathname === '/v1/computers' && options.echoAuthOnComputers)
      return v1Error(
        500,
        `Internal error for ${auth} (${SE_API_KEY}, ${encodeURIComponent(SE_API_KEY)}, ${Buffer.from(SE_API_KEY).toString('base64')})`,
        `request from ${SE_CLIENT_ID}:${SE_API_KEY}`,
      );
    if (url.pathname === '/v1/computers') return computers(url, reply);
    if (url.pathname === '/v1/policies' || /^\/v1\/policies\/[^/]+\.xml$/.test(url.pathname)) {
      if (options.noPolicyAccess) return v1Error(403, 'Forbidden', 'API key does not have the required scope');
      if (url.pathname === '/v1/policies') {
        const product = url.searchParams.get('product[]');
        const data = (options.policies ?? [])
          .filter((p) => !product || (p.product ?? 'windows') === product)
          .map(({ xml: _xml, ...p }) => ({ product: 'windows', ...p, default: false }));
        return reply(200, {
          version: 'v1.2.0',
          metadata: {
            links: { self: `${base}${url.pathname}${url.search}` },
            results: { total: data.length, current_item_count: data.length, index: 0, items_per_page: 500 },
          },
          data,
        });
      }
      const guid = url.pathname.slice('/v1/policies/'.length, -'.xml'.length);
      const policy = options.policies?.find((p) => p.guid === guid);
      return policy ? reply(200, policy.xml, {}, 'application/xml') : v1Error(404, 'Not Found', 'no such policy');
    }
    if (options.echoAuthOn404)
      return v1Error(404, 'Not Found', `no route for ${url.pathname} (authorization: ${auth})`);
    v1Error(404, 'Not Found', url.pathname);
  };

  /** A ready token always; an exchanged one until it expires (firstTokenExpiresAfter, everyTokenExpiresAfter). */
  function v3Allowed(auth: string): boolean {
    const token = auth.replace(/^Bearer /, '');
    if (token === SE_BEARER) return true;
    const uses = tokens.exchanged.get(token);
    if (uses === undefined) return false;
    tokens.exchanged.set(token, uses + 1);
    const limit =
      token === exchangedTokenN(1) && options.firstTokenExpiresAfter !== undefined
        ? options.firstTokenExpiresAfter
        : options.everyTokenExpiresAfter;
    return limit === undefined || uses < limit;
  }

  function v3Policies(url: URL, reply: (s: number, b: unknown) => void) {
    const start = Number(url.searchParams.get('start') ?? '0');
    const size = Math.min(Number(url.searchParams.get('size') ?? '0'), options.v3PerPage ?? 100);
    const all = (options.policies ?? []).map((p) => ({
      name: p.name,
      guid: p.guid,
      serialNumber: p.serial_number,
      operatingSystem: p.product ?? 'windows',
      policyType: 'workstation',
    }));
    reply(200, { data: all.slice(start, start + size), meta: { start, size, total: all.length } });
  }

  function computers(url: URL, reply: (s: number, b: unknown, h?: Record<string, string>) => void) {
    const offset = Number(url.searchParams.get('offset') ?? '0');
    const page = Math.floor(offset / perPage) + 1;
    if (options.throttlePage?.page === page && !state.throttled) {
      state.throttled = true;
      return reply(
        429,
        { version: 'v1.2.0', errors: [{ error_code: 429, description: 'Too Many Requests', details: ['rate limit'] }] },
        { 'retry-after': options.throttlePage.retryAfter },
      );
    }
    const data = options.computers.slice(offset, offset + perPage);
    const more = offset + perPage < options.computers.length;
    const link = (o: number) =>
      `${options.foreignNextLink ? 'https://api.attacker.invalid' : base}/v1/computers?limit=${perPage}&offset=${o}`;
    const next = options.selfNextLink ? link(offset) : more ? link(offset + perPage) : undefined;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': '3000',
      'x-ratelimit-remaining': '2999',
      'x-ratelimit-reset': '3600',
    };
    if (options.exhaustAfterPage?.page === page)
      Object.assign(headers, {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(options.exhaustAfterPage.resetSeconds),
      });
    reply(
      200,
      {
        version: 'v1.2.0',
        metadata: {
          links: { self: link(offset), ...(next ? { next } : {}) },
          results: {
            total: options.computers.length,
            current_item_count: data.length,
            index: offset,
            items_per_page: perPage,
          },
        },
        data,
      },
      headers,
    );
  }

  const server: Running = await startHttps({ certPem: leaf.certPem, keyPem: leaf.keyPem }, handler);
  base = `https://127.0.0.1:${server.port}`;
  return {
    url: base,
    caFile,
    env: {
      TETRA_SE_CLIENT_ID: SE_CLIENT_ID,
      TETRA_SE_API_KEY: SE_API_KEY,
      TETRA_SE_BEARER_TOKEN: '',
      TETRA_SE_CREDENTIALS_FILE: '',
      TETRA_SE_REGION: '',
      TETRA_SE_URL: '',
      TETRA_SE_XDR_CLIENT_ID: '',
      TETRA_SE_XDR_CLIENT_PASSWORD: '',
      TETRA_SE_XDR_TOKEN_URL: '',
    },
    args: ['--console-url', base, '--console-ca-file', caFile],
    xdrEnv: {
      TETRA_SE_CLIENT_ID: '',
      TETRA_SE_API_KEY: '',
      TETRA_SE_BEARER_TOKEN: '',
      TETRA_SE_CREDENTIALS_FILE: '',
      TETRA_SE_REGION: '',
      TETRA_SE_URL: '',
      TETRA_SE_XDR_CLIENT_ID: XDR_CLIENT_ID,
      TETRA_SE_XDR_CLIENT_PASSWORD: XDR_PASSWORD,
      TETRA_SE_XDR_TOKEN_URL: '',
    },
    xdrArgs: ['--console-url', base, '--console-ca-file', caFile, '--xdr-token-url', `${base}/iroh/oauth2/token`],
    log,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A console computer as /v1/computers lists it. */
export function apiComputer(c: {
  guid: string;
  hostname: string;
  policy?: string;
  group?: string;
  version?: string;
  defs?: string;
  defsStatus?: string;
  lastSeen?: string;
  faults?: string[];
}): ApiComputer {
  const policyName = c.policy ?? 'Protect';
  return {
    connector_guid: c.guid,
    hostname: c.hostname,
    active: true,
    connector_version: c.version ?? '8.4.2.30000',
    operating_system: 'Windows 11, SP 0.0',
    policy: { guid: `pol-${policyName.toLowerCase()}`, name: policyName },
    groups: [{ guid: `grp-${(c.group ?? 'Servers').toLowerCase()}`, name: c.group ?? 'Servers' }],
    last_seen: c.lastSeen ?? '2026-11-27T09:00:00Z',
    faults: (c.faults ?? []).map((name, i) => ({ severity: 'major', fault_id: 10 + i, name })),
    av_update_definitions: {
      status: c.defsStatus ?? 'current',
      detection_engine: 'TETRA',
      version: c.defs ?? '90606',
      updated_at: '2026-11-27T08:00:00Z',
    },
  };
}
