// Options shared by every endpoint command, with the defaults the CLI contract promises.

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
  maxAgeHours: number;
  maxBehind: number;
  timeoutMs: number;
  postureTimeoutMs: number;
  stateDir: string | null;
  lang: Language;
  /** The time "now" for age rules; tests pin it so fixtures do not age. */
  now: Date;
}

export const DEFAULT_REFERENCE_URL = 'http://update.amp.cisco.com/av64bit/versions.id';
export const DEFAULT_UPDATE_SERVER = 'tetra-defs.amp.cisco.com';
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
    maxAgeHours: DEFAULT_MAX_AGE_HOURS,
    maxBehind: DEFAULT_MAX_BEHIND,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    postureTimeoutMs: DEFAULT_POSTURE_TIMEOUT_MS,
    stateDir: null,
    lang: 'en',
    now: new Date(),
    ...overrides,
  };
}

/**
 * Every numeric option's accepted range, in one place: the CLI checks against it (a value outside is a usage
 * error) and README's option tables state it. The bounds keep every timer within what Node's timers take
 * (2^31-1 ms) and every product of them within the Date range.
 */
export interface NumericRange {
  min: number;
  max: number;
  integer: boolean;
  /** The minimum itself is refused (the value must be greater than min). */
  exclusiveMin?: boolean;
}

export const NUMERIC_OPTIONS = {
  'max-age-hours': { min: 0, exclusiveMin: true, max: 8760, integer: false },
  'max-behind': { min: 0, max: 100_000, integer: true },
  'timeout-ms': { min: 1, max: 600_000, integer: true },
  'posture-timeout-ms': { min: 1, max: 600_000, integer: true },
  'wait-seconds': { min: 0, max: 86_400, integer: false },
  'cooldown-minutes': { min: 0, max: 10_080, integer: false },
  'poll-seconds': { min: 0, exclusiveMin: true, max: 3600, integer: false },
  duration: { min: 0, max: 86_400, integer: false },
  'support-timeout-seconds': { min: 1, max: 86_400, integer: false },
  // fleet (its --timeout-ms shares the endpoint commands' range above).
  top: { min: 0, max: 100_000, integer: true },
} as const satisfies Record<string, NumericRange>;

/** The words a usage error and README use for a range: "a whole number from 1 to 600000". */
export function describeRange(range: NumericRange): string {
  const kind = range.integer ? 'a whole number' : 'a number';
  return range.exclusiveMin ? `${kind} greater than ${range.min} and at most ${range.max}` : `${kind} from ${range.min} to ${range.max}`;
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
