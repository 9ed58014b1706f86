// The settings file (README "Settings file"): the values an admin sets once per fleet (region, policy file, proxy,
// thresholds, time limits, language) in %ProgramData%\tetra-doctor\settings.json or the file named by --settings,
// so that the Intune and RMM scripts need no edit and no new upload when one changes.
//
// One step of its own, after the command line is parsed: every value the command line did not give is taken from
// the file. The file is checked as strictly as the command line (an unknown key, a wrong type, a value out of
// range: a usage error naming the key), and a file that exists but cannot be read is a usage error too, never "no
// settings": a run must not quietly fall back to defaults the admin meant to change.
import path from 'node:path';
import {
  describeRange,
  outOfRange,
  parseRegion,
  UsageError,
  type Language,
  type NumericRange,
} from '../contract/options';
import { parseProxyUrl } from '../probes/updateServer';
import { checkPathsTrust } from '../system/pathTrust';
import { readFileBounded } from '../system/readFileBounded';
import { checkRegularFile, ENDPOINT_OPTIONS, type EndpointArgs } from './endpointOptions';
import { rememberProxySecret } from './knownSecrets';

/** A settings file is a few hundred bytes; anything near this is not one. */
const MAX_SETTINGS_BYTES = 64 * 1024;

type SettingsCheck<K extends keyof EndpointArgs> = (
  value: unknown,
  what: string,
  key: K,
) => EndpointArgs[K] | Promise<EndpointArgs[K]>;

/**
 * Every key the file may hold, each the name of the endpoint option it stands for, with how its value is checked:
 * the types are the option's (from ENDPOINT_OPTIONS), and a number's range is the option's range.
 */
const CHECKS = {
  region: checkRegion,
  'policy-file': checkPolicyFile,
  proxy: checkProxy,
  'max-age-hours': checkNumber,
  'max-behind': checkNumber,
  'timeout-ms': checkNumber,
  'posture-timeout-ms': checkNumber,
  lang: checkLang,
} as const satisfies { [K in keyof EndpointArgs]?: SettingsCheck<K> };
type SettingsKey = keyof typeof CHECKS;
/** The same record, typed so that each key's check is known to give that key's type. */
const SETTINGS_CHECKS: { [K in SettingsKey]: SettingsCheck<K> } = CHECKS;
const SETTINGS_KEYS = Object.keys(SETTINGS_CHECKS).filter(isSettingsKey);

function isSettingsKey(key: string): key is SettingsKey {
  return Object.hasOwn(SETTINGS_CHECKS, key);
}

type SettingsValues = { [K in SettingsKey]?: EndpointArgs[K] };

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
  rememberProxySecret('proxy' in json ? json.proxy : undefined);
  const values: SettingsValues = {};
  for (const [key, value] of Object.entries(json)) {
    if (!isSettingsKey(key))
      throw new UsageError(`${where}: unknown key "${key}" (known: ${SETTINGS_KEYS.join(', ')})`);
    await checkSetting(values, key, value, `${where}: "${key}"`);
  }
  return values;
}

/** One key's value checked by its own check, into the values of the same key. */
async function checkSetting<K extends SettingsKey>(values: SettingsValues, key: K, value: unknown, what: string) {
  const check: SettingsCheck<K> = SETTINGS_CHECKS[key];
  values[key] = await check(value, what, key);
}

const text = (value: unknown) => JSON.stringify(value) ?? String(value);

function checkString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${what} must be a non-empty string`);
  return value;
}

function checkRegion(value: unknown, what: string): string {
  const region = typeof value === 'string' ? parseRegion(value) : null;
  if (region === null) throw new UsageError(`${what} must be one of na, eu, apjc (got ${text(value)})`);
  return region;
}

function checkLang(value: unknown, what: string): Language {
  if (value !== 'en' && value !== 'ja') throw new UsageError(`${what} must be "en" or "ja" (got ${text(value)})`);
  return value;
}

function checkProxy(value: unknown, what: string): string {
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

async function checkPolicyFile(value: unknown, what: string): Promise<string> {
  const file = checkString(value, what);
  await checkRegularFile(what, file);
  return file;
}

/** The endpoint options with a range. */
type RangedKey = {
  [K in keyof typeof ENDPOINT_OPTIONS]: (typeof ENDPOINT_OPTIONS)[K] extends { range: NumericRange } ? K : never;
}[keyof typeof ENDPOINT_OPTIONS];

function checkNumber(value: unknown, what: string, key: RangedKey): number {
  const { range } = ENDPOINT_OPTIONS[key];
  if (typeof value !== 'number' || outOfRange(key, value, range) !== null)
    throw new UsageError(`${what} must be ${describeRange(range)} (got ${text(value)})`);
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
export function applySettings<T extends EndpointArgs>(
  args: T,
  given: Set<string>,
  settings: Settings | null,
): { args: T; report: SettingsReport | null } {
  if (!settings) return { args, report: null };
  const used: SettingsValues = {};
  const keys = SETTINGS_KEYS.filter((key) => settings.values[key] !== undefined && !given.has(key));
  for (const key of keys) copySetting(used, settings.values, key);
  return { args: { ...args, ...used }, report: { file: settings.file, keys } };
}

function copySetting<K extends SettingsKey>(to: SettingsValues, from: SettingsValues, key: K): void {
  to[key] = from[key];
}
