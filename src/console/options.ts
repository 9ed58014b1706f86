// Options of the commands that talk to the Secure Endpoint API (`policy`, and `fleet --secure-endpoint`). Tiny and
// imported up front by the CLI; the client itself lives in a lazily compiled chunk. Credentials are never options.
import { REGION_NAMES, throwIfOutOfRange } from '../contract/options';
import type { Argv } from 'yargs';
import { readCaFile } from '../system/pemFile';
import {
  baseUrlFor,
  CONSOLE_ENV,
  DEFAULT_CONSOLE_TIMEOUT_MS,
  DEFAULT_MAX_PAGES,
  exchangesToken,
  loadCredentials,
  xdrTokenUrlFor,
  type ConsoleCredentials,
  type ConsoleSettings,
} from './settings';

export function withConsoleOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('region', {
      type: 'string',
      describe: `Secure Endpoint cloud: ${REGION_NAMES.join(', ')} (default ${CONSOLE_ENV.region} or na)`,
    })
    .option('console-url', {
      type: 'string',
      describe: `Private Cloud console API base URL, e.g. https://console.example.com (default ${CONSOLE_ENV.url})`,
    })
    .option('console-ca-file', {
      type: 'string',
      describe: "PEM file of the CA that issued the Private Cloud console's certificate",
    })
    .option('credentials-file', {
      type: 'string',
      describe: `file of ${CONSOLE_ENV.clientId}=..., ${CONSOLE_ENV.apiKey}=..., ${CONSOLE_ENV.xdrClientId}=..., ${CONSOLE_ENV.xdrClientPassword}=... lines (default ${CONSOLE_ENV.credentialsFile}); never give keys on the command line`,
    })
    .option('xdr-token-url', {
      type: 'string',
      describe: `https URL of the Cisco XDR token the v3 exchange starts from (default ${CONSOLE_ENV.xdrTokenUrl}, else the region's https://visibility.<region>.amp.cisco.com/iroh/oauth2/token)`,
    })
    .option('console-timeout-ms', {
      type: 'number',
      default: DEFAULT_CONSOLE_TIMEOUT_MS,
      describe: 'timeout of each Secure Endpoint API request',
    })
    .option('console-max-pages', {
      type: 'number',
      default: DEFAULT_MAX_PAGES,
      hidden: true,
      describe: 'stop paging after this many pages',
    });
}

export interface RawConsoleArgs {
  region?: string;
  consoleUrl?: string;
  consoleCaFile?: string;
  credentialsFile?: string;
  xdrTokenUrl?: string;
  consoleTimeoutMs: number;
  consoleMaxPages: number;
}

/** Checks the options and reads credentials and the CA; the message of what it throws is the usage error printed. */
export function toConsoleSettings(raw: RawConsoleArgs, env: NodeJS.ProcessEnv, need: 'v1' | 'any'): ConsoleSettings {
  const region = raw.region ?? env[CONSOLE_ENV.region];
  const url = raw.consoleUrl ?? env[CONSOLE_ENV.url];
  if (raw.region && raw.consoleUrl) throw new Error('give --region or --console-url, not both');
  const baseUrl = baseUrlFor(region || undefined, url || undefined);
  throwIfOutOfRange('console-timeout-ms', raw.consoleTimeoutMs);
  throwIfOutOfRange('console-max-pages', raw.consoleMaxPages);
  const caPem = raw.consoleCaFile ? readConsoleCaFile(raw.consoleCaFile) : null;
  const credentials = loadCredentials(env, raw.credentialsFile, need);
  const xdrTokenUrl = xdrTokenUrlFor(
    region || undefined,
    url || undefined,
    raw.xdrTokenUrl || env[CONSOLE_ENV.xdrTokenUrl] || undefined,
  );
  if (need === 'any') refuseXdrWithoutTokenUrl(credentials, xdrTokenUrl);
  return {
    baseUrl,
    caPem,
    credentials,
    xdrTokenUrl,
    timeoutMs: raw.consoleTimeoutMs,
    maxRetries: 4,
    maxRetryAfterMs: 120_000,
    maxPages: raw.consoleMaxPages,
  };
}

/** A Private Cloud console is not integrated with Cisco XDR: an exchange would have nowhere to start. */
function refuseXdrWithoutTokenUrl(credentials: ConsoleCredentials, xdrTokenUrl: string | null): void {
  if (exchangesToken(credentials) && xdrTokenUrl === null)
    throw new Error(
      `${CONSOLE_ENV.xdrClientId} and ${CONSOLE_ENV.xdrClientPassword} are for the Secure Endpoint cloud: a Private Cloud console (--console-url) has no Cisco XDR to get a token from. Use ${CONSOLE_ENV.clientId} and ${CONSOLE_ENV.apiKey}, or name the token URL with --xdr-token-url`,
    );
}

export function withPolicyOptions<T>(yargs: Argv<T>) {
  return (
    withConsoleOptions(yargs)
      // --output, as collect names its folder; --out, its first name, stays an alias.
      .option('output', {
        alias: 'out',
        type: 'string',
        default: 'policies',
        describe: 'folder the policy XML files are saved to (created if missing)',
      })
      .option('format', {
        choices: ['text', 'json'] as const,
        default: 'text' as const,
        describe: 'report format on stdout',
      })
      .option('product', { type: 'string', default: 'windows', describe: 'policies of this product only ("" for all)' })
      .option('organization', {
        type: 'string',
        describe: 'with a v3 bearer token that sees several organizations: which one (name or identifier)',
      })
      .option('now', { type: 'string', hidden: true, describe: 'report as of this ISO time (tests)' })
  );
}

export interface RawPolicyArgs extends RawConsoleArgs {
  out: string;
  format: 'text' | 'json';
  product: string;
  organization?: string;
  now?: string;
}

export interface PolicyArgs {
  settings: ConsoleSettings;
  out: string;
  format: 'text' | 'json';
  product: string | null;
  organization: string | null;
  now: Date;
}

export function toPolicyArgs(raw: RawPolicyArgs, env: NodeJS.ProcessEnv): PolicyArgs {
  if (!raw.out) throw new Error('--output must name a folder');
  const now = raw.now ? new Date(raw.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error('--now must be an ISO 8601 time');
  return {
    settings: toConsoleSettings(raw, env, 'any'),
    out: raw.out,
    format: raw.format,
    product: raw.product || null,
    organization: raw.organization ?? null,
    now,
  };
}

function readConsoleCaFile(file: string): string {
  try {
    return readCaFile(file);
  } catch (err) {
    throw new Error(`--console-ca-file: ${(err as Error).message}`, { cause: err });
  }
}
