// The fleet command's own options (it takes none of the endpoint options). Imported by the CLI up front, so it stays
// tiny: the readers, renderers and the Graph client live in lazily compiled chunks.
import type { InferredOptionTypes } from 'yargs';
import {
  checkRanges,
  parseNow,
  systemLanguage,
  TIMEOUT_MS_RANGE,
  type Language,
  type OptionTable,
} from '../contract/options';
import { CONSOLE_OPTIONS, toConsoleSettings } from '../console/options';
import type { ConsoleSettings } from '../console/settings';
import {
  AZURE_ENV,
  DEFAULT_GRAPH_URL,
  graphBaseUrl,
  readAzureSignIn,
  type AzureSignInSettings,
} from '../console/azureSettings';
import { SHIP_OPTIONS, toShipArgs, type ShipArgs } from './shipOptions';

const DEFAULT_TOP = 50;
const DEFAULT_GRAPH_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESULT_AGE_DAYS = 8;

/** fleet's own options, on top of CONSOLE_OPTIONS (--secure-endpoint) and SHIP_OPTIONS, in --help's order. */
const FLEET_OWN_OPTIONS = {
  format: { choices: ['text', 'json'], default: 'text', describe: 'report format on stdout' },
  csv: { type: 'string', describe: 'also write the endpoints that need attention to this CSV file' },
  html: { type: 'string', describe: 'also write a self-contained HTML report with charts to this file' },
  lang: { choices: ['en', 'ja'], describe: 'language of text and HTML (default: the OS locale)' },
  top: {
    type: 'number',
    default: DEFAULT_TOP,
    range: { min: 0, max: 100_000, integer: true },
    describe: 'how many endpoints that need attention text and HTML list',
  },
  graph: {
    type: 'boolean',
    default: false,
    describe:
      'pull deviceRunStates from Microsoft Graph (sign-in from TETRA_AZURE_TENANT_ID, _CLIENT_ID, _CLIENT_SECRET or a certificate or managed identity; docs/fleet.md)',
  },
  'remediation-id': { type: 'string', describe: 'with --graph: the remediation (deviceHealthScript) id' },
  'remediation-name': { type: 'string', describe: 'with --graph: the remediation display name, looked up' },
  'graph-url': {
    type: 'string',
    describe: `Graph base URL (default TETRA_GRAPH_URL or ${DEFAULT_GRAPH_URL})`,
  },
  'login-url': {
    type: 'string',
    describe: 'Entra ID authority host (default TETRA_AZURE_AUTHORITY_HOST or https://login.microsoftonline.com)',
  },
  'azure-credentials-file': {
    type: 'string',
    describe: `with --graph: file of NAME=value lines holding the Azure sign-in (default ${AZURE_ENV.credentialsFile[0]}); never give secrets on the command line`,
  },
  'timeout-ms': {
    type: 'number',
    default: DEFAULT_GRAPH_TIMEOUT_MS,
    range: TIMEOUT_MS_RANGE,
    describe: 'timeout of each Graph request',
  },
  'secure-endpoint': {
    type: 'boolean',
    default: false,
    describe:
      "join the Secure Endpoint console's computers (credentials from TETRA_SE_CLIENT_ID, TETRA_SE_API_KEY or --credentials-file)",
  },
  'max-result-age-days': {
    type: 'number',
    default: DEFAULT_MAX_RESULT_AGE_DAYS,
    range: { min: 0, exclusiveMin: true, max: 3650, integer: false },
    describe: 'results older than this are counted apart as stale reports',
  },
  'allow-partial': {
    type: 'boolean',
    default: false,
    describe: 'exit 0 with what was read when --secure-endpoint or --graph fails (default: exit 4)',
  },
  now: { type: 'string', hidden: true, describe: 'report as of this ISO time (tests)' },
} as const satisfies OptionTable;

/** Every option fleet takes. */
export const FLEET_OPTIONS = {
  ...CONSOLE_OPTIONS,
  ...SHIP_OPTIONS,
  ...FLEET_OWN_OPTIONS,
} as const satisfies OptionTable;

/** fleet's command line as yargs parses it: the options, and the files and folders to read. */
type FleetArgv = InferredOptionTypes<typeof FLEET_OPTIONS> & { _: Array<string | number> };

export interface FleetArgs {
  inputs: string[];
  format: 'text' | 'json';
  csv: string | null;
  html: string | null;
  lang: Language;
  top: number;
  graph: {
    remediation: { id: string } | { name: string };
    azure: AzureSignInSettings;
    graphUrl: string;
    timeoutMs: number;
  } | null;
  /** --secure-endpoint: where the console is and the credentials to read its computers. */
  console: ConsoleSettings | null;
  maxResultAgeDays: number;
  /** --allow-partial: a failed --secure-endpoint or --graph still exits 0. */
  allowPartial: boolean;
  now: Date;
  /** --to-log-analytics, --to-splunk-hec: where the rows go, or null. */
  ship: ShipArgs | null;
}

/** Checks the command line; the message of what it throws is the usage error printed. */
export function toFleetArgs(raw: FleetArgv, env: NodeJS.ProcessEnv): FleetArgs {
  const inputs = raw._.map(String);
  if (inputs.length === 0 && !raw.graph) throw new Error('name at least one file or folder, or use --graph');
  // The console's own ranges are checked with --secure-endpoint only (toConsoleSettings), as before.
  checkRanges(FLEET_OWN_OPTIONS, raw);
  const now = parseNow(raw.now);
  return {
    inputs,
    format: raw.format,
    csv: raw.csv ?? null,
    html: raw.html ?? null,
    lang: raw.lang ?? systemLanguage(env),
    top: raw.top,
    graph: raw.graph ? graphArgs(raw, env) : null,
    console: raw['secure-endpoint'] ? toConsoleSettings(raw, env, 'v1') : null,
    maxResultAgeDays: raw['max-result-age-days'],
    allowPartial: raw['allow-partial'],
    now,
    ship: toShipArgs(raw, env),
  };
}

function graphArgs(raw: FleetArgv, env: NodeJS.ProcessEnv): NonNullable<FleetArgs['graph']> {
  const { 'remediation-id': id, 'remediation-name': name } = raw;
  const remediation = id && !name ? { id } : name && !id ? { name } : null;
  if (remediation === null) throw new Error('--graph needs exactly one of --remediation-id or --remediation-name');
  const graphUrl = graphBaseUrl(raw['graph-url'], env);
  const azure = readAzureSignIn({
    env,
    credentialsFile: raw['azure-credentials-file'],
    authorityHost: raw['login-url'],
  });
  return {
    remediation,
    azure,
    graphUrl,
    timeoutMs: raw['timeout-ms'],
  };
}
