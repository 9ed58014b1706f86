// The settings file (README "Settings file"): the values an admin sets once per fleet (region, policy file, proxy,
// thresholds, time limits, language) in %ProgramData%\tetra-doctor\settings.json or the file named by --settings,
// so that the Intune and RMM scripts need no edit and no new upload when one changes.
//
// One step of its own, after the command line is parsed: every value the command line did not give is taken from
// the file. The file is checked as strictly as the command line (an unknown key, a wrong type, a value out of
// range: a usage error naming the key), and a file that exists but cannot be read is a usage error too, never "no
// settings": a run must not quietly fall back to defaults the admin meant to change.
import path from 'node:path';
import { describeRange, NUMERIC_OPTIONS, outOfRange, parseRegion, type Language, type Region } from '../options';
import { parseProxyUrl } from '../probes/updateServer';
import { checkPathsTrust } from '../system/pathTrust';
import { readFileBounded } from '../system/readFileBounded';
import { checkRegularFile, UsageError, type RawEndpointArgs } from './endpointOptions';
import { rememberProxySecret } from './knownSecrets';

/** A settings file is a few hundred bytes; anything near this is not one. */
const MAX_SETTINGS_BYTES = 64 * 1024;

type NumericKey = 'max-age-hours' | 'max-behind' | 'timeout-ms' | 'posture-timeout-ms';
const NUMERIC_KEYS: readonly NumericKey[] = ['max-age-hours', 'max-behind', 'timeout-ms', 'posture-timeout-ms'];

/** Every key the file may hold, each the name of the command-line option it stands for. */
const SETTINGS_KEYS = ['region', 'policy-file', 'proxy', ...NUMERIC_KEYS, 'lang'] as const;
type SettingsKey = (typeof SETTINGS_KEYS)[number];

interface SettingsValues {
  region?: Region;
  policyFile?: string;
  proxy?: string;
  maxAgeHours?: number;
  maxBehind?: number;
  timeoutMs?: number;
  postureTimeoutMs?: number;
  lang?: Language;
}

export interface Settings {
  file: string;
  values: SettingsValues;
}

/** Where the result says the values came from: the file, and the keys whose values were used. */
export interface SettingsReport {
  file: string;
  keys: SettingsKey[];
}

/** The default file: %ProgramData%\tetra-doctor\settings.json on Windows; elsewhere only --settings names one. */
function defaultSettingsFile(env: NodeJS.ProcessEnv = process.env): string | null {
  if (process.platform !== 'win32') return null;
  return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'tetra-doctor', 'settings.json');
}

const camel = (key: string) => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Reads and checks the settings file: `--settings FILE` when given (it must exist), else the default file (absent
 * is no settings). Null when there is none.
 */
export async function readSettings(explicit: string | undefined): Promise<Settings | null> {
  const file = explicit ?? defaultSettingsFile();
  if (file === null) return null;
  const where = `settings file ${file}`;
  const read = await readFileBounded(file, { maxBytes: MAX_SETTINGS_BYTES, followLinks: explicit !== undefined });
  if (read.state === 'missing') {
    if (explicit === undefined) return null;
    throw new UsageError(`--settings: ${file} does not exist`);
  }
  if (read.state === 'failed') throw new UsageError(`${where}: ${read.error}`);
  // Running elevated, a file that people without admin rights could write would let them steer a SYSTEM run.
  const trust = await checkPathsTrust([path.dirname(path.resolve(file)), path.resolve(file)]);
  if (!trust.trusted) throw new UsageError(`${where}: ${trust.reason}; only SYSTEM and Administrators may write it`);
  return { file, values: await checkSettings(parseJson(read.bytes, where), where) };
}

function parseJson(bytes: Buffer, where: string): unknown {
  // Notepad and PowerShell 5.1 write a byte-order mark; it is not part of the JSON.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${where}: not valid JSON (${withoutQuotedText((err as Error).message)})`);
  }
}

/** V8 quotes the text around an unexpected token ("Unexpected token 'h', ..."{"proxy": http://u:pw"... is not
 * valid JSON"), and all of a short file: that text may hold the proxy password, which is unknown while the file
 * does not parse. The message is kept without the quote. */
function withoutQuotedText(message: string): string {
  return message.replace(/, (\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, '');
}

async function checkSettings(json: unknown, where: string): Promise<SettingsValues> {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new UsageError(`${where}: must hold one JSON object of settings`);
  // Known before any value is checked: a message about another key may quote it, and a later failure may too.
  rememberProxySecret((json as Record<string, unknown>).proxy);
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (!(SETTINGS_KEYS as readonly string[]).includes(key))
      throw new UsageError(`${where}: unknown key "${key}" (known: ${SETTINGS_KEYS.join(', ')})`);
    values[camel(key)] = await checkValue(key as SettingsKey, value, `${where}: "${key}"`);
  }
  return values as SettingsValues;
}

const text = (value: unknown) => JSON.stringify(value) ?? String(value);

function checkString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${what} must be a non-empty string`);
  return value;
}

async function checkValue(key: SettingsKey, value: unknown, what: string): Promise<unknown> {
  if (key === 'region') {
    const region = typeof value === 'string' ? parseRegion(value) : null;
    if (region === null) throw new UsageError(`${what} must be one of na, eu, apjc (got ${text(value)})`);
    return region;
  }
  if (key === 'lang') {
    if (value !== 'en' && value !== 'ja') throw new UsageError(`${what} must be "en" or "ja" (got ${text(value)})`);
    return value;
  }
  if (key === 'proxy') {
    const proxy = checkString(value, what);
    if (proxy.toLowerCase() !== 'none') {
      try {
        parseProxyUrl(proxy);
      } catch (err) {
        // The message of a URL parser never quotes the URL, so no password reaches stderr.
        throw new UsageError(`${what}: ${(err as Error).message}`);
      }
    }
    return proxy;
  }
  if (key === 'policy-file') {
    const file = checkString(value, what);
    await checkRegularFile(what, file);
    return file;
  }
  if (outOfRange(key, value, NUMERIC_OPTIONS[key]) !== null)
    throw new UsageError(`${what} must be ${describeRange(NUMERIC_OPTIONS[key])} (got ${text(value)})`);
  return value;
}

/** The options named on the command line, as their long names: --max-age-hours=5, --maxAgeHours 5 alike. */
export function optionsGiven(argv: readonly string[]): Set<string> {
  const given = new Set<string>();
  for (const token of argv) {
    if (token === '--') break;
    const match = /^--([A-Za-z][\w-]*)/.exec(token);
    if (match) given.add(match[1].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  }
  return given;
}

/**
 * The single merge step: each setting the command line did not give becomes that option's value. Returns the
 * merged arguments and which keys came from the file.
 */
export function applySettings<T extends RawEndpointArgs>(
  args: T,
  given: Set<string>,
  settings: Settings | null,
): { args: T; report: SettingsReport | null } {
  if (!settings) return { args, report: null };
  const merged: Record<string, unknown> = { ...(args as object) };
  const keys: SettingsKey[] = [];
  for (const key of SETTINGS_KEYS) {
    const value = settings.values[camel(key) as keyof SettingsValues];
    if (value === undefined || given.has(key)) continue;
    merged[camel(key)] = value;
    keys.push(key);
  }
  return { args: merged as T, report: { file: settings.file, keys } };
}
