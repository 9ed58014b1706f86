// The options every endpoint command takes (the CLI contract in README.md), parsed once into typed DoctorOptions.
import type { Argv } from 'yargs';
import {
  DEFAULT_MAX_AGE_HOURS,
  DEFAULT_MAX_BEHIND,
  DEFAULT_POSTURE_TIMEOUT_MS,
  DEFAULT_REFERENCE_URL,
  DEFAULT_TIMEOUT_MS,
  type DoctorOptions,
  type Language,
  type OutputFormat,
} from '../options';
import { parseProxyUrl, updateServerTarget } from '../probes/updateServer';
import { readSmallTextFile } from '../system/readBounded';

/** A CA bundle is a few certificates; a file far larger than that is a mistake, not trust anchors. */
const MAX_CA_FILE_BYTES = 1024 * 1024;

export class UsageError extends Error {}

export function withEndpointOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('amp-dir', { type: 'string', describe: 'connector install root (default: registry, then %ProgramW6432%\\Cisco\\AMP)' })
    .option('format', { choices: ['json', 'line', 'text'] as const, describe: 'output format (default: text on a terminal, json otherwise)' })
    .option('offline', { type: 'boolean', default: false, describe: 'no network at all' })
    .option('update-server', { type: 'string', describe: 'TETRA update server to probe: a URL or a bare host name' })
    .option('reference-url', { type: 'string', default: DEFAULT_REFERENCE_URL, describe: 'where the latest published version is read (versions.id)' })
    .option('proxy', { type: 'string', describe: 'proxy URL, credentials allowed (http://user:pass@host:port); overrides policy.xml' })
    .option('ca-file', { type: 'string', describe: 'extra PEM trust anchors for the TLS checks' })
    .option('max-age-hours', { type: 'number', default: DEFAULT_MAX_AGE_HOURS, describe: 'stale after this many hours without a successful update' })
    .option('max-behind', { type: 'number', default: DEFAULT_MAX_BEHIND, describe: 'behind when more than this many versions behind the latest' })
    .option('timeout-ms', { type: 'number', default: DEFAULT_TIMEOUT_MS, describe: 'overall deadline for the network checks' })
    .option('posture-timeout-ms', { type: 'number', default: DEFAULT_POSTURE_TIMEOUT_MS, describe: 'how long AmpCLI posture may take' })
    .option('state-dir', { type: 'string', describe: 'where history, cooldown and lock live (default %ProgramData%\\tetra-doctor)' })
    .option('lang', { choices: ['en', 'ja'] as const, describe: 'language of text output (default: the OS locale)' })
    .option('now', { type: 'string', hidden: true, describe: 'evaluate ages as of this ISO time (tests)' });
}

export interface RawEndpointArgs {
  ampDir?: string;
  format?: OutputFormat;
  offline: boolean;
  updateServer?: string;
  referenceUrl: string;
  proxy?: string;
  caFile?: string;
  maxAgeHours: number;
  maxBehind: number;
  timeoutMs: number;
  postureTimeoutMs: number;
  stateDir?: string;
  lang?: Language;
  now?: string;
}

export async function toDoctorOptions(args: RawEndpointArgs, isTty: boolean): Promise<DoctorOptions> {
  positive('--max-age-hours', args.maxAgeHours);
  positive('--timeout-ms', args.timeoutMs);
  positive('--posture-timeout-ms', args.postureTimeoutMs);
  if (!Number.isInteger(args.maxBehind) || args.maxBehind < 0) throw new UsageError('--max-behind must be a whole number, 0 or more');
  const updateServer = args.updateServer !== undefined ? parseOrThrow('--update-server', () => updateServerTarget(args.updateServer!, null)) : null;
  const proxy = args.proxy !== undefined ? parseOrThrow('--proxy', () => parseProxyUrl(args.proxy!)) : null;
  parseOrThrow('--reference-url', () => new URL(args.referenceUrl));
  let caPem: string | null = null;
  if (args.caFile !== undefined) {
    try {
      caPem = await readSmallTextFile(args.caFile, MAX_CA_FILE_BYTES);
    } catch (err) {
      throw new UsageError(`--ca-file: ${(err as Error).message}`);
    }
  }
  const now = args.now ? new Date(args.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError('--now must be an ISO 8601 time');
  return {
    ampDir: args.ampDir ?? null,
    format: args.format ?? (isTty ? 'text' : 'json'),
    offline: args.offline,
    updateServer,
    referenceUrl: args.referenceUrl,
    proxy,
    caPem,
    maxAgeHours: args.maxAgeHours,
    maxBehind: args.maxBehind,
    timeoutMs: args.timeoutMs,
    postureTimeoutMs: args.postureTimeoutMs,
    stateDir: args.stateDir ?? null,
    lang: args.lang ?? systemLanguage(),
    now,
  };
}

function positive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${name} must be a number greater than 0`);
}

function parseOrThrow<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(`${name}: ${(err as Error).message}`);
  }
}

/** Text follows the OS locale by default; json and line keep their stable English codes either way. */
function systemLanguage(): Language {
  const locale = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^ja/i.test(locale) ? 'ja' : 'en';
}
