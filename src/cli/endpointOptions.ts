// The options every endpoint command takes (the CLI contract in README.md), parsed once into typed DoctorOptions.
import { constants, promises as fs } from 'node:fs';
import type { Argv } from 'yargs';
import {
  DEFAULT_MAX_AGE_HOURS,
  DEFAULT_MAX_BEHIND,
  DEFAULT_POSTURE_TIMEOUT_MS,
  defaultReferenceUrl,
  DEFAULT_TIMEOUT_MS,
  parseRegion,
  REGION_NAMES,
  MAX_CA_FILE_BYTES,
  NUMERIC_OPTIONS,
  outOfRange,
  type DoctorOptions,
  type Language,
  type OutputFormat,
  type Region,
} from '../options';
import { proxyFor } from '../evidence/winHttpProxy';
import { parseProxyUrl, updateServerTarget } from '../probes/updateServer';
import { readCaFile, readPemFile } from '../system/pemFile';
import { makeFolder } from '../system/makeFolder';
import { ensureStateDir, resolveStateDir, StateDirUntrusted } from '../state/stateDir';

export class UsageError extends Error {}

export function withEndpointOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('amp-dir', {
      type: 'string',
      describe: 'connector install root (default: registry, then %ProgramW6432%\\Cisco\\AMP)',
    })
    .option('format', {
      choices: ['json', 'line', 'text'] as const,
      describe: 'output format (default: text on a terminal, json otherwise)',
    })
    .option('offline', { type: 'boolean', default: false, describe: 'no network at all' })
    .option('update-server', { type: 'string', describe: 'TETRA update server to probe: a URL or a bare host name' })
    .option('region', {
      choices: [...REGION_NAMES, 'nam'],
      coerce: (value: string) => parseRegion(value) ?? value,
      describe: 'cloud region whose update server is probed when no policy names one',
    })
    .option('policy-file', {
      type: 'string',
      describe: 'policy XML exported from the console or the API, read when policy.xml cannot be',
    })
    .option('reference-url', {
      type: 'string',
      describe: 'where the latest published version is read (versions.id; default by Windows bitness)',
    })
    .option('proxy', {
      type: 'string',
      describe:
        'proxy URL, credentials allowed: http://user:pass@host:port, socks4://, socks4a://, socks5://, socks5h://; IPv6 as [::1]; or "none"; overrides policy.xml',
    })
    .option('winhttp-proxy', {
      type: 'string',
      describe:
        'the machine\'s WinHTTP proxy (netsh winhttp), which Windows fetches revocation data and roots through: host:port, http://host:port, http=a:3128;https=b:3128, or "none"; read from netsh on Windows when not given',
    })
    .option('ca-file', { type: 'string', describe: 'extra PEM trust anchors for the TLS checks' })
    .option('test-trust-store', {
      type: 'string',
      hidden: true,
      describe: 'PEM file standing in for the Windows certificate store (tests)',
    })
    .option('test-public-roots', {
      type: 'string',
      hidden: true,
      describe: 'PEM file standing in for a public root bundle (tests)',
    })
    .option('test-root-auto-update', {
      choices: ['on', 'off'] as const,
      hidden: true,
      describe: 'stands in for the registry DisableRootAutoUpdate (tests)',
    })
    .option('test-root-update-url', {
      type: 'string',
      hidden: true,
      describe: 'stands in for the Windows Update root URL (tests)',
    })
    .option('max-age-hours', {
      type: 'number',
      default: DEFAULT_MAX_AGE_HOURS,
      describe: 'stale after this many hours without a successful update',
    })
    .option('max-behind', {
      type: 'number',
      default: DEFAULT_MAX_BEHIND,
      describe: 'behind when more than this many versions behind the latest',
    })
    .option('timeout-ms', {
      type: 'number',
      default: DEFAULT_TIMEOUT_MS,
      describe: 'overall deadline for the network checks',
    })
    .option('posture-timeout-ms', {
      type: 'number',
      default: DEFAULT_POSTURE_TIMEOUT_MS,
      describe: 'how long AmpCLI posture may take',
    })
    .option('state-dir', {
      type: 'string',
      describe: 'where history, cooldown and lock live (default %ProgramData%\\tetra-doctor)',
    })
    .option('lang', { choices: ['en', 'ja'] as const, describe: 'language of text output (default: the OS locale)' })
    .option('settings', {
      type: 'string',
      describe: 'settings file (default %ProgramData%\\tetra-doctor\\settings.json); the command line wins over it',
    })
    .option('now', { type: 'string', hidden: true, describe: 'evaluate ages as of this ISO time (tests)' });
}

export interface RawEndpointArgs {
  ampDir?: string;
  format?: OutputFormat;
  offline: boolean;
  updateServer?: string;
  region?: Region;
  policyFile?: string;
  referenceUrl?: string;
  proxy?: string;
  winhttpProxy?: string;
  caFile?: string;
  testTrustStore?: string;
  testPublicRoots?: string;
  testRootAutoUpdate?: 'on' | 'off';
  testRootUpdateUrl?: string;
  maxAgeHours: number;
  maxBehind: number;
  timeoutMs: number;
  postureTimeoutMs: number;
  stateDir?: string;
  lang?: Language;
  settings?: string;
  now?: string;
}

export async function toDoctorOptions(args: RawEndpointArgs, isTty: boolean): Promise<DoctorOptions> {
  checkRange('max-age-hours', args.maxAgeHours);
  checkRange('max-behind', args.maxBehind);
  checkRange('timeout-ms', args.timeoutMs);
  checkRange('posture-timeout-ms', args.postureTimeoutMs);
  const { updateServer: serverText, proxy: proxyText, caFile } = args;
  const updateServer =
    serverText !== undefined ? parseOrThrow('--update-server', () => updateServerTarget(serverText, null)) : null;
  const proxyNone = proxyText?.toLowerCase() === 'none';
  const proxy = proxyText !== undefined && !proxyNone ? parseOrThrow('--proxy', () => parseProxyUrl(proxyText)) : null;
  const winHttpProxy = args.winhttpProxy !== undefined ? parseWinHttpProxyOption(args.winhttpProxy) : undefined;
  const referenceUrl = args.referenceUrl ?? defaultReferenceUrl();
  parseOrThrow('--reference-url', () => new URL(referenceUrl));
  // Read once, here: a FIFO or device given as --ca-file fails at once, never hangs the run or fills its memory.
  const caPem = caFile !== undefined ? parseOrThrow('--ca-file', () => readCaFile(caFile)) : null;
  // Test seams (docs/windows.md): a store or a public bundle is a few hundred certificates.
  const testTrustStorePem =
    args.testTrustStore !== undefined
      ? readPemOption('--test-trust-store', args.testTrustStore, 4 * MAX_CA_FILE_BYTES)
      : null;
  const testPublicRootsPem =
    args.testPublicRoots !== undefined
      ? readPemOption('--test-public-roots', args.testPublicRoots, 4 * MAX_CA_FILE_BYTES)
      : null;
  const { testRootUpdateUrl } = args;
  if (testRootUpdateUrl !== undefined) parseOrThrow('--test-root-update-url', () => new URL(testRootUpdateUrl));
  if (args.policyFile !== undefined) await checkRegularFile('--policy-file', args.policyFile);
  // A folder named on purpose is never replaced by the default: one that is not there is a typo, not "no connector".
  if (args.ampDir !== undefined) await checkFolder('--amp-dir', args.ampDir);
  if (args.stateDir === '') throw new UsageError('--state-dir needs a folder');
  if (args.stateDir !== undefined) await requireStateDir(args.stateDir);
  const now = args.now ? new Date(args.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError('--now must be an ISO 8601 time');
  return {
    ampDir: args.ampDir ?? null,
    format: args.format ?? (isTty ? 'text' : 'json'),
    offline: args.offline,
    updateServer,
    referenceUrl,
    proxy,
    caPem,
    region: args.region ?? null,
    policyFile: args.policyFile ?? null,
    proxyNone,
    ...(winHttpProxy !== undefined ? { winHttpProxy } : {}),
    testTrustStorePem,
    testPublicRootsPem,
    testRootAutoUpdate: args.testRootAutoUpdate ?? null,
    ...(args.testRootUpdateUrl !== undefined ? { rootUpdateUrl: args.testRootUpdateUrl } : {}),
    maxAgeHours: args.maxAgeHours,
    maxBehind: args.maxBehind,
    timeoutMs: args.timeoutMs,
    postureTimeoutMs: args.postureTimeoutMs,
    stateDir: args.stateDir ?? null,
    lang: args.lang ?? systemLanguage(),
    settings: null,
    now,
  };
}

/** `none`, or a proxy list as netsh takes it: each entry host:port or http://host:port, maybe per scheme (http=...). */
function parseWinHttpProxyOption(value: string): string | null {
  const text = value.trim();
  if (text.toLowerCase() === 'none') return null;
  const entries = text.split(/[;\s]+/).filter(Boolean);
  if (entries.length === 0) throw new UsageError('--winhttp-proxy: give host:port, http://host:port or none');
  for (const entry of entries) {
    const address = entry.replace(/^[a-z]+=/i, '');
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address) && !/^http:\/\//i.test(address))
      throw new UsageError(`--winhttp-proxy: WinHTTP proxies are HTTP proxies (${entry} is not)`);
    if (!proxyFor('http://update.example/', address, null))
      throw new UsageError(`--winhttp-proxy: "${entry}" is not host:port`);
  }
  return text;
}

function readPemOption(name: string, file: string, maxBytes: number): string {
  return parseOrThrow(name, () => readPemFile(file, maxBytes));
}

/** The policy XML is read later by the bounded XML reader; here it must at least be a regular file one can open
 * (a FIFO or a device would block or never end). */
export async function checkRegularFile(name: string, file: string): Promise<void> {
  try {
    const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      if (!(await handle.stat()).isFile()) throw new Error(`${file} is not a regular file`);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new UsageError(`${name}: ${(err as Error).message}`);
  }
}

async function checkFolder(name: string, dir: string): Promise<void> {
  const stat = await fs.stat(dir).catch(() => null);
  if (stat === null) throw new UsageError(`${name}: ${dir} does not exist`);
  if (!stat.isDirectory()) throw new UsageError(`${name}: ${dir} is not a folder`);
}

/** Made now (bounded, src/system/makeFolder.ts), so that a state folder that can never exist is a usage error at
 * once; a folder non-admins can write is the run's STATE_DIR_UNTRUSTED warning, not a usage error. */
async function requireStateDir(dir: string): Promise<void> {
  try {
    await ensureStateDir(resolveStateDir(dir));
  } catch (err) {
    if (!(err instanceof StateDirUntrusted)) throw new UsageError(`--state-dir: ${(err as Error).message}`);
  }
}

/** An output folder named on purpose is made now: one that cannot be is a usage error, before anything runs. */
export async function requireOutputFolder(name: string, dir: string): Promise<void> {
  try {
    await makeFolder(dir, 0o777);
  } catch (err) {
    throw new UsageError(`${name}: ${(err as Error).message}`);
  }
}

/** A numeric option outside its documented range (options.ts) is a usage error. */
export function checkRange(name: keyof typeof NUMERIC_OPTIONS, value: unknown): void {
  const problem = outOfRange(name, value, NUMERIC_OPTIONS[name]);
  if (problem) throw new UsageError(problem);
}

/**
 * yargs turns an option given twice into an array; for a single-valued option that is a usage error, not a
 * silent choice of one of the two. `positional` names the keys that legitimately hold several values.
 */
export function rejectRepeatedOptions(args: Record<string, unknown>, positional: string[] = []): void {
  for (const [key, value] of Object.entries(args)) {
    if (key === '_' || key === '$0' || positional.includes(key) || !Array.isArray(value)) continue;
    const name = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new UsageError(`--${name} was given more than once; give it once`);
  }
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
  const locale =
    process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^ja/i.test(locale) ? 'ja' : 'en';
}
