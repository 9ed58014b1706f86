// Pulls a remediation's deviceRunStates from Microsoft Graph with app credentials (client-credentials flow), through
// undici: paging by @odata.nextLink, 429/503 honoured with Retry-After, a timeout on every request, the token renewed
// before it expires and once more if Graph answers 401. Bundled as its own lazy chunk: only `fleet --graph` loads it.
import { Agent, request, type Dispatcher } from 'undici';
import { serverWords } from '../console/httpParts';
import { createRedactor, type Redactor } from '../render/redact';
import { networkErrorText, readCapped, retryAfterMs } from '../system/httpAnswer';

export class GraphError extends Error {}

/** A Graph page of run states is a few MB; a larger answer is not one, and is never read whole. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** Graph pages hold up to 1,000 run states: 5,000 pages are five million devices, beyond any tenant's remediation. */
export const MAX_GRAPH_PAGES = 5000;
/** What one Graph page may hold at most (its $top limit); a page with more is not Graph's. */
export const GRAPH_PAGE_ITEMS = 1000;

export interface GraphSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  graphUrl: string;
  loginUrl: string;
  timeoutMs: number;
  maxRetries: number;
  /** The longest Retry-After honoured; a longer one is cut to this. */
  maxRetryAfterMs: number;
  /** Paging stops with an error after this many pages (default MAX_GRAPH_PAGES). */
  maxPages?: number;
}

export interface PullResult {
  remediationId: string;
  pages: number;
}

/** Finds the remediation (by id, or by its display name) and hands every deviceRunStates page to onPage. */
export async function pullRunStates(
  settings: GraphSettings,
  remediation: { id?: string; name?: string },
  onPage: (page: unknown, where: string) => void,
): Promise<PullResult> {
  const client = new GraphClient(settings);
  try {
    const remediationId = remediation.id ?? (await client.findRemediationId(remediation.name!));
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
  private token: { value: string; renewAt: number } | null = null;
  private readonly dispatcher: Dispatcher;

  /** Removes the client secret and the tokens of this run from anything a server's answer makes us say. */
  private redactor: Redactor;

  constructor(private readonly settings: GraphSettings) {
    this.redactor = createRedactor({ proxyPassword: null, others: [settings.clientSecret] });
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

  /** GET a Graph URL as JSON. A 401 on a token we already had means it expired early: renew once and repeat. */
  async get(url: string): Promise<unknown> {
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const token = await this.bearer();
      const response = await this.send(url, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
      if (response.statusCode === 401 && !renewed) {
        await response.body.dump();
        this.token = null;
        renewed = true;
        continue;
      }
      if (await this.waitIfThrottled(response, attempt)) continue;
      return this.json(response, `GET ${new URL(url).pathname}`);
    }
  }

  private async bearer(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return this.token.value;
    const { tenantId, clientId, clientSecret, loginUrl, graphUrl } = this.settings;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: `${new URL(graphUrl).origin}/.default`,
    });
    for (let attempt = 0; ; attempt++) {
      const response = await this.send(`${loginUrl}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      if (await this.waitIfThrottled(response, attempt)) continue;
      const body = (await this.json(response, 'token request')) as {
        access_token?: string;
        expires_in?: number | string;
      };
      if (typeof body.access_token !== 'string') throw new GraphError('token response without access_token');
      // Renew a minute early (or at half-life for short tokens) so a page never goes out with a token about to lapse.
      const lifetimeMs = Number(body.expires_in ?? 3600) * 1000;
      this.redactor = createRedactor({ proxyPassword: null, others: [this.settings.clientSecret, body.access_token] });
      this.token = { value: body.access_token, renewAt: Date.now() + Math.max(lifetimeMs / 2, lifetimeMs - 60_000) };
      return this.token.value;
    }
  }

  private async send(
    url: string,
    options: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
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
  private async waitIfThrottled(response: Dispatcher.ResponseData, attempt: number): Promise<boolean> {
    if (response.statusCode !== 429 && response.statusCode !== 503) return false;
    await response.body.dump();
    if (attempt >= this.settings.maxRetries)
      throw new GraphError(`still throttled (HTTP ${response.statusCode}) after ${attempt} retries`);
    const waitMs = Math.min(
      retryAfterMs(response.headers['retry-after']) ?? 1000 * 2 ** attempt,
      this.settings.maxRetryAfterMs,
    );
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    return true;
  }

  private async json(response: Dispatcher.ResponseData, what: string): Promise<unknown> {
    const text = await readCapped(response, MAX_ANSWER_BYTES, (message) => new GraphError(`${what}: ${message}`));
    if (response.statusCode < 200 || response.statusCode > 299)
      throw new GraphError(`${what}: HTTP ${response.statusCode}${graphErrorText(text, this.redactor.text)}`);
    try {
      return JSON.parse(text);
    } catch {
      throw new GraphError(`${what}: the answer is not JSON`);
    }
  }
}

/** Graph's and Entra's error bodies name a code and a message. A careless server may echo what it was sent: the
 * secret and the token are scrubbed from the parsed texts before they are cut and shown. */
function graphErrorText(text: string, scrub: (text: string) => string): string {
  const words = (value: unknown) => (typeof value === 'string' ? serverWords(value, scrub) : '');
  try {
    const body = JSON.parse(text) as {
      error?: { code?: unknown; message?: unknown } | string;
      error_description?: unknown;
    };
    if (typeof body.error === 'string')
      return `: ${words(body.error)}${body.error_description ? ` (${words(body.error_description)})` : ''}`;
    if (body.error && typeof body.error === 'object')
      return `: ${words(body.error.code) || 'error'}${body.error.message ? ` (${words(body.error.message)})` : ''}`;
  } catch {
    // Not JSON: the status alone has to do.
  }
  return '';
}
