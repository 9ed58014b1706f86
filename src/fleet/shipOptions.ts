// The options that ship fleet rows to where an organisation keeps history: Azure Monitor Logs (--to-log-analytics)
// and Splunk (--to-splunk-hec). Checked while the command line is parsed; the clients themselves live in the lazily
// compiled `ship` chunk. No secret comes from the command line: the HEC token and the Azure sign-in are read from the
// environment (or the Azure credentials file).
import type { InferredOptionTypes } from 'yargs';
import type { OptionTable } from '../contract/options';
import { azureSecrets, readAzureSignIn, type AzureSignInSettings } from '../console/azureSettings';
import { readCaFileOption } from '../system/pemFile';

const DEFAULT_STREAM = 'Custom-TetraDoctor_CL';
const SPLUNK_TOKEN_ENV = 'TETRA_SPLUNK_HEC_TOKEN';
/** Each shipping request's timeout. */
export const SHIP_TIMEOUT_MS = 60_000;

export const SHIP_OPTIONS = {
  'to-log-analytics': {
    type: 'boolean',
    default: false,
    describe: 'ship one row per result to Azure Monitor Logs (Logs Ingestion API; with --dce and --dcr-id)',
  },
  dce: { type: 'string', describe: 'with --to-log-analytics: the data collection endpoint (https URL)' },
  'dcr-id': {
    type: 'string',
    describe: "with --to-log-analytics: the data collection rule's immutable id (dcr-...)",
  },
  stream: { type: 'string', describe: `with --to-log-analytics: the stream (default ${DEFAULT_STREAM})` },
  'to-splunk-hec': {
    type: 'string',
    describe: `ship one event per result to this Splunk HTTP Event Collector (token from ${SPLUNK_TOKEN_ENV})`,
  },
  'splunk-ca-file': { type: 'string', describe: "PEM of the CA that issued the collector's certificate" },
  'splunk-index': { type: 'string', describe: 'with --to-splunk-hec: the index (default: the token’s)' },
  'sent-state-dir': {
    type: 'string',
    describe: 'folder of the files that remember which results each destination accepted',
  },
} as const satisfies OptionTable;

type ShipOptionArgs = InferredOptionTypes<typeof SHIP_OPTIONS>;

export interface ShipArgs {
  logAnalytics: { dce: string; dcrId: string; stream: string; signIn: AzureSignInSettings } | null;
  splunk: { url: string; token: string; caPem: string | null; index: string | null } | null;
  /** Null: the user's state folder (see defaultStateDir in src/fleet/ship/sentState.ts). */
  stateDir: string | null;
  /** What no row, output or file may hold: the HEC token, the Azure secret and key. */
  secrets: string[];
}

/** The shipping part of the command line, or null when nothing is shipped; what it throws is a usage error. */
export function toShipArgs(raw: ShipOptionArgs, env: NodeJS.ProcessEnv): ShipArgs | null {
  const logAnalytics = raw['to-log-analytics'] ? logAnalyticsArgs(raw, env) : null;
  if (!raw['to-log-analytics'] && (raw.dce || raw['dcr-id'] || raw.stream))
    throw new Error('--dce, --dcr-id and --stream go with --to-log-analytics');
  const splunk = raw['to-splunk-hec'] !== undefined ? splunkArgs(raw, env) : null;
  if (!splunk && (raw['splunk-ca-file'] || raw['splunk-index']))
    throw new Error('--splunk-ca-file and --splunk-index go with --to-splunk-hec');
  if (!logAnalytics && !splunk) return null;
  return {
    logAnalytics,
    splunk,
    stateDir: raw['sent-state-dir'] ?? null,
    secrets: [...(logAnalytics ? azureSecrets(logAnalytics.signIn) : []), ...(splunk ? [splunk.token] : [])],
  };
}

function logAnalyticsArgs(raw: ShipOptionArgs, env: NodeJS.ProcessEnv): NonNullable<ShipArgs['logAnalytics']> {
  const { dce: dceText, 'dcr-id': dcrId } = raw;
  if (!dceText || !dcrId) throw new Error('--to-log-analytics needs --dce URL and --dcr-id ID');
  const dce = dceText.replace(/\/+$/, '');
  if (!/^https:\/\//i.test(dce) || !URL.canParse(dce)) throw new Error('--dce must be an https URL');
  if (!/^dcr-[0-9a-f]{32}$/i.test(dcrId))
    throw new Error("--dcr-id must be the data collection rule's immutable id (dcr- and 32 hex digits)");
  const stream = raw.stream ?? DEFAULT_STREAM;
  if (!/^Custom-[A-Za-z0-9_]{1,100}$/.test(stream)) throw new Error('--stream must be a custom stream (Custom-...)');
  return { dce, dcrId, stream, signIn: readAzureSignIn({ env }) };
}

function splunkArgs(raw: ShipOptionArgs, env: NodeJS.ProcessEnv): NonNullable<ShipArgs['splunk']> {
  const url = raw['to-splunk-hec'] ?? '';
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new Error('--to-splunk-hec must be an http(s) URL');
  const token = env[SPLUNK_TOKEN_ENV]?.trim();
  if (!token) throw new Error(`--to-splunk-hec needs the collector's token in ${SPLUNK_TOKEN_ENV}`);
  const index = raw['splunk-index'] ?? null;
  if (index !== null && !/^[A-Za-z0-9_][A-Za-z0-9_-]{0,79}$/.test(index))
    throw new Error('--splunk-index must be an index name');
  const caFile = raw['splunk-ca-file'];
  return { url, token, caPem: caFile ? readCaFileOption('--splunk-ca-file', caFile) : null, index };
}
