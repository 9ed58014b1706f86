// Where the Secure Endpoint API is and who we are to it: the region's base URL (or a Private Cloud console with its
// own CA), and API credentials taken from environment variables or a file, never from the command line (where they
// would land in shell history and process lists).
import { parseRegion, REGION_NAMES, REGIONS } from '../options';
import { readFileBoundedSync } from '../system/readFileBounded';

/** Variable names; a credentials file holds the same names as NAME=value lines. */
export const CONSOLE_ENV = {
  clientId: 'TETRA_SE_CLIENT_ID',
  apiKey: 'TETRA_SE_API_KEY',
  bearerToken: 'TETRA_SE_BEARER_TOKEN',
  credentialsFile: 'TETRA_SE_CREDENTIALS_FILE',
  region: 'TETRA_SE_REGION',
  url: 'TETRA_SE_URL',
} as const;

export interface ConsoleCredentials {
  /** v1: HTTP Basic with the API client ID and API key. */
  clientId: string | null;
  apiKey: string | null;
  /** v3: a Secure Endpoint bearer token (from the Secure Client / XDR API client's token exchange). */
  bearerToken: string | null;
}

export interface ConsoleSettings {
  baseUrl: string;
  /** PEM of the CA that issued a Private Cloud console's certificate; null trusts Node's public roots only. */
  caPem: string | null;
  credentials: ConsoleCredentials;
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait a 429's Retry-After or an exhausted rate limit is honoured for. */
  maxRetryAfterMs: number;
  maxPages: number;
}

export const DEFAULT_CONSOLE_TIMEOUT_MS = 30_000;
/** /v1/computers gives 500 per page: 2,000 pages are a million computers. */
export const DEFAULT_MAX_PAGES = 2000;
const MAX_CREDENTIAL_FILE_BYTES = 64 * 1024;
const MAX_CA_FILE_BYTES = 1024 * 1024;

export function baseUrlFor(region: string | undefined, url: string | undefined): string {
  if (url) {
    if (!/^https:\/\//i.test(url) || !URL.canParse(url))
      throw new Error('--console-url must be an https URL (a Private Cloud console, e.g. https://console.example.com)');
    return url.replace(/\/+$/, '');
  }
  const name = parseRegion(region ?? 'na');
  if (name === null) throw new Error(`--region must be one of ${REGION_NAMES.join(', ')}`);
  return REGIONS[name].api;
}

/**
 * The environment first, then the file (--credentials-file or TETRA_SE_CREDENTIALS_FILE) for what the environment
 * does not set. Throws with the names to set when neither v1 pair nor a bearer token is there.
 */
export function loadCredentials(
  env: NodeJS.ProcessEnv,
  file: string | undefined,
  need: 'v1' | 'any',
): ConsoleCredentials {
  const fromFile =
    file || env[CONSOLE_ENV.credentialsFile] ? readCredentialFile(file || env[CONSOLE_ENV.credentialsFile]!) : {};
  const pick = (name: string) => nonEmpty(env[name]) ?? nonEmpty(fromFile[name]);
  const credentials = {
    clientId: pick(CONSOLE_ENV.clientId),
    apiKey: pick(CONSOLE_ENV.apiKey),
    bearerToken: pick(CONSOLE_ENV.bearerToken),
  };
  const hasV1 = credentials.clientId !== null && credentials.apiKey !== null;
  if (need === 'v1' && !hasV1)
    throw new Error(
      `Secure Endpoint API credentials missing: set ${CONSOLE_ENV.clientId} and ${CONSOLE_ENV.apiKey} in the environment or in a --credentials-file`,
    );
  if (need === 'any' && !hasV1 && credentials.bearerToken === null) {
    throw new Error(
      `Secure Endpoint API credentials missing: set ${CONSOLE_ENV.clientId} and ${CONSOLE_ENV.apiKey} (or ${CONSOLE_ENV.bearerToken}) in the environment or in a --credentials-file`,
    );
  }
  return credentials;
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** NAME=value lines, # comments; values may be quoted. The file's contents are never echoed in an error. */
function readCredentialFile(file: string): Record<string, string> {
  const text = readSmallRegularFile(file, MAX_CREDENTIAL_FILE_BYTES, 'credentials file');
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    values[line.slice(0, eq).trim()] = line
      .slice(eq + 1)
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2');
  }
  return values;
}

export function readCaFile(file: string): string {
  const text = readSmallRegularFile(file, MAX_CA_FILE_BYTES, 'CA file');
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`the CA file ${file} holds no PEM certificate`);
  return text;
}

/** The system's bounded reader: a regular file only (never a FIFO that would block or a device that never ends),
 * opened without blocking and read up to its cap. The file's contents never reach an error message. */
function readSmallRegularFile(file: string, cap: number, what: string): string {
  const read = readFileBoundedSync(file, { maxBytes: cap, followLinks: true });
  if (read.state === 'missing') throw new Error(`the ${what} ${file} does not exist`);
  if (read.state === 'failed') throw new Error(`the ${what} cannot be used: ${read.error}`);
  return read.bytes.toString('utf8').replace(/^\uFEFF/, '');
}
