// Where the Secure Endpoint API is and who we are to it: the region's base URL (or a Private Cloud console with its
// own CA), and API credentials taken from environment variables or a file, never from the command line (where they
// would land in shell history and process lists).
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { parseRegion, REGION_NAMES, REGIONS } from '../contract/options';
import { readFileBoundedSync } from '../system/readFileBounded';
import { nonOwnerReader } from '../system/pathTrust';
import { system32 } from '../system/windowsPaths';

/** Variable names; a credentials file holds the same names as NAME=value lines. */
export const CONSOLE_ENV = {
  clientId: 'TETRA_SE_CLIENT_ID',
  apiKey: 'TETRA_SE_API_KEY',
  bearerToken: 'TETRA_SE_BEARER_TOKEN',
  xdrClientId: 'TETRA_SE_XDR_CLIENT_ID',
  xdrClientPassword: 'TETRA_SE_XDR_CLIENT_PASSWORD',
  credentialsFile: 'TETRA_SE_CREDENTIALS_FILE',
  region: 'TETRA_SE_REGION',
  url: 'TETRA_SE_URL',
  xdrTokenUrl: 'TETRA_SE_XDR_TOKEN_URL',
} as const;

export interface ConsoleCredentials {
  /** v1: HTTP Basic with the API client ID and API key. */
  clientId: string | null;
  apiKey: string | null;
  /** v3: a ready Secure Endpoint bearer token (from a token exchange run elsewhere); wins over the XDR pair. */
  bearerToken: string | null;
  /** v3: the Secure Client / XDR API client whose token this tool exchanges for a Secure Endpoint token itself. */
  xdrClientId: string | null;
  xdrClientPassword: string | null;
  /** Windows: the credentials file can be read by users other than its owner (a warning; POSIX refuses such a file). */
  fileWarning?: string;
}

export interface ConsoleSettings {
  baseUrl: string;
  /** PEM of the CA that issued a Private Cloud console's certificate; null trusts Node's public roots only. */
  caPem: string | null;
  credentials: ConsoleCredentials;
  /** Where the XDR token of the v3 exchange is asked for; null for a Private Cloud console, which has no XDR. */
  xdrTokenUrl: string | null;
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

/** The region's XDR token URL, or the one given (https only); a Private Cloud console has none. */
export function xdrTokenUrlFor(
  region: string | undefined,
  consoleUrl: string | undefined,
  given: unknown,
): string | null {
  if (Array.isArray(given)) throw new Error('give --xdr-token-url once');
  if (typeof given === 'string' && given !== '') {
    if (!/^https:\/\//i.test(given) || !URL.canParse(given))
      throw new Error(
        '--xdr-token-url must be an https URL, e.g. https://visibility.eu.amp.cisco.com/iroh/oauth2/token',
      );
    return given;
  }
  if (consoleUrl) return null;
  const name = parseRegion(region ?? 'na');
  return name === null ? null : `${REGIONS[name].xdr}/iroh/oauth2/token`;
}

/** Whether v3 calls get their token from this tool's own exchange (a ready bearer token wins). */
export function exchangesToken(credentials: ConsoleCredentials): boolean {
  return credentials.bearerToken === null && credentials.xdrClientId !== null && credentials.xdrClientPassword !== null;
}

/**
 * The environment first, then the file (--credentials-file or TETRA_SE_CREDENTIALS_FILE) for what the environment
 * does not set. Throws with the names to set when neither the v1 pair, nor a bearer token, nor the XDR pair is there
 * (`any`), or when the v1 pair is missing (`v1`).
 */
export function loadCredentials(
  env: NodeJS.ProcessEnv,
  file: string | undefined,
  need: 'v1' | 'any',
): ConsoleCredentials {
  const { values: fromFile, fileWarning } = readCredentialFile(file || env[CONSOLE_ENV.credentialsFile] || null);
  const pick = (name: string) => nonEmpty(env[name]) ?? nonEmpty(fromFile[name]);
  const credentials = {
    clientId: pick(CONSOLE_ENV.clientId),
    apiKey: pick(CONSOLE_ENV.apiKey),
    bearerToken: pick(CONSOLE_ENV.bearerToken),
    xdrClientId: pick(CONSOLE_ENV.xdrClientId),
    xdrClientPassword: pick(CONSOLE_ENV.xdrClientPassword),
    ...(fileWarning ? { fileWarning } : {}),
  };
  const hasV1 = credentials.clientId !== null && credentials.apiKey !== null;
  if (need === 'v1' && !hasV1)
    throw new Error(
      `Secure Endpoint API credentials missing: set ${CONSOLE_ENV.clientId} and ${CONSOLE_ENV.apiKey} in the environment or in a --credentials-file`,
    );
  if (need === 'any') checkAnyCredentials(credentials, hasV1);
  return credentials;
}

function checkAnyCredentials(credentials: ConsoleCredentials, hasV1: boolean): void {
  if ((credentials.xdrClientId === null) !== (credentials.xdrClientPassword === null))
    throw new Error(
      `Secure Endpoint API credentials incomplete: set both ${CONSOLE_ENV.xdrClientId} and ${CONSOLE_ENV.xdrClientPassword} (only ${credentials.xdrClientId === null ? CONSOLE_ENV.xdrClientPassword : CONSOLE_ENV.xdrClientId} is set)`,
    );
  if (!hasV1 && credentials.bearerToken === null && credentials.xdrClientId === null)
    throw new Error(
      `Secure Endpoint API credentials missing: set ${CONSOLE_ENV.clientId} and ${CONSOLE_ENV.apiKey} (v1), or ${CONSOLE_ENV.xdrClientId} and ${CONSOLE_ENV.xdrClientPassword} (v3), in the environment or in a --credentials-file`,
    );
}

/** What a person must hear about each credentials file a command read (the console's, the Azure sign-in's): today,
 * that users other than its owner can read it (Windows; POSIX refuses such a file). Absent sources say nothing. */
export function credentialsFileWarnings(...read: Array<{ fileWarning?: string } | null | undefined>): string[] {
  return read.flatMap((credentials) => (credentials?.fileWarning ? [credentials.fileWarning] : []));
}

export function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * A credentials file others can read is a leaked key. POSIX: refused (throws, a usage error) unless group and others
 * have no access at all (chmod 600). Windows, where modes say nothing: a warning when icacls shows Everyone, Users or
 * Authenticated Users with any right to it; null otherwise.
 */
function credentialFileWarning(file: string): string | null {
  if (process.platform === 'win32') {
    const run = spawnSync(system32('icacls.exe'), [file], { timeout: 10_000, encoding: 'utf8', windowsHide: true });
    const reader = run.status === 0 ? nonOwnerReader(run.stdout) : null;
    return reader
      ? `the credentials file ${file} can be read by ${reader}: give only your account, SYSTEM and Administrators access to it`
      : null;
  }
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return null; // The read says what is wrong with it.
  }
  if ((mode & 0o077) !== 0)
    throw new Error(
      `the credentials file ${file} can be read or changed by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}): make it readable by its owner only (chmod 600)`,
    );
  return null;
}

/** NAME=value lines, # comments; values may be quoted. The file's contents are never echoed in an error. Names are
 * data (a null-prototype map: a line `__proto__=x` is one more unknown name). No file (null): no values. */
export function readCredentialFile(file: string | null): {
  values: Record<string, string>;
  fileWarning: string | null;
} {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  if (file === null) return { values, fileWarning: null };
  const text = readSmallRegularFile(file, MAX_CREDENTIAL_FILE_BYTES, 'credentials file');
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
  // Every credentials file a command reads (the console's, the Azure sign-in's) is checked for who else can read it.
  return { values, fileWarning: credentialFileWarning(file) };
}

/** The system's bounded reader: a regular file only (never a FIFO that would block or a device that never ends),
 * opened without blocking and read up to its cap. The file's contents never reach an error message. */
export function readSmallRegularFile(file: string, cap: number, what: string): string {
  const read = readFileBoundedSync(file, { maxBytes: cap, followLinks: true });
  if (read.state === 'missing') throw new Error(`the ${what} ${file} does not exist`);
  if (read.state === 'failed') throw new Error(`the ${what} cannot be used: ${read.error}`);
  return read.bytes.toString('utf8').replace(/^\uFEFF/, '');
}
