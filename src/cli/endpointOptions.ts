// The options every endpoint command takes (the CLI contract in README.md), parsed once into typed DoctorOptions.
import { constants, promises as fs } from 'node:fs';
import type { InferredOptionTypes } from 'yargs';
import {
  checkRanges,
  DEFAULT_MAX_AGE_HOURS,
  DEFAULT_MAX_BEHIND,
  DEFAULT_POSTURE_TIMEOUT_MS,
  defaultReferenceUrl,
  DEFAULT_TIMEOUT_MS,
  parseNow,
  parseOption,
  systemLanguage,
  parseRegion,
  REGION_NAMES,
  MAX_CA_FILE_BYTES,
  TIMEOUT_MS_RANGE,
  UsageError,
  type DoctorOptions,
  type OptionTable,
} from '../contract/options';
import { proxyFor } from '../evidence/winHttpProxy';
import { parseProxyUrl, updateServerTarget } from '../probes/updateServer';
import { readCaFileOption, readPemOption } from '../system/pemFile';
import { makeFolder } from '../system/makeFolder';
import { ensureStateDir, resolveStateDir, StateDirUntrusted } from '../state/stateDir';

/** The options every endpoint command takes, in --help's order. */
export const ENDPOINT_OPTIONS = {
  'amp-dir': {
    type: 'string',
    describe: 'connector install root (default: registry, then %ProgramW6432%\\Cisco\\AMP)',
  },
  format: {
    choices: ['json', 'line', 'text'],
    describe: 'output format (default: text on a terminal, json otherwise)',
  },
  offline: { type: 'boolean', default: false, describe: 'no network at all' },
  'update-server': { type: 'string', describe: 'TETRA update server to probe: a URL or a bare host name' },
  region: {
    choices: [...REGION_NAMES, 'nam'],
    // Any case, and `nam` for `na`; a name that is no region stays as typed, for yargs' "Invalid values" error.
    coerce: (value: string) => parseRegion(value) ?? value,
    describe: 'cloud region whose update server is probed when no policy names one',
  },
  'policy-file': {
    type: 'string',
    describe: 'policy XML exported from the console or the API, read when policy.xml cannot be',
  },
  'reference-url': {
    type: 'string',
    describe: 'where the latest published version is read (versions.id; default by Windows bitness)',
  },
  proxy: {
    type: 'string',
    describe:
      'proxy URL, credentials allowed: http://user:pass@host:port, socks4://, socks4a://, socks5://, socks5h://; IPv6 as [::1]; or "none"; overrides policy.xml',
  },
  'winhttp-proxy': {
    type: 'string',
    describe:
      'the machine\'s WinHTTP proxy (netsh winhttp), which Windows fetches revocation data and roots through: host:port, http://host:port, http=a:3128;https=b:3128, or "none"; read from netsh on Windows when not given',
  },
  'ca-file': { type: 'string', describe: 'extra PEM trust anchors for the TLS checks' },
  'test-trust-store': {
    type: 'string',
    hidden: true,
    describe: 'PEM file standing in for the Windows certificate store (tests)',
  },
  'test-public-roots': {
    type: 'string',
    hidden: true,
    describe: 'PEM file standing in for a public root bundle (tests)',
  },
  'test-root-auto-update': {
    choices: ['on', 'off'],
    hidden: true,
    describe: 'stands in for the registry DisableRootAutoUpdate (tests)',
  },
  'test-root-update-url': {
    type: 'string',
    hidden: true,
    describe: 'stands in for the Windows Update root URL (tests)',
  },
  'max-age-hours': {
    type: 'number',
    default: DEFAULT_MAX_AGE_HOURS,
    range: { min: 0, exclusiveMin: true, max: 8760, integer: false },
    describe: 'stale after this many hours without a successful update',
  },
  'max-behind': {
    type: 'number',
    default: DEFAULT_MAX_BEHIND,
    range: { min: 0, max: 100_000, integer: true },
    describe: 'behind when more than this many versions behind the latest',
  },
  'timeout-ms': {
    type: 'number',
    default: DEFAULT_TIMEOUT_MS,
    range: TIMEOUT_MS_RANGE,
    describe: 'overall deadline for the network checks',
  },
  'posture-timeout-ms': {
    type: 'number',
    default: DEFAULT_POSTURE_TIMEOUT_MS,
    range: { min: 1, max: 600_000, integer: true },
    describe: 'how long AmpCLI posture may take',
  },
  'state-dir': {
    type: 'string',
    describe: 'where history, cooldown and lock live (default %ProgramData%\\tetra-doctor)',
  },
  lang: { choices: ['en', 'ja'], describe: 'language of text output (default: the OS locale)' },
  settings: {
    type: 'string',
    describe: 'settings file (default %ProgramData%\\tetra-doctor\\settings.json); the command line wins over it',
  },
  now: { type: 'string', hidden: true, describe: 'evaluate ages as of this ISO time (tests)' },
} as const satisfies OptionTable;

/** The endpoint options as parsed (and merged with the settings file), typed by yargs from the table. */
export type EndpointArgs = InferredOptionTypes<typeof ENDPOINT_OPTIONS>;

export async function toDoctorOptions(args: EndpointArgs, isTty: boolean): Promise<DoctorOptions> {
  checkRanges(ENDPOINT_OPTIONS, args);
  const { 'update-server': serverText, proxy: proxyText, 'ca-file': caFile } = args;
  const updateServer =
    serverText !== undefined ? parseOption('--update-server', () => updateServerTarget(serverText, null)) : null;
  const proxyNone = proxyText?.toLowerCase() === 'none';
  const proxy = proxyText !== undefined && !proxyNone ? parseOption('--proxy', () => parseProxyUrl(proxyText)) : null;
  const winHttpProxy = args['winhttp-proxy'] !== undefined ? parseWinHttpProxyOption(args['winhttp-proxy']) : undefined;
  const referenceUrl = args['reference-url'] ?? defaultReferenceUrl();
  parseOption('--reference-url', () => new URL(referenceUrl));
  // Read once, here: a FIFO or device given as --ca-file fails at once, never hangs the run or fills its memory.
  const caPem = caFile !== undefined ? readCaFileOption('--ca-file', caFile) : null;
  // Test seams (docs/windows.md): a store or a public bundle is a few hundred certificates.
  const testTrustStorePem = readTestPem('--test-trust-store', args['test-trust-store']);
  const testPublicRootsPem = readTestPem('--test-public-roots', args['test-public-roots']);
  const testRootUpdateUrl = args['test-root-update-url'];
  if (testRootUpdateUrl !== undefined) parseOption('--test-root-update-url', () => new URL(testRootUpdateUrl));
  const { 'policy-file': policyFile, 'amp-dir': ampDir, 'state-dir': stateDir } = args;
  if (policyFile !== undefined) await checkRegularFile('--policy-file', policyFile);
  // A folder named on purpose is never replaced by the default: one that is not there is a typo, not "no connector".
  if (ampDir !== undefined) await checkFolder('--amp-dir', ampDir);
  if (stateDir === '') throw new UsageError('--state-dir needs a folder');
  if (stateDir !== undefined) await requireStateDir(stateDir);
  const now = parseNow(args.now);
  return {
    ampDir: ampDir ?? null,
    format: args.format ?? (isTty ? 'text' : 'json'),
    offline: args.offline,
    updateServer,
    referenceUrl,
    proxy,
    caPem,
    // yargs has checked the choices (after the coercion above), so a given region always parses.
    region: args.region !== undefined ? parseRegion(args.region) : null,
    policyFile: policyFile ?? null,
    proxyNone,
    ...(winHttpProxy !== undefined ? { winHttpProxy } : {}),
    testTrustStorePem,
    testPublicRootsPem,
    testRootAutoUpdate: args['test-root-auto-update'] ?? null,
    ...(testRootUpdateUrl !== undefined ? { rootUpdateUrl: testRootUpdateUrl } : {}),
    maxAgeHours: args['max-age-hours'],
    maxBehind: args['max-behind'],
    timeoutMs: args['timeout-ms'],
    postureTimeoutMs: args['posture-timeout-ms'],
    stateDir: stateDir ?? null,
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

function readTestPem(name: string, file: string | undefined): string | null {
  return file !== undefined ? readPemOption(name, file, 4 * MAX_CA_FILE_BYTES) : null;
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
