// Options shared by every endpoint command, with the defaults the CLI contract promises.

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
