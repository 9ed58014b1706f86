// The console's computers (GET /v1/computers, 500 per page): what the console knows about each connector, kept
// small so that 100,000 of them fit beside the endpoint results.
import { parseIsoTime } from '../system/isoTime';
import { NO_NAMES, sharedList, sharedPair, sharedString } from '../system/sharedValues';
import { V1_PAGE_LIMIT, type SecureEndpointClient } from './client';
import { toPrintable } from './printable';

export interface ConsoleComputer {
  guid: string | null;
  hostname: string;
  connectorVersion: string | null;
  active: boolean | null;
  policy: { guid: string | null; name: string | null };
  groups: readonly string[];
  /** Epoch ms. */
  lastSeen: number | null;
  faults: readonly string[];
  /** av_update_definitions: the console's own view of the antivirus definitions (kept flat: an object more per
   * computer is 5 MB for 100,000). */
  definitionsStatus: string | null;
  definitionsVersion: number | null;
  definitionsUpdatedAt: number | null;
}

/** The v1 computer object; every field is read defensively (field names from public API clients and fixtures). */
export function fromApiComputer(value: unknown): ConsoleComputer | null {
  if (!isObject(value)) return null;
  const hostname = str(value.hostname);
  const guid = str(value.connector_guid);
  if (!hostname && !guid) return null;
  const policy = isObject(value.policy) ? value.policy : {};
  const defs = isObject(value.av_update_definitions) ? value.av_update_definitions : {};
  return {
    guid: guid ? guid.toLowerCase() : null,
    hostname: hostname ?? '',
    connectorVersion: shared(str(value.connector_version)),
    active: typeof value.active === 'boolean' ? value.active : null,
    policy: sharedPair(shared(str(policy.guid)), shared(str(policy.name))),
    groups: names(value.groups, (g) => (isObject(g) ? str(g.name) : str(g))),
    lastSeen: time(value.last_seen),
    faults: names(value.faults, faultName),
    definitionsStatus: shared(str(defs.status)),
    definitionsVersion: definitionVersion(defs.version),
    definitionsUpdatedAt: time(defs.updated_at),
  };
}

/** The names a list holds (groups, faults), each shared, and the list itself shared too: the computers of a site
 * are in the same groups, and 100,000 one-group arrays are 7 MB. */
function names(list: unknown, nameOf: (item: unknown) => string | null): readonly string[] {
  if (!Array.isArray(list) || list.length === 0) return NO_NAMES;
  const found: string[] = [];
  for (const item of list) {
    const name = shared(nameOf(item));
    if (name !== null) found.push(name);
  }
  return sharedList(found);
}

function shared(value: string | null): string | null {
  return value === null ? null : sharedString(value);
}

/** Whether a JSON value is a saved /v1/computers page (or one computer's answer) rather than an endpoint result. */
export function isComputersPage(value: unknown): value is { data: unknown[] } {
  return (
    isObject(value) &&
    Array.isArray(value.data) &&
    isObject(value.metadata) &&
    value.data.every((d) => isObject(d) && ('connector_guid' in d || 'hostname' in d))
  );
}

/** Pulls every computer, page by page. */
export async function pullComputers(
  client: SecureEndpointClient,
  onComputer: (computer: ConsoleComputer) => void,
  onUnreadable: (where: string) => void,
): Promise<number> {
  let pages = 0;
  for await (const page of client.pages<unknown>(`/v1/computers?limit=${V1_PAGE_LIMIT}`)) {
    pages++;
    page.data.forEach((item, index) => {
      const computer = fromApiComputer(item);
      if (computer) onComputer(computer);
      else onUnreadable(`secure-endpoint:/v1/computers:page${pages}#${index}`);
    });
  }
  return pages;
}

const ALL_DIGITS = /^\d{1,15}$/;

/** The definitions version as the console shows it may carry words ("TETRA 90606"); the number is what compares. */
function definitionVersion(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value !== 'string') return null;
  // The usual form, digits only: the number is the whole text (15 digits are always a safe integer).
  if (ALL_DIGITS.test(value)) return Number(value);
  const numbers = value.match(/\d+/g);
  if (!numbers) return null;
  const n = Number(numbers[numbers.length - 1]);
  return Number.isSafeInteger(n) ? n : null;
}

function faultName(fault: unknown): string | null {
  if (typeof fault === 'string') return fault;
  if (!isObject(fault)) return null;
  return (
    str(fault.name) ??
    str(fault.description) ??
    (fault.fault_id !== undefined ? toPrintable(`fault ${String(fault.fault_id)}`) : null)
  );
}

function time(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const ms = typeof value === 'number' ? value * 1000 : parseIsoTime(value);
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : null;
}

function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : toPrintable(trimmed);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
