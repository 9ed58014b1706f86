// Options of the commands that talk to the Secure Endpoint API (`policy`, and `fleet --secure-endpoint`). Tiny and
// imported up front by the CLI; the client itself lives in a lazily compiled chunk. Credentials are never options.
import type { InferredOptionTypes } from 'yargs';
import { checkRanges, parseNow, REGION_NAMES, type OptionTable } from '../contract/options';
import { readCaFileOption } from '../system/pemFile';
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

/** The options of every command that reads the Secure Endpoint API (policy, fleet --secure-endpoint). */
export const CONSOLE_OPTIONS = {
  region: {
    type: 'string',
    describe: `Secure Endpoint cloud: ${REGION_NAMES.join(', ')} (default ${CONSOLE_ENV.region} or na)`,
  },
  'console-url': {
    type: 'string',
    describe: `Private Cloud console API base URL, e.g. https://console.example.com (default ${CONSOLE_ENV.url})`,
  },
  'console-ca-file': {
    type: 'string',
    describe: "PEM file of the CA that issued the Private Cloud console's certificate",
  },
  'credentials-file': {
    type: 'string',
    describe: `file of ${CONSOLE_ENV.clientId}=..., ${CONSOLE_ENV.apiKey}=..., ${CONSOLE_ENV.xdrClientId}=..., ${CONSOLE_ENV.xdrClientPassword}=... lines (default ${CONSOLE_ENV.credentialsFile}); never give keys on the command line`,
  },
  'xdr-token-url': {
    type: 'string',
    describe: `https URL of the Cisco XDR token the v3 exchange starts from (default ${CONSOLE_ENV.xdrTokenUrl}, else the region's https://visibility.<region>.amp.cisco.com/iroh/oauth2/token)`,
  },
  'console-timeout-ms': {
    type: 'number',
    default: DEFAULT_CONSOLE_TIMEOUT_MS,
    range: { min: 100, max: 600_000, integer: true },
    describe: 'timeout of each Secure Endpoint API request',
  },
  'console-max-pages': {
    type: 'number',
    default: DEFAULT_MAX_PAGES,
    hidden: true,
    range: { min: 1, max: 100_000, integer: true },
    describe: 'stop paging after this many pages',
  },
} as const satisfies OptionTable;

type ConsoleArgs = InferredOptionTypes<typeof CONSOLE_OPTIONS>;

/** Checks the options and reads credentials and the CA; the message of what it throws is the usage error printed. */
export function toConsoleSettings(raw: ConsoleArgs, env: NodeJS.ProcessEnv, need: 'v1' | 'any'): ConsoleSettings {
  const region = raw.region ?? env[CONSOLE_ENV.region];
  const url = raw['console-url'] ?? env[CONSOLE_ENV.url];
  if (raw.region && raw['console-url']) throw new Error('give --region or --console-url, not both');
  const baseUrl = baseUrlFor(region || undefined, url || undefined);
  checkRanges(CONSOLE_OPTIONS, raw);
  const caFile = raw['console-ca-file'];
  const caPem = caFile ? readCaFileOption('--console-ca-file', caFile) : null;
  const credentials = loadCredentials(env, raw['credentials-file'], need);
  const xdrTokenUrl = xdrTokenUrlFor(
    region || undefined,
    url || undefined,
    raw['xdr-token-url'] || env[CONSOLE_ENV.xdrTokenUrl] || undefined,
  );
  if (need === 'any') refuseXdrWithoutTokenUrl(credentials, xdrTokenUrl);
  return {
    baseUrl,
    caPem,
    credentials,
    xdrTokenUrl,
    timeoutMs: raw['console-timeout-ms'],
    maxRetries: 4,
    maxRetryAfterMs: 120_000,
    maxPages: raw['console-max-pages'],
  };
}

/** A Private Cloud console is not integrated with Cisco XDR: an exchange would have nowhere to start. */
function refuseXdrWithoutTokenUrl(credentials: ConsoleCredentials, xdrTokenUrl: string | null): void {
  if (exchangesToken(credentials) && xdrTokenUrl === null)
    throw new Error(
      `${CONSOLE_ENV.xdrClientId} and ${CONSOLE_ENV.xdrClientPassword} are for the Secure Endpoint cloud: a Private Cloud console (--console-url) has no Cisco XDR to get a token from. Use ${CONSOLE_ENV.clientId} and ${CONSOLE_ENV.apiKey}, or name the token URL with --xdr-token-url`,
    );
}

/** policy's own options, on top of CONSOLE_OPTIONS. */
export const POLICY_OPTIONS = {
  // --output, as collect names its folder; --out, its first name, stays an alias.
  output: {
    alias: 'out',
    type: 'string',
    default: 'policies',
    describe: 'folder the policy XML files are saved to (created if missing)',
  },
  format: { choices: ['text', 'json'], default: 'text', describe: 'report format on stdout' },
  product: { type: 'string', default: 'windows', describe: 'policies of this product only ("" for all)' },
  organization: {
    type: 'string',
    describe: 'with a v3 bearer token that sees several organizations: which one (name or identifier)',
  },
  now: { type: 'string', hidden: true, describe: 'report as of this ISO time (tests)' },
} as const satisfies OptionTable;

export interface PolicyArgs {
  settings: ConsoleSettings;
  out: string;
  format: 'text' | 'json';
  product: string | null;
  organization: string | null;
  now: Date;
}

export function toPolicyArgs(
  raw: ConsoleArgs & InferredOptionTypes<typeof POLICY_OPTIONS>,
  env: NodeJS.ProcessEnv,
): PolicyArgs {
  if (!raw.output) throw new Error('--output must name a folder');
  const now = parseNow(raw.now);
  return {
    settings: toConsoleSettings(raw, env, 'any'),
    out: raw.output,
    format: raw.format,
    product: raw.product || null,
    organization: raw.organization ?? null,
    now,
  };
}
