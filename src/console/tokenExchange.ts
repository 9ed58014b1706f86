// The v3 token exchange (Cisco's "Secure Endpoint API - Authentication"): the Secure Client / XDR API client's ID and
// password get a Cisco XDR token (POST {XDR}/iroh/oauth2/token, grant_type=client_credentials, HTTP Basic), which the
// region's Secure Endpoint API exchanges for its own token (POST {API}/v3/access_tokens with the XDR token as bearer).
// Both live about 10 minutes, so a scheduled job cannot be handed one: the tool runs the exchange itself. Each step's
// failure names the step and the variables to check; no credential or token is ever part of a message.
import { request, type Dispatcher } from 'undici';
import { basicCredentials, ConsoleApiError, describeNetworkError, pathOf, readCapped } from './httpParts';
import { CONSOLE_ENV } from './settings';

/** A failure of the exchange itself: never answered by another exchange (its message says what to fix). */
export class TokenExchangeError extends ConsoleApiError {}

/** What a 403 at the exchange means: the API client acts with its creator's Secure Endpoint rights. */
export const EXCHANGE_PERMISSION =
  "an API client of a Cisco XDR / Secure Client Cloud Management integrated with this Secure Endpoint organization, made by a user who may read Secure Endpoint (the API client has its creator's Secure Endpoint rights; any scope is enough)";

export interface ExchangeSettings {
  xdrTokenUrl: string;
  baseUrl: string;
  clientId: string;
  clientPassword: string;
  timeoutMs: number;
}

/** A token answer is a few KB; more is not a token answer. */
const MAX_TOKEN_ANSWER_BYTES = 64 * 1024;

interface TokenStep {
  label: string;
  url: string;
  authorization: string;
  /** Statuses that mean "these credentials were refused" (Cisco's XDR answers 400 as well as 401 to a wrong pair). */
  refusedStatuses: number[];
  refused: string;
  forbidden: string;
}

/**
 * Runs both steps and returns the Secure Endpoint token. `keepSecret` learns each token as soon as it exists, so that
 * even a failure of the next step cannot print it.
 */
export async function exchangeToken(
  dispatcher: Dispatcher,
  settings: ExchangeSettings,
  keepSecret: (token: string) => void,
): Promise<string> {
  const xdrToken = await requestToken(dispatcher, settings.timeoutMs, xdrStep(settings));
  keepSecret(xdrToken);
  const seToken = await requestToken(dispatcher, settings.timeoutMs, exchangeStep(settings, xdrToken));
  keepSecret(seToken);
  return seToken;
}

function xdrStep(s: ExchangeSettings): TokenStep {
  return {
    label: 'v3 token exchange, step 1 (Cisco XDR token)',
    url: s.xdrTokenUrl,
    authorization: `Basic ${basicCredentials(s.clientId, s.clientPassword)}`,
    refusedStatuses: [400, 401],
    refused: `the XDR API client ID and password were refused (check ${CONSOLE_ENV.xdrClientId} and ${CONSOLE_ENV.xdrClientPassword}, and that the API client was made in this region's Cisco XDR / Secure Client Cloud Management: ${new URL(s.xdrTokenUrl).origin})`,
    forbidden: `the XDR API client may not get a token (check in Cisco XDR / Secure Client Cloud Management that the API client of ${CONSOLE_ENV.xdrClientId} is enabled)`,
  };
}

function exchangeStep(s: ExchangeSettings, xdrToken: string): TokenStep {
  return {
    label: 'v3 token exchange, step 2 (Secure Endpoint token)',
    url: `${s.baseUrl}/v3/access_tokens`,
    authorization: `Bearer ${xdrToken}`,
    refusedStatuses: [401],
    refused: `the Secure Endpoint API refused the XDR token (check that this Secure Endpoint organization is integrated with the Cisco XDR / Secure Client Cloud Management where the API client of ${CONSOLE_ENV.xdrClientId} was made, and that both are in this region: ${s.baseUrl})`,
    forbidden: `the API client lacks a permission; the exchange needs ${EXCHANGE_PERMISSION}`,
  };
}

async function requestToken(dispatcher: Dispatcher, timeoutMs: number, step: TokenStep): Promise<string> {
  const where = `${step.label}: POST ${pathOf(step.url)}`;
  const response = await post(dispatcher, timeoutMs, step);
  let body: string;
  try {
    body = await readCapped(response, MAX_TOKEN_ANSWER_BYTES);
  } catch (err) {
    throw new TokenExchangeError(`${where}: ${readFailure(err)}`, null);
  }
  const status = response.statusCode;
  if (step.refusedStatuses.includes(status))
    throw new TokenExchangeError(`${where}: HTTP ${status}: ${step.refused}`, status);
  if (status === 403) throw new TokenExchangeError(`${where}: HTTP 403: ${step.forbidden}`, status);
  if (status < 200 || status > 299) throw new TokenExchangeError(`${where}: HTTP ${status}${oauthError(body)}`, status);
  return tokenFrom(body, where);
}

async function post(dispatcher: Dispatcher, timeoutMs: number, step: TokenStep): Promise<Dispatcher.ResponseData> {
  try {
    return await request(step.url, {
      method: 'POST',
      headers: {
        authorization: step.authorization,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
      dispatcher,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new TokenExchangeError(
      `${step.label}: POST ${new URL(step.url).host}${pathOf(step.url)}: ${describeNetworkError(err)}`,
      null,
    );
  }
}

function readFailure(err: unknown): string {
  return err instanceof ConsoleApiError ? err.message : describeNetworkError(err);
}

/** The token goes into an Authorization header: printable, no spaces, of a sane length. */
const TOKEN_SHAPE = /^[\x21-\x7e]{1,16384}$/;

function tokenFrom(body: string, where: string): string {
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    throw new TokenExchangeError(`${where}: the answer is not JSON`, null);
  }
  const token = (answer as { access_token?: unknown } | null)?.access_token;
  if (typeof token !== 'string' || !TOKEN_SHAPE.test(token))
    throw new TokenExchangeError(`${where}: the answer holds no access_token`, null);
  return token;
}

/** An OAuth error answer ({error, error_description}) shows its error code only, and only when it has the shape of
 * one (invalid_client, ...): a description may echo what was sent, and a cut-off echo could not be scrubbed. */
function oauthError(body: string): string {
  try {
    const error = (JSON.parse(body) as { error?: unknown }).error;
    if (typeof error === 'string' && /^[a-z_]{1,40}$/.test(error)) return `: ${error}`;
  } catch {
    // Not JSON: the status alone has to do.
  }
  return '';
}
