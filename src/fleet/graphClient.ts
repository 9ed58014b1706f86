// A Microsoft Graph client over undici, signed in through @azure/identity (src/console/azureSignIn.ts): JSON requests
// with a timeout each, 429/503 honoured with Retry-After, a fresh sign-in once if Graph answers 401. `fleet --graph`
// pulls a remediation's deviceRunStates with it (paging by @odata.nextLink); `intune deploy` makes apps and
// remediations. Bundled as lazy chunks: only those commands load it.
import { Agent, request, type Dispatcher } from 'undici';
import { credentialFor, type AzureSignInSettings, type TokenCredential } from '../console/azureSignIn';
import { serverWords } from '../console/httpParts';
import { createRedactor } from '../render/redact';
import { networkErrorText, readCapped, retryAfterMs } from '../system/httpAnswer';

/** A failed Graph request: its status (null for a network failure or an unreadable answer) and Graph's error code. */
export class GraphError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/** A Graph page of run states is a few MB; a larger answer is not one, and is never read whole. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** Graph pages hold up to 1,000 run states: 5,000 pages are five million devices, beyond any tenant's remediation. */
export const MAX_GRAPH_PAGES = 5000;
/** What one Graph page may hold at most (its $top limit); a page with more is not Graph's. */
export const GRAPH_PAGE_ITEMS = 1000;

export interface GraphSettings {
  /** Makes the credential (see signInWith); called again for a fresh sign-in after a 401. */
  signIn: () => TokenCredential;
  graphUrl: string;
  timeoutMs: number;
  maxRetries: number;
  /** The longest Retry-After honoured; a longer one is cut to this. */
  maxRetryAfterMs: number;
  /** Paging stops with an error after this many pages (default MAX_GRAPH_PAGES). */
  maxPages?: number;
  /** Learns each token as soon as it exists, so that no output can show it. */
  keepSecret?: (secret: string) => void;
  /** Values no output may show (the sign-in's secrets, and what the caller learns later, such as a SAS signature):
   * read when an answer is scrubbed, so a set that grows during the run is honoured. */
  secrets?: Iterable<string>;
}

/** The sign-in of settings read by the CLI (src/console/azureSettings.ts), each call a fresh credential and cache. */
export function signInWith(azure: AzureSignInSettings): () => TokenCredential {
  return () => credentialFor(azure);
}

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphAnswer {
  status: number;
  /** The parsed JSON body; null for an empty one (204). */
  body: unknown;
}

export interface PullResult {
  remediationId: string;
  pages: number;
}

/** Finds the remediation (by id, or by its display name) and hands every deviceRunStates page to onPage. */
export async function pullRunStates(
  settings: GraphSettings,
  remediation: { id: string } | { name: string },
  onPage: (page: unknown, where: string) => void,
): Promise<PullResult> {
  const client = new GraphClient(settings);
  try {
    const remediationId = 'id' in remediation ? remediation.id : await client.findRemediationId(remediation.name);
    let url: string | null =
      `${settings.graphUrl}/deviceManagement/deviceHealthScripts/${encodeURIComponent(remediationId)}/deviceRunStates?$expand=managedDevice`;
    let pages = 0;
    // A nextLink seen before would page forever (a server that points a page at itself or back at an earlier one).
    const seen = new Set<string>();
    while (url) {
      seen.add(url);
      const page = await client.get(url);
      pages++;
      const items = (page as { value?: unknown } | null)?.value;
      if (Array.isArray(items) && items.length > GRAPH_PAGE_ITEMS)
        throw new GraphError(
          `page ${pages}: ${items.length} run states, more than a Graph page holds (${GRAPH_PAGE_ITEMS}); stopped`,
        );
      onPage(page, `graph:${remediationId}:page${pages}`);
      url = nextLink(page, settings.graphUrl);
      if (url !== null && seen.has(url))
        throw new GraphError(`@odata.nextLink repeats an earlier page after page ${pages}; stopped`);
      const maxPages = settings.maxPages ?? MAX_GRAPH_PAGES;
      if (url !== null && pages >= maxPages) throw new GraphError(`more than ${maxPages} pages; stopped`);
    }
    return { remediationId, pages };
  } finally {
    await client.close();
  }
}

function nextLink(page: unknown, graphUrl: string): string | null {
  const link = (page as Record<string, unknown>)?.['@odata.nextLink'];
  if (typeof link !== 'string') return null;
  if (!URL.canParse(link)) throw new GraphError('@odata.nextLink is not a URL');
  // The bearer token goes only to the Graph we were pointed at, never to a host a response names.
  if (new URL(link).origin !== new URL(graphUrl).origin)
    throw new GraphError(`refusing @odata.nextLink to another host: ${new URL(link).origin}`);
  return link;
}

export class GraphClient {
  private credential: TokenCredential;
  private readonly dispatcher: Dispatcher;
  private readonly scope: string;

  /** This run's tokens: with the settings' secrets, removed from anything a server's answer makes us say. */
  private readonly tokens: string[] = [];

  constructor(private readonly settings: GraphSettings) {
    this.credential = settings.signIn();
    this.scope = `${new URL(settings.graphUrl).origin}/.default`;
    this.dispatcher = new Agent({
      connect: { timeout: settings.timeoutMs },
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
    });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  async findRemediationId(name: string): Promise<string> {
    const filter = `displayName eq '${name.replace(/'/g, "''")}'`;
    const page = (await this.get(
      `${this.settings.graphUrl}/deviceManagement/deviceHealthScripts?$filter=${encodeURIComponent(filter)}&$select=id,displayName`,
    )) as { value?: Array<{ id: string }> };
    const found = page.value ?? [];
    if (found.length === 0) throw new GraphError(`no remediation named "${name}"`);
    if (found.length > 1)
      throw new GraphError(
        `${found.length} remediations are named "${name}" (${found.map((f) => f.id).join(', ')}); pass --remediation-id`,
      );
    return found[0].id;
  }

  /** GET a Graph URL as JSON. */
  async get(url: string): Promise<unknown> {
    return (await this.request('GET', url)).body;
  }

  /**
   * One Graph request with a JSON body and answer. A 401 on a token we already had means it expired or was revoked
   * early: a fresh sign-in, once, and the request again. 429 and 503 wait as Retry-After says. Any other status
   * outside 2xx is a GraphError carrying the status and Graph's error code.
   */
  async request(method: GraphMethod, url: string, body?: unknown): Promise<GraphAnswer> {
    const what = `${method} ${new URL(url).pathname}`;
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const token = await this.bearer();
      const response = await this.send(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (response.statusCode === 401 && !renewed) {
        await response.body.dump();
        this.credential = this.settings.signIn();
        renewed = true;
        continue;
      }
      if (await this.waitIfThrottled(response, attempt, what)) continue;
      return { status: response.statusCode, body: await this.json(response, what) };
    }
  }

  private async bearer(): Promise<string> {
    let token;
    try {
      // @azure/identity keeps the token and renews it before it expires.
      token = await this.credential.getToken(this.scope, { abortSignal: AbortSignal.timeout(this.settings.timeoutMs) });
    } catch (err) {
      throw new GraphError(`token request: ${signInFailure(err)}`);
    }
    if (!token?.token) throw new GraphError('token request: no access token came back');
    this.settings.keepSecret?.(token.token);
    if (!this.tokens.includes(token.token)) this.tokens.push(token.token);
    return token.token;
  }

  private async send(
    url: string,
    options: { method: GraphMethod; headers: Record<string, string>; body?: string },
  ): Promise<Dispatcher.ResponseData> {
    try {
      return await request(url, {
        ...options,
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (err) {
      throw new GraphError(`${options.method} ${new URL(url).host}${new URL(url).pathname}: ${networkErrorText(err)}`);
    }
  }

  /** Waits out a 429 or 503 as the server asks (Retry-After), with a growing back-off when it does not say. */
  private async waitIfThrottled(response: Dispatcher.ResponseData, attempt: number, what: string): Promise<boolean> {
    if (response.statusCode !== 429 && response.statusCode !== 503) return false;
    await response.body.dump();
    if (attempt >= this.settings.maxRetries)
      throw new GraphError(
        `${what}: still throttled (HTTP ${response.statusCode}) after ${attempt} retries`,
        response.statusCode,
      );
    await throttleWait(response.headers['retry-after'], attempt, this.settings.maxRetryAfterMs);
    return true;
  }

  private async json(response: Dispatcher.ResponseData, what: string): Promise<unknown> {
    const status = response.statusCode;
    const text = await readCapped(response, MAX_ANSWER_BYTES, (message) => new GraphError(`${what}: ${message}`));
    if (status < 200 || status > 299) {
      const scrub = createRedactor({ proxyPassword: null, others: [...(this.settings.secrets ?? []), ...this.tokens] });
      const error = graphError(text, scrub.text);
      throw new GraphError(`${what}: HTTP ${status}${error.text}`, status, error.code);
    }
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new GraphError(`${what}: the answer is not JSON`, status);
    }
  }
}

/** Waits as Retry-After says (seconds or a date), at most `maxMs`; without one, 1 s doubling with each attempt. */
export function throttleWait(retryAfter: string | string[] | undefined, attempt: number, maxMs: number): Promise<void> {
  const waitMs = Math.min(retryAfterMs(retryAfter) ?? 1000 * 2 ** attempt, maxMs);
  return new Promise((resolve) => setTimeout(resolve, waitMs));
}

/**
 * Entra ID's answer to a refused sign-in, as @azure/identity (AuthenticationError) or MSAL (ServerError) passes it on:
 * its error code and the AADSTS line that says why. Anything else: the error's first line.
 */
function signInFailure(err: unknown): string {
  const e = err as {
    statusCode?: number;
    errorCode?: string;
    message?: string;
    errorResponse?: { error?: string; errorDescription?: string };
  };
  const message = String(e?.message ?? err);
  const code = e?.errorResponse?.error ?? e?.errorCode ?? /^([a-z_]{1,60}): /.exec(message)?.[1];
  const reason = (e?.errorResponse?.errorDescription ?? message).match(/AADSTS\d+: [^\r\n]*?(?= - |\r|\n|$)/)?.[0];
  if (code && /^[a-z_]{1,60}$/.test(code))
    return `${typeof e.statusCode === 'number' ? `HTTP ${e.statusCode}: ` : ''}${code}${reason ? ` (${reason})` : ''}`;
  return message.split('\n')[0];
}

/** Graph's and Entra's error bodies name a code and a message. A careless server may echo what it was sent: the
 * secrets and tokens are scrubbed from the parsed texts (JSON's \u escapes decoded) before they are cut and shown. */
function graphError(text: string, scrub: (text: string) => string): { code: string | null; text: string } {
  const words = (value: unknown) => (typeof value === 'string' ? serverWords(value.split(/\r?\n/)[0], scrub) : '');
  try {
    const body = JSON.parse(text) as {
      error?: { code?: unknown; message?: unknown } | string;
      error_description?: unknown;
    };
    if (typeof body.error === 'string') {
      const description = words(body.error_description);
      return { code: words(body.error), text: `: ${words(body.error)}${description ? ` (${description})` : ''}` };
    }
    if (body.error && typeof body.error === 'object') {
      const code = words(body.error.code);
      const message = words(body.error.message);
      return { code: code || null, text: `: ${code || 'error'}${message ? ` (${message})` : ''}` };
    }
  } catch {
    // Not JSON: the status alone has to do.
  }
  return { code: null, text: '' };
}
