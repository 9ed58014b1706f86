// The options that ship fleet rows to where an organisation keeps history: Azure Monitor Logs (--to-log-analytics)
// and Splunk (--to-splunk-hec). Checked while the command line is parsed; the clients themselves live in the lazily
// compiled `ship` chunk. No secret comes from the command line: the HEC token and the Azure sign-in are read from the
// environment (or the Azure credentials file).
import type { Argv } from 'yargs';
import { azureSecrets, readAzureSignIn, type AzureSignInSettings } from '../console/azureSettings';
import { readCaFile } from '../system/pemFile';

const DEFAULT_STREAM = 'Custom-TetraDoctor_CL';
const SPLUNK_TOKEN_ENV = 'TETRA_SPLUNK_HEC_TOKEN';
/** Each shipping request's timeout. */
export const SHIP_TIMEOUT_MS = 60_000;

export function withShipOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('to-log-analytics', {
      type: 'boolean',
      default: false,
      describe: 'ship one row per result to Azure Monitor Logs (Logs Ingestion API; with --dce and --dcr-id)',
    })
    .option('dce', { type: 'string', describe: 'with --to-log-analytics: the data collection endpoint (https URL)' })
    .option('dcr-id', {
      type: 'string',
      describe: "with --to-log-analytics: the data collection rule's immutable id (dcr-...)",
    })
    .option('stream', { type: 'string', describe: `with --to-log-analytics: the stream (default ${DEFAULT_STREAM})` })
    .option('to-splunk-hec', {
      type: 'string',
      describe: `ship one event per result to this Splunk HTTP Event Collector (token from ${SPLUNK_TOKEN_ENV})`,
    })
    .option('splunk-ca-file', { type: 'string', describe: "PEM of the CA that issued the collector's certificate" })
    .option('splunk-index', { type: 'string', describe: 'with --to-splunk-hec: the index (default: the token’s)' })
    .option('sent-state-dir', {
      type: 'string',
      describe: 'folder of the files that remember which results each destination accepted',
    });
}

export interface RawShipArgs {
  toLogAnalytics: boolean;
  dce?: string;
  dcrId?: string;
  stream?: string;
  toSplunkHec?: string;
  splunkCaFile?: string;
  splunkIndex?: string;
  sentStateDir?: string;
}

export interface ShipArgs {
  logAnalytics: { dce: string; dcrId: string; stream: string; signIn: AzureSignInSettings } | null;
  splunk: { url: string; token: string; caPem: string | null; index: string | null } | null;
  /** Null: the user's state folder (see defaultStateDir in src/fleet/ship/sentState.ts). */
  stateDir: string | null;
  /** What no row, output or file may hold: the HEC token, the Azure secret and key. */
  secrets: string[];
}

/** The shipping part of the command line, or null when nothing is shipped; what it throws is a usage error. */
export function toShipArgs(raw: RawShipArgs, env: NodeJS.ProcessEnv): ShipArgs | null {
  const logAnalytics = raw.toLogAnalytics ? logAnalyticsArgs(raw, env) : null;
  if (!raw.toLogAnalytics && (raw.dce || raw.dcrId || raw.stream))
    throw new Error('--dce, --dcr-id and --stream go with --to-log-analytics');
  const splunk = raw.toSplunkHec !== undefined ? splunkArgs(raw, env) : null;
  if (!splunk && (raw.splunkCaFile || raw.splunkIndex))
    throw new Error('--splunk-ca-file and --splunk-index go with --to-splunk-hec');
  if (!logAnalytics && !splunk) return null;
  return {
    logAnalytics,
    splunk,
    stateDir: raw.sentStateDir ?? null,
    secrets: [...(logAnalytics ? azureSecrets(logAnalytics.signIn) : []), ...(splunk ? [splunk.token] : [])],
  };
}

function logAnalyticsArgs(raw: RawShipArgs, env: NodeJS.ProcessEnv): NonNullable<ShipArgs['logAnalytics']> {
  if (!raw.dce || !raw.dcrId) throw new Error('--to-log-analytics needs --dce URL and --dcr-id ID');
  const dce = raw.dce.replace(/\/+$/, '');
  if (!/^https:\/\//i.test(dce) || !URL.canParse(dce)) throw new Error('--dce must be an https URL');
  if (!/^dcr-[0-9a-f]{32}$/i.test(raw.dcrId))
    throw new Error("--dcr-id must be the data collection rule's immutable id (dcr- and 32 hex digits)");
  const stream = raw.stream ?? DEFAULT_STREAM;
  if (!/^Custom-[A-Za-z0-9_]{1,100}$/.test(stream)) throw new Error('--stream must be a custom stream (Custom-...)');
  return { dce, dcrId: raw.dcrId, stream, signIn: readAzureSignIn({ env }) };
}

function splunkArgs(raw: RawShipArgs, env: NodeJS.ProcessEnv): NonNullable<ShipArgs['splunk']> {
  const url = raw.toSplunkHec ?? '';
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new Error('--to-splunk-hec must be an http(s) URL');
  const token = env[SPLUNK_TOKEN_ENV]?.trim();
  if (!token) throw new Error(`--to-splunk-hec needs the collector's token in ${SPLUNK_TOKEN_ENV}`);
  const index = raw.splunkIndex ?? null;
  if (index !== null && !/^[A-Za-z0-9_][A-Za-z0-9_-]{0,79}$/.test(index))
    throw new Error('--splunk-index must be an index name');
  return { url, token, caPem: raw.splunkCaFile ? readSplunkCaFile(raw.splunkCaFile) : null, index };
}

function readSplunkCaFile(file: string): string {
  try {
    return readCaFile(file);
  } catch (err) {
    throw new Error(`--splunk-ca-file: ${(err as Error).message}`, { cause: err });
  }
}
