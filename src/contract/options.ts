// Options shared by every endpoint command, with the defaults the CLI contract promises.

import type { Options } from 'yargs';
import type { ProxyAuth, ProxyKind } from './types';

export type OutputFormat = 'json' | 'line' | 'text';
export type Language = 'en' | 'ja';

/** An update server to probe, parsed once from --update-server (or policy.xml, or the default). */
export interface ServerTarget {
  host: string;
  port: number;
  url: string;
}

/** --proxy, parsed once; the password is kept apart so that it can be kept out of every output. */
export interface ProxyOption {
  host: string;
  port: number;
  username: string | null;
  password: string | null;
  kind: ProxyKind;
  auth: ProxyAuth;
}

export interface DoctorOptions {
  ampDir: string | null;
  format: OutputFormat;
  offline: boolean;
  /** --update-server, parsed once by the CLI. */
  updateServer: ServerTarget | null;
  referenceUrl: string;
  /** --proxy, parsed once by the CLI; its password is never printed. */
  proxy: ProxyOption | null;
  /** The PEM text of --ca-file, read once (bounded) by the CLI. */
  caPem: string | null;
  /** --region: the cloud region whose TETRA update server is probed when no policy names one. */
  region: Region | null;
  /** --policy-file: a policy XML exported from the console or the API, read when the local policy.xml cannot be. */
  policyFile: string | null;
  /** --proxy none: the admin declares the connector goes direct (the proxy part of the path is then not a guess). */
  proxyNone: boolean;
  /** --winhttp-proxy: stands in for the machine's WinHTTP proxy (netsh winhttp), which Windows' CryptoAPI fetches
   * revocation data and roots through. undefined: not given (netsh on Windows, direct elsewhere); null: `none`;
   * else the proxy list. */
  winHttpProxy?: string | null;
  /** Test seams (hidden options, documented in docs/windows.md): PEM text standing in for the Windows certificate
   * store and for a public root bundle, so that Linux tests can exercise the Windows trust rules. Never set on an
   * endpoint; when null the real store and the runtime's bundled roots are used. */
  testTrustStorePem: string | null;
  testPublicRootsPem: string | null;
  /** Test seams (hidden): stand in for the registry's DisableRootAutoUpdate (on: absent or 0, off: 1) and for the
   * Windows Update root URL; never set on an endpoint. */
  testRootAutoUpdate?: 'on' | 'off' | null;
  rootUpdateUrl?: string;
  maxAgeHours: number;
  maxBehind: number;
  timeoutMs: number;
  postureTimeoutMs: number;
  stateDir: string | null;
  lang: Language;
  /** The settings file read, and which of its keys gave a value the command line did not (README "Settings
   * file"); null when no settings file was read. */
  settings: { file: string; keys: string[] } | null;
  /** The time "now" for age rules; tests pin it so fixtures do not age. */
  now: Date;
}

const DEFAULT_REFERENCE_URL = 'http://update.amp.cisco.com/av64bit/versions.id';
const REFERENCE_URL_32BIT = 'http://update.amp.cisco.com/av32bit/versions.id';
export const DEFAULT_UPDATE_SERVER = 'tetra-defs.amp.cisco.com';
/** Where Windows' automatic root update fetches the trusted-root list and missing roots (ADMX "Turn off Automatic
 * Root Certificates Update"); the list itself is authrootstl.cab in this folder. */
export const ROOT_UPDATE_URL = 'http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/';

/**
 * Secure Endpoint cloud regions, each with its TETRA update server, its API host and its Cisco XDR / Secure Client
 * Cloud Management host, whose /iroh/oauth2/token gives the token a v3 call is exchanged from (Cisco's health
 * checker: nam_urls.py / eu_urls.py / apjc_urls.py and set_region_urls; Cisco's "Secure Endpoint API -
 * Authentication"). Endpoints (--region) and the admin's console commands (fleet --secure-endpoint, policy) read the
 * same table.
 */
export const REGIONS = {
  na: {
    updateServer: 'tetra-defs.amp.cisco.com',
    api: 'https://api.amp.cisco.com',
    xdr: 'https://visibility.amp.cisco.com',
  },
  eu: {
    updateServer: 'tetra-defs.eu.amp.cisco.com',
    api: 'https://api.eu.amp.cisco.com',
    xdr: 'https://visibility.eu.amp.cisco.com',
  },
  apjc: {
    updateServer: 'tetra-defs.apjc.amp.cisco.com',
    api: 'https://api.apjc.amp.cisco.com',
    xdr: 'https://visibility.apjc.amp.cisco.com',
  },
} as const;
export type Region = keyof typeof REGIONS;
export const REGION_NAMES = Object.keys(REGIONS) as Region[];
/** The console and Cisco's health checker call North America `nam`; both spellings are accepted. */
const REGION_ALIASES: Readonly<Record<string, Region>> = { nam: 'na' };

/** A region name as given (any case, `nam` for `na`), or null when it names none. */
export function parseRegion(value: string): Region | null {
  const name = value.trim().toLowerCase();
  if (Object.hasOwn(REGION_ALIASES, name)) return REGION_ALIASES[name];
  return Object.hasOwn(REGIONS, name) ? (name as Region) : null;
}

/**
 * The connector's bitness follows Windows': a 32-bit Windows reads av32bit/versions.id. Windows is 32-bit when the
 * process is x86 and no PROCESSOR_ARCHITEW6432 says it runs under WOW64 on a 64-bit Windows. Off Windows these
 * variables are unset and the 64-bit reference is kept.
 */
export function defaultReferenceUrl(env: NodeJS.ProcessEnv = process.env, arch: string = process.arch): string {
  if (env.PROCESSOR_ARCHITEW6432) return DEFAULT_REFERENCE_URL;
  const processorArch = env.PROCESSOR_ARCHITECTURE?.toLowerCase();
  const x86 =
    processorArch === 'x86' || (processorArch === undefined && arch === 'ia32' && env.SystemRoot !== undefined);
  return x86 ? REFERENCE_URL_32BIT : DEFAULT_REFERENCE_URL;
}
export const DEFAULT_MAX_AGE_HOURS = 24;
export const DEFAULT_MAX_BEHIND = 5;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_POSTURE_TIMEOUT_MS = 15_000;
/** A PEM bundle of every public root is about 200 KB; a --ca-file larger than this is not a CA file. */
export const MAX_CA_FILE_BYTES = 1024 * 1024;

export function defaultOptions(overrides: Partial<DoctorOptions> = {}): DoctorOptions {
  return {
    ampDir: null,
    format: 'json',
    offline: false,
    updateServer: null,
    referenceUrl: DEFAULT_REFERENCE_URL,
    proxy: null,
    caPem: null,
    region: null,
    policyFile: null,
    proxyNone: false,
    testTrustStorePem: null,
    testPublicRootsPem: null,
    maxAgeHours: DEFAULT_MAX_AGE_HOURS,
    maxBehind: DEFAULT_MAX_BEHIND,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    postureTimeoutMs: DEFAULT_POSTURE_TIMEOUT_MS,
    stateDir: null,
    lang: 'en',
    settings: null,
    now: new Date(),
    ...overrides,
  };
}

/**
 * A numeric option's accepted range, given in its command's option table: the CLI checks against it (a value
 * outside is a usage error) and README's option tables state it. The bounds keep every timer within what Node's
 * timers take (2^31-1 ms) and every product of them within the Date range.
 */
export interface NumericRange {
  min: number;
  max: number;
  integer: boolean;
  /** The minimum itself is refused (the value must be greater than min). */
  exclusiveMin?: boolean;
}

/** One option of a command: what yargs is told, and the range of a numeric option. */
interface OptionSpec extends Options {
  range?: NumericRange;
}

/**
 * A command's options, one typed `as const` table each: yargs is configured from it (`.options(table)`), the parsed
 * arguments' type is yargs' `InferredOptionTypes<typeof table>`, the ranges are checked from it (`checkRanges`), and
 * --help and README's option tables list it.
 */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** A command line that is wrong: exit 2, one line on stderr. */
export class UsageError extends Error {}

/** --lang not given: text follows the OS locale; json and line keep their stable English codes either way. */
export function systemLanguage(env: NodeJS.ProcessEnv = process.env): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^ja/i.test(locale) ? 'ja' : 'en';
}

/** --now (a hidden test option of every command that reads a clock): the time given, else the real time. */
export function parseNow(text: string | undefined): Date {
  const now = text ? new Date(text) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError('--now must be an ISO 8601 time');
  return now;
}

/** An option's value parsed or read; what the parser throws is a usage error that names the option. */
export function parseOption<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(`${name}: ${(err as Error).message}`, { cause: err });
  }
}

/** Every `--timeout-ms` (the endpoint commands' deadline, each Graph request of fleet and intune deploy). */
export const TIMEOUT_MS_RANGE = { min: 1, max: 600_000, integer: true } as const satisfies NumericRange;

/** The words a usage error and README use for a range: "a whole number from 1 to 600000". */
export function describeRange(range: NumericRange): string {
  const kind = range.integer ? 'a whole number' : 'a number';
  return range.exclusiveMin
    ? `${kind} greater than ${range.min} and at most ${range.max}`
    : `${kind} from ${range.min} to ${range.max}`;
}

/** The short words of README's option table for a range: "whole number, 1 to 600000", "greater than 0, at most 8760". */
export function rangeCell(range: NumericRange): string {
  const bounds = range.exclusiveMin
    ? `greater than ${range.min}, at most ${range.max}`
    : `${range.min} to ${range.max}`;
  return range.integer ? `whole number, ${bounds}` : bounds;
}

/** Null when the value is in range, else why not (for the usage error). */
export function outOfRange(name: string, value: unknown, range: NumericRange): string | null {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    (range.exclusiveMin ? value > range.min : value >= range.min) &&
    value <= range.max;
  return ok ? null : `--${name} must be ${describeRange(range)} (got ${String(value)})`;
}

/**
 * Every ranged option of the table, in the table's order: the first value outside its range is a usage error. An
 * option without a default that was not given (`--duration`, `--interval`) has nothing to check.
 */
export function checkRanges(table: OptionTable, args: Readonly<Record<string, unknown>>): void {
  for (const [name, spec] of Object.entries(table)) {
    if (spec.range === undefined || (args[name] === undefined && spec.default === undefined)) continue;
    const problem = outOfRange(name, args[name], spec.range);
    if (problem) throw new UsageError(problem);
  }
}
