// Local stand-ins for where fleet ships its rows, on 127.0.0.1 with a private CA, following the documented request
// shapes: Splunk's HTTP Event Collector (POST /services/collector/event, `Authorization: Splunk <token>`, events one
// after another) and Azure Monitor's Logs Ingestion API (POST /dataCollectionRules/{dcr}/streams/{stream}, a bearer
// token from Entra ID, a JSON array of rows, gzip or plain, at most 1 MB) with a local Entra ID token endpoint that
// @azure/identity is pointed at. Each keeps the rows it accepted by resultId, and refuses what the service would.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createCa } from './pki';
import { schemaValidator } from './schema';
import { startHttps } from './servers';

export const HEC_TOKEN = 'hec-7f3e2a91-4c1d-4b55-9e0a-secret';
const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT_ID = '99999999-8888-7777-6666-555555555555';
export const CLIENT_SECRET = 'la~Secret.Value_42+/=';
const DCR_ID = 'dcr-0123456789abcdef0123456789abcdef';
const STREAM = 'Custom-TetraDoctor_CL';
/** The Logs Ingestion API's limit per call, and HEC's default max_content_length. */
const MAX_CALL_BYTES = 1024 * 1024;

interface Answer {
  status: number;
  retryAfter?: string;
}

export interface StandInOptions {
  /** Instead of accepting, these answers, by the 1-based number of the request that carries rows. */
  answers?: Record<number, Answer>;
  /** From this request on, hold every request that carries rows and never answer: a run cut off half-way. */
  stallFrom?: number;
  /** Texts no request may carry (forms of secrets): counted in `leaks`. */
  forbidden?: string[];
}

interface RowRequest {
  at: number;
  status: number;
  bytes: number;
  gzip: boolean;
  rows: number;
}

/** What a stand-in received and accepted, as the test reads it. */
interface Received {
  /** Accepted rows by resultId. */
  rows: Map<string, Record<string, unknown>>;
  /** Rows accepted again under a resultId already accepted. */
  duplicates: number;
  /** Every request that carried rows (accepted or not), in order. */
  requests: RowRequest[];
  /** What the stand-in refused, and why. */
  problems: string[];
  /** Requests that carried a forbidden text. */
  leaks: number;
}

interface Started {
  url: string;
  caFile: string;
  received: Received;
  close(): Promise<void>;
}

export interface StandIn extends Started {
  /** The environment a CLI run needs to trust the CA and (Log Analytics) to sign in here. */
  env: NodeJS.ProcessEnv;
  /** The command-line arguments that ship here. */
  args: string[];
  close(): Promise<void>;
}

const rowValid = () => schemaValidator('fleet-row');

/** The rows of a request as the service reads them, or the reason it refuses the request. */
type Reading = { rows: Array<Record<string, unknown>> } | { refuse: number; why: string };

interface Endpoint {
  /** Authentication and path; null when the request is for this endpoint and may go on. */
  check(req: http.IncomingMessage): { status: number; body: string } | null;
  read(body: Buffer, req: http.IncomingMessage): Reading;
  accepted: { status: number; body: string };
}

async function startStandIn(
  options: StandInOptions,
  route: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => boolean,
  endpoint: Endpoint,
): Promise<Started> {
  const ca = await createCa('ship stand-in CA');
  const leaf = await ca.issue({ hostnames: ['127.0.0.1'] });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-ship-'));
  const caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, ca.certPem);
  const state: Received = { rows: new Map(), duplicates: 0, requests: [], problems: [], leaks: 0 };
  const held: http.ServerResponse[] = [];
  const answer = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };
  const server = await startHttps(leaf, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (route(req, res, body)) return;
      const refused = endpoint.check(req);
      if (refused) {
        state.problems.push(`${req.method} ${req.url}: ${refused.status}`);
        return answer(res, refused.status, refused.body);
      }
      const gzip = req.headers['content-encoding'] === 'gzip';
      const request: RowRequest = { at: Date.now(), status: 0, bytes: body.length, gzip, rows: 0 };
      state.requests.push(request);
      const number = state.requests.length;
      let text: Buffer;
      try {
        text = gzip ? gunzipSync(body) : body;
      } catch {
        request.status = 400;
        return answer(res, 400, '{"error":"not gzip"}');
      }
      if (options.forbidden?.some((f) => text.includes(f))) state.leaks++;
      if (options.stallFrom !== undefined && number >= options.stallFrom) {
        held.push(res);
        return;
      }
      const scripted = options.answers?.[number];
      if (scripted) {
        request.status = scripted.status;
        return answer(res, scripted.status, '{"text":"Server is busy","code":9}', {
          ...(scripted.retryAfter ? { 'retry-after': scripted.retryAfter } : {}),
        });
      }
      if (body.length > MAX_CALL_BYTES || text.length > MAX_CALL_BYTES) {
        request.status = 413;
        state.problems.push(`request ${number}: ${text.length} bytes, over the 1 MB limit`);
        return answer(res, 413, '{"error":{"code":"ContentLengthLimitExceeded"}}');
      }
      const reading = endpoint.read(text, req);
      if ('refuse' in reading) {
        request.status = reading.refuse;
        state.problems.push(`request ${number}: ${reading.why}`);
        return answer(res, reading.refuse, JSON.stringify({ error: { code: 'InvalidContent', message: reading.why } }));
      }
      for (const row of reading.rows) {
        const id = String(row.resultId);
        if (state.rows.has(id)) state.duplicates++;
        state.rows.set(id, row);
      }
      request.rows = reading.rows.length;
      request.status = endpoint.accepted.status;
      answer(res, endpoint.accepted.status, endpoint.accepted.body);
    });
  });
  return {
    url: server.url.replace(/\/$/, ''),
    caFile,
    received: state,
    close: async () => {
      for (const res of held) res.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Each row must keep the row schema: exactly the table's columns, of their types. */
function schemaProblem(rows: unknown[]): string | null {
  const validate = rowValid();
  for (const row of rows)
    if (!validate(row)) return `a row breaks the table's columns: ${JSON.stringify(validate.errors)}`;
  return null;
}

/** Splunk HEC: `Authorization: Splunk <token>`, events {time, host, source, sourcetype, event} one after another. */
export async function startSplunkHec(options: StandInOptions = {}): Promise<StandIn> {
  const standIn = await startStandIn(options, () => false, {
    check: (req) => {
      if (req.method !== 'POST' || req.url !== '/services/collector/event')
        return { status: 404, body: '{"text":"The requested URL was not found on this server.","code":404}' };
      if (req.headers.authorization !== `Splunk ${HEC_TOKEN}`)
        return { status: 401, body: '{"text":"Invalid token","code":4}' };
      return null;
    },
    read: (text) => {
      const rows: Array<Record<string, unknown>> = [];
      for (const line of text.toString('utf8').split('\n')) {
        let event: Record<string, unknown>;
        try {
          event = JSON.parse(line);
        } catch {
          return { refuse: 400, why: 'invalid event JSON' };
        }
        if (event.sourcetype !== 'tetra_doctor' || event.source !== 'tetra-doctor')
          return { refuse: 400, why: `event sourcetype ${String(event.sourcetype)}` };
        if (typeof event.host !== 'string' || (event.time !== undefined && typeof event.time !== 'number'))
          return { refuse: 400, why: 'event host or time' };
        rows.push(event.event as Record<string, unknown>);
      }
      const broken = schemaProblem(rows);
      return broken ? { refuse: 400, why: broken } : { rows };
    },
    accepted: { status: 200, body: '{"text":"Success","code":0}' },
  });
  return {
    ...standIn,
    env: { NODE_EXTRA_CA_CERTS: standIn.caFile, TETRA_SPLUNK_HEC_TOKEN: HEC_TOKEN },
    args: ['--to-splunk-hec', standIn.url],
  };
}

/** Logs Ingestion API with its Entra ID: the token endpoint issues tokens, the ingestion accepts only those. */
export async function startLogsIngestion(options: StandInOptions = {}): Promise<StandIn & { tokensIssued: number }> {
  const tokens = new Set<string>();
  let tokensIssued = 0;
  let base = '';
  const route = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): boolean => {
    const url = new URL(req.url ?? '/', 'https://x');
    if (req.method === 'GET' && url.pathname === `/${TENANT}/v2.0/.well-known/openid-configuration`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          token_endpoint: `${base}/${TENANT}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/${TENANT}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${base}/${TENANT}/oauth2/v2.0/logout`,
          issuer: `${base}/${TENANT}/v2.0`,
          jwks_uri: `${base}/${TENANT}/discovery/v2.0/keys`,
        }),
      );
      return true;
    }
    if (req.method === 'POST' && url.pathname === `/${TENANT}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(body.toString('utf8'));
      const ok =
        form.get('grant_type') === 'client_credentials' &&
        form.get('client_id') === CLIENT_ID &&
        form.get('client_secret') === CLIENT_SECRET &&
        form.get('scope') === 'https://monitor.azure.com/.default';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      if (!ok) {
        res.end('{"error":"invalid_client"}');
        return true;
      }
      const token = randomBytes(24).toString('hex');
      tokens.add(token);
      tokensIssued++;
      res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: token }));
      return true;
    }
    return false;
  };
  const standIn = await startStandIn(options, route, {
    check: (req) => {
      const url = new URL(req.url ?? '/', 'https://x');
      const match = /^\/dataCollectionRules\/([^/]+)\/streams\/([^/]+)$/.exec(url.pathname);
      if (req.method !== 'POST' || !match || !url.searchParams.get('api-version'))
        return { status: 404, body: '{"error":{"code":"NotFound"}}' };
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7)))
        return { status: 401, body: '{"error":{"code":"InvalidToken"}}' };
      if (decodeURIComponent(match[1]) !== DCR_ID)
        return { status: 404, body: '{"error":{"code":"InvalidDataCollectionRule"}}' };
      if (decodeURIComponent(match[2]) !== STREAM) return { status: 400, body: '{"error":{"code":"InvalidStream"}}' };
      if (!String(req.headers['content-type']).startsWith('application/json'))
        return { status: 415, body: '{"error":{"code":"UnsupportedMediaType"}}' };
      return null;
    },
    read: (text) => {
      let rows: unknown;
      try {
        rows = JSON.parse(text.toString('utf8'));
      } catch {
        return { refuse: 400, why: 'body is not JSON' };
      }
      if (!Array.isArray(rows)) return { refuse: 400, why: 'body is not a JSON array' };
      const broken = schemaProblem(rows);
      return broken ? { refuse: 400, why: broken } : { rows: rows as Array<Record<string, unknown>> };
    },
    accepted: { status: 204, body: '' },
  });
  base = standIn.url;
  return {
    ...standIn,
    get tokensIssued() {
      return tokensIssued;
    },
    env: {
      NODE_EXTRA_CA_CERTS: standIn.caFile,
      TETRA_AZURE_TENANT_ID: TENANT,
      TETRA_AZURE_CLIENT_ID: CLIENT_ID,
      TETRA_AZURE_CLIENT_SECRET: CLIENT_SECRET,
      TETRA_AZURE_AUTHORITY_HOST: standIn.url,
    },
    args: ['--to-log-analytics', '--dce', standIn.url, '--dcr-id', DCR_ID, '--stream', STREAM],
  };
}
