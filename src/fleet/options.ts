// The fleet command's own options (it takes none of the endpoint options). Imported by the CLI up front, so it stays
// tiny: the readers, renderers and the Graph client live in lazily compiled chunks.
import type { Argv } from 'yargs';
import { throwIfOutOfRange, type Language } from '../contract/options';
import { toConsoleSettings, withConsoleOptions, type RawConsoleArgs } from '../console/options';
import type { ConsoleSettings } from '../console/settings';
import { AZURE_ENV, readAzureSignIn, type AzureSignInSettings } from '../console/azureSettings';
import { toShipArgs, withShipOptions, type RawShipArgs, type ShipArgs } from './shipOptions';

const DEFAULT_TOP = 50;
const DEFAULT_GRAPH_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESULT_AGE_DAYS = 8;

export function withFleetOptions<T>(yargs: Argv<T>) {
  return withShipOptions(withConsoleOptions(yargs))
    .option('format', {
      choices: ['text', 'json'] as const,
      default: 'text' as const,
      describe: 'report format on stdout',
    })
    .option('csv', { type: 'string', describe: 'also write the endpoints that need attention to this CSV file' })
    .option('html', { type: 'string', describe: 'also write a self-contained HTML report with charts to this file' })
    .option('lang', { choices: ['en', 'ja'] as const, describe: 'language of text and HTML (default: the OS locale)' })
    .option('top', {
      type: 'number',
      default: DEFAULT_TOP,
      describe: 'how many endpoints that need attention text and HTML list',
    })
    .option('graph', {
      type: 'boolean',
      default: false,
      describe:
        'pull deviceRunStates from Microsoft Graph (sign-in from TETRA_AZURE_TENANT_ID, _CLIENT_ID, _CLIENT_SECRET or a certificate or managed identity; docs/fleet.md)',
    })
    .option('remediation-id', { type: 'string', describe: 'with --graph: the remediation (deviceHealthScript) id' })
    .option('remediation-name', { type: 'string', describe: 'with --graph: the remediation display name, looked up' })
    .option('graph-url', {
      type: 'string',
      describe: 'Graph base URL (default TETRA_GRAPH_URL or https://graph.microsoft.com/beta)',
    })
    .option('login-url', {
      type: 'string',
      describe: 'Entra ID authority host (default TETRA_AZURE_AUTHORITY_HOST or https://login.microsoftonline.com)',
    })
    .option('azure-credentials-file', {
      type: 'string',
      describe: `with --graph: file of NAME=value lines holding the Azure sign-in (default ${AZURE_ENV.credentialsFile[0]}); never give secrets on the command line`,
    })
    .option('timeout-ms', {
      type: 'number',
      default: DEFAULT_GRAPH_TIMEOUT_MS,
      describe: 'timeout of each Graph request',
    })
    .option('secure-endpoint', {
      type: 'boolean',
      default: false,
      describe:
        "join the Secure Endpoint console's computers (credentials from TETRA_SE_CLIENT_ID, TETRA_SE_API_KEY or --credentials-file)",
    })
    .option('max-result-age-days', {
      type: 'number',
      default: DEFAULT_MAX_RESULT_AGE_DAYS,
      describe: 'results older than this are counted apart as stale reports',
    })
    .option('allow-partial', {
      type: 'boolean',
      default: false,
      describe: 'exit 0 with what was read when --secure-endpoint or --graph fails (default: exit 4)',
    })
    .option('now', { type: 'string', hidden: true, describe: 'report as of this ISO time (tests)' });
}

export interface RawFleetArgs extends RawConsoleArgs, RawShipArgs {
  _: Array<string | number>;
  secureEndpoint: boolean;
  maxResultAgeDays: number;
  format: 'text' | 'json';
  csv?: string;
  html?: string;
  lang?: Language;
  top: number;
  graph: boolean;
  remediationId?: string;
  remediationName?: string;
  graphUrl?: string;
  loginUrl?: string;
  azureCredentialsFile?: string;
  timeoutMs: number;
  allowPartial: boolean;
  now?: string;
}

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
export function toFleetArgs(raw: RawFleetArgs, env: NodeJS.ProcessEnv): FleetArgs {
  const inputs = raw._.map(String);
  if (inputs.length === 0 && !raw.graph) throw new Error('name at least one file or folder, or use --graph');
  throwIfOutOfRange('max-result-age-days', raw.maxResultAgeDays);
  throwIfOutOfRange('top', raw.top);
  throwIfOutOfRange('timeout-ms', raw.timeoutMs);
  const now = raw.now ? new Date(raw.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error('--now must be an ISO 8601 time');
  return {
    inputs,
    format: raw.format,
    csv: raw.csv ?? null,
    html: raw.html ?? null,
    lang: raw.lang ?? systemLanguage(env),
    top: raw.top,
    graph: raw.graph ? graphArgs(raw, env) : null,
    console: raw.secureEndpoint ? toConsoleSettings(raw, env, 'v1') : null,
    maxResultAgeDays: raw.maxResultAgeDays,
    allowPartial: raw.allowPartial,
    now,
    ship: toShipArgs(raw, env),
  };
}

function graphArgs(raw: RawFleetArgs, env: NodeJS.ProcessEnv): NonNullable<FleetArgs['graph']> {
  const { remediationId: id, remediationName: name } = raw;
  const remediation = id && !name ? { id } : name && !id ? { name } : null;
  if (remediation === null) throw new Error('--graph needs exactly one of --remediation-id or --remediation-name');
  const graphUrl = (raw.graphUrl ?? env.TETRA_GRAPH_URL ?? 'https://graph.microsoft.com/beta').replace(/\/+$/, '');
  if (!/^https:\/\//.test(graphUrl) || !URL.canParse(graphUrl)) throw new Error('--graph-url must be an https URL');
  const azure = readAzureSignIn({ env, credentialsFile: raw.azureCredentialsFile, authorityHost: raw.loginUrl });
  return {
    remediation,
    azure,
    graphUrl,
    timeoutMs: raw.timeoutMs,
  };
}

/** Like the endpoint commands: text follows the OS locale unless --lang says otherwise. */
function systemLanguage(env: NodeJS.ProcessEnv): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^ja/i.test(locale) ? 'ja' : 'en';
}
