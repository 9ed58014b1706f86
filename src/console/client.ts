// The Secure Endpoint API over undici: v1 calls with HTTP Basic (client ID + API key), v3 calls with a bearer token,
// paging by metadata.links.next with a page cap, the rate limit honoured (X-RateLimit-Remaining/-Reset, and 429
// with Retry-After, a bounded number of times), a timeout on every request, and a Private Cloud console's own CA.
// v3 calls use a ready bearer token, or one this client gets by the token exchange (at most once per run, and once
// more when a call answers 401: the token expired). No credential or token ever appears in what it returns or
// throws: error texts are scrubbed of every form of them.
import { Agent, request, type Dispatcher } from 'undici';
import { createRedactor, type Redactor } from '../render/redact';
import { retryAfterMs } from '../system/httpAnswer';
import {
  basicCredentials,
  checkPageSize,
  ConsoleApiError,
  describeNetworkError,
  pathOf,
  readCapped,
  serverWords,
} from './httpParts';
import { CONSOLE_ENV, exchangesToken, type ConsoleSettings } from './settings';
import { EXCHANGE_PERMISSION, exchangeToken, TokenExchangeError } from './tokenExchange';

export { ConsoleApiError } from './httpParts';

export type Auth = 'v1' | 'v3';

/** What each call needs, named in a 403's message so the admin knows which access to grant. */
function permissionFor(path: string, auth: Auth): string {
  if (path === '/v3/access_tokens') return EXCHANGE_PERMISSION;
  if (auth === 'v3') return 'a Secure Client / XDR API client with the Secure Endpoint scope (read) for policies';
  if (path.startsWith('/v1/computers'))
    return 'read access to computers (an API key with the "Read-only" scope is enough)';
  if (path.startsWith('/v1/policies'))
    return 'read access to policies (an API key with the "Read-only" scope is enough)';
  return 'read access (an API key with the "Read-only" scope)';
}

export interface V1Page<T> {
  data: T[];
  next: string | null;
  total: number | null;
}

export class SecureEndpointClient {
  private readonly dispatcher: Dispatcher;
  /** Every credential and token of this run; the redactor removes each in every form a message could hold it. */
  private readonly secrets: string[];
  private redactor: Redactor;
  /** The Secure Endpoint token of this run's exchange, asked for once and shared by every v3 call. */
  private exchanged: Promise<string> | null = null;
  /** Whether the one re-exchange after a 401 has been spent. */
  private reexchanged = false;
  /** Set when the last answer said the rate limit is used up: no request goes out before this time. */
  private notBefore = 0;
  /** Requests sent, retries included (tests and the report use it). */
  requests = 0;

  constructor(private readonly settings: ConsoleSettings) {
    const connect = { timeout: settings.timeoutMs, ...(settings.caPem ? { ca: settings.caPem } : {}) };
    this.dispatcher = new Agent({ connect, headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs });
    this.secrets = credentialValues(settings);
    this.redactor = createRedactor({ proxyPassword: null, others: this.secrets });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  get baseUrl(): string {
    return this.settings.baseUrl;
  }

  get maxPages(): number {
    return this.settings.maxPages;
  }

  /** Every item of a paged v1 list, page by page; stops on a repeated or foreign next link and after the page cap. */
  async *pages<T>(path: string): AsyncGenerator<V1Page<T>> {
    let url: string | null = this.url(path);
    const seen = new Set<string>();
    let count = 0;
    while (url !== null) {
      seen.add(url);
      const body = await this.json(url, 'v1');
      count++;
      const page = toPage<T>(body, path);
      yield page;
      url = page.next === null ? null : this.sameOrigin(page.next);
      if (url !== null && seen.has(url))
        throw new ConsoleApiError(
          `GET ${path}: metadata.links.next repeats an earlier page after page ${count}; stopped`,
          null,
        );
      if (url !== null && count >= this.settings.maxPages)
        throw new ConsoleApiError(`GET ${path}: more than ${this.settings.maxPages} pages; stopped`, null);
    }
  }

  async json(pathOrUrl: string, auth: Auth): Promise<unknown> {
    const text = await this.text(pathOrUrl, auth, 'application/json');
    try {
      return JSON.parse(text);
    } catch {
      throw new ConsoleApiError(`GET ${pathOf(pathOrUrl)}: the answer is not JSON`, null);
    }
  }

  /** GET as text (the policy XML), with retries on 429 and 503; a 401 to an exchanged token re-exchanges it once. */
  async text(pathOrUrl: string, auth: Auth, accept: string): Promise<string> {
    try {
      return await this.textOnce(pathOrUrl, auth, accept);
    } catch (err) {
      if (!this.mayReexchange(err, auth)) throw err;
      this.reexchanged = true;
      this.exchanged = null;
      return this.textOnce(pathOrUrl, auth, accept);
    }
  }

  /** An exchanged token lives about 10 minutes: a 401 to it (once per run) asks for a fresh one. */
  private mayReexchange(err: unknown, auth: Auth): boolean {
    return (
      auth === 'v3' &&
      err instanceof ConsoleApiError &&
      !(err instanceof TokenExchangeError) &&
      err.status === 401 &&
      exchangesToken(this.settings.credentials) &&
      this.exchanged !== null &&
      !this.reexchanged
    );
  }

  private async textOnce(pathOrUrl: string, auth: Auth, accept: string): Promise<string> {
    const url = this.url(pathOrUrl);
    const path = pathOf(url);
    for (let attempt = 0; ; attempt++) {
      await this.waitForRateLimit();
      const response = await this.send(url, await this.authorization(auth), accept);
      this.noteRateLimit(response.headers);
      if ((response.statusCode === 429 || response.statusCode === 503) && attempt < this.settings.maxRetries) {
        await response.body.dump();
        const waitMs = Math.min(
          retryAfterMs(response.headers['retry-after']) ?? 1000 * 2 ** attempt,
          this.settings.maxRetryAfterMs,
        );
        await sleep(waitMs);
        continue;
      }
      const body = await readCapped(response, MAX_BODY_BYTES);
      if (response.statusCode >= 200 && response.statusCode <= 299) return body;
      throw this.httpError(response.statusCode, path, auth, body, attempt);
    }
  }

  private httpError(status: number, path: string, auth: Auth, body: string, attempts: number): ConsoleApiError {
    const where = `GET ${path}: HTTP ${status}`;
    if (status === 401) {
      const what =
        auth === 'v1'
          ? `the API client ID and key were refused (check TETRA_SE_CLIENT_ID and TETRA_SE_API_KEY, and that they were made in this region's console: ${this.settings.baseUrl})`
          : this.refusedBearer();
      return new ConsoleApiError(this.scrub(`${where}: ${what}`), status);
    }
    if (status === 403)
      return new ConsoleApiError(
        this.scrub(`${where}: the credentials lack a permission; this call needs ${permissionFor(path, auth)}`),
        status,
      );
    if (status === 429 || status === 503)
      return new ConsoleApiError(`${where}: still throttled after ${attempts} retries`, status);
    // Scrubbed before it is cut short as well as after: a cut-off echo of a secret could not be recognised.
    return new ConsoleApiError(this.scrub(`${where}${apiErrorText(body, (text) => this.scrub(text))}`), status);
  }

  private refusedBearer(): string {
    if (!exchangesToken(this.settings.credentials))
      return `the bearer token was refused (expired or not a Secure Endpoint token: check ${CONSOLE_ENV.bearerToken})`;
    return `the Secure Endpoint token from the v3 token exchange was refused${this.reexchanged ? ' even after a fresh exchange' : ''} (check that the API client of ${CONSOLE_ENV.xdrClientId} may read this organization in Secure Endpoint)`;
  }

  private async send(url: string, authorization: string, accept: string): Promise<Dispatcher.ResponseData> {
    this.requests++;
    try {
      return await request(url, {
        method: 'GET',
        headers: { authorization, accept },
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (err) {
      throw new ConsoleApiError(
        this.scrub(`GET ${new URL(url).host}${pathOf(url)}: ${describeNetworkError(err)}`),
        null,
      );
    }
  }

  private async authorization(auth: Auth): Promise<string> {
    const { clientId, apiKey, bearerToken } = this.settings.credentials;
    if (auth === 'v3') {
      if (bearerToken) return `Bearer ${bearerToken}`;
      if (exchangesToken(this.settings.credentials)) return `Bearer ${await this.exchangedToken()}`;
      throw new ConsoleApiError(
        `this call needs v3 credentials: set ${CONSOLE_ENV.xdrClientId} and ${CONSOLE_ENV.xdrClientPassword} (or ${CONSOLE_ENV.bearerToken})`,
        null,
      );
    }
    if (!clientId || !apiKey)
      throw new ConsoleApiError(
        'this call needs v1 API credentials: set TETRA_SE_CLIENT_ID and TETRA_SE_API_KEY',
        null,
      );
    return `Basic ${basicCredentials(clientId, apiKey)}`;
  }

  /** The exchange runs on the first v3 call; a failed one is not retried (its error says what to fix). */
  private exchangedToken(): Promise<string> {
    if (this.exchanged === null) {
      const { xdrClientId: clientId, xdrClientPassword: clientPassword } = this.settings.credentials;
      const xdrTokenUrl = this.settings.xdrTokenUrl;
      // Only v3 calls come here, and toConsoleSettings let v3 through only with all three.
      if (clientId === null || clientPassword === null || xdrTokenUrl === null)
        return Promise.reject(new Error('a v3 call needs a Cisco XDR client ID, its password and a token URL'));
      this.exchanged = exchangeToken(
        this.dispatcher,
        {
          xdrTokenUrl,
          baseUrl: this.settings.baseUrl,
          clientId,
          clientPassword,
          timeoutMs: this.settings.timeoutMs,
        },
        (token) => this.keepSecret(token),
      );
    }
    return this.exchanged;
  }

  /** A token learnt during the run is scrubbed like the credentials. */
  private keepSecret(token: string): void {
    this.secrets.push(token);
    this.redactor = createRedactor({ proxyPassword: null, others: this.secrets });
  }

  /** When the answer says no requests are left in this window, the next one waits for the window to reset. */
  private noteRateLimit(headers: Dispatcher.ResponseData['headers']): void {
    const remaining = Number(headerValue(headers['x-ratelimit-remaining']));
    const resetSeconds = Number(headerValue(headers['x-ratelimit-reset']));
    if (
      headerValue(headers['x-ratelimit-remaining']) !== undefined &&
      remaining <= 0 &&
      Number.isFinite(resetSeconds) &&
      resetSeconds > 0
    ) {
      this.notBefore = Date.now() + Math.min(resetSeconds * 1000, this.settings.maxRetryAfterMs);
    }
  }

  private async waitForRateLimit(): Promise<void> {
    const wait = this.notBefore - Date.now();
    if (wait > 0) await sleep(wait);
    this.notBefore = 0;
  }

  private url(pathOrUrl: string): string {
    return /^https?:\/\//i.test(pathOrUrl) ? this.sameOrigin(pathOrUrl) : `${this.settings.baseUrl}${pathOrUrl}`;
  }

  /** Credentials go only to the console we were pointed at, never to a host a response names. */
  private sameOrigin(link: string): string {
    if (!URL.canParse(link)) throw new ConsoleApiError('metadata.links.next is not a URL', null);
    if (new URL(link).origin !== new URL(this.settings.baseUrl).origin)
      throw new ConsoleApiError(`refusing a next link to another host: ${new URL(link).origin}`, null);
    return link;
  }

  /** Removes every form a credential or token can take (src/render/redact.ts: plain, encoded, escaped, base64). */
  scrub(text: string): string {
    return this.redactor.text(text);
  }
}

/** The secrets of the credentials, and the Basic headers' base64 of id:secret, which an error body may echo. */
function credentialValues(settings: ConsoleSettings): string[] {
  const { clientId, apiKey, bearerToken, xdrClientId, xdrClientPassword } = settings.credentials;
  const values = [apiKey, bearerToken, xdrClientPassword];
  if (clientId && apiKey) values.push(basicCredentials(clientId, apiKey));
  if (xdrClientId && xdrClientPassword) values.push(basicCredentials(xdrClientId, xdrClientPassword));
  return values.filter((v): v is string => v !== null && v.length > 0);
}

function toPage<T>(body: unknown, path: string): V1Page<T> {
  const b = body as { data?: unknown; metadata?: { links?: { next?: unknown }; results?: { total?: unknown } } };
  if (!b || typeof b !== 'object' || !Array.isArray(b.data))
    throw new ConsoleApiError(`GET ${path}: the answer has no data array`, null);
  checkPageSize(b.data, V1_PAGE_LIMIT, `GET ${path}`);
  const next = b.metadata?.links?.next;
  const total = b.metadata?.results?.total;
  return {
    data: b.data as T[],
    next: typeof next === 'string' && next !== '' ? next : null,
    total: typeof total === 'number' ? total : null,
  };
}

/** The API's error body: {errors: [{error_code, description, details[]}]}; its texts are the console's, shown short,
 * scrubbed as parsed (an echo written with JSON \u escapes is the secret once parsed) before they are cut. */
function apiErrorText(text: string, scrub: (text: string) => string): string {
  try {
    const body = JSON.parse(text) as { errors?: Array<{ description?: unknown; details?: unknown }> };
    const first = body.errors?.[0];
    if (first && typeof first.description === 'string')
      return `: ${serverWords(first.description, scrub)}${Array.isArray(first.details) && typeof first.details[0] === 'string' ? ` (${serverWords(first.details[0], scrub)})` : ''}`;
  } catch {
    // Not JSON: the status alone has to do.
  }
  return '';
}

/** The v1 API's largest page (limit=500), which every v1 list asks for. */
export const V1_PAGE_LIMIT = 500;

/** A body we keep (a page, a policy XML) is bounded: a console never sends 64 MB for one page. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
