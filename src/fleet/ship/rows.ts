// The fleet row (schema/fleet-row.schema.json): one endpoint's result of one check, flat, as Log Analytics and Splunk
// store it. Built one at a time while shipping, so 100,000 of them never sit in memory together.
import { createHash } from 'node:crypto';
import type { ConsoleComputer } from '../../console/computers';
import { formatIsoTime } from '../../system/isoTime';
import { deviceKey, needsAttention, sourceOf, type EndpointRecord, type EndpointStatus } from '../types';

const ROW_SCHEMA_VERSION = 1;

export interface FleetRow {
  schemaVersion: typeof ROW_SCHEMA_VERSION;
  resultId: string;
  checkedAt: string | null;
  device: string;
  status: EndpointStatus;
  version: number | null;
  latestVersion: number | null;
  versionsBehind: number | null;
  lastUpdate: string | null;
  codes: readonly string[];
  summary: string;
  remediation: string | null;
  unhealthySince: string | null;
  guid: string | null;
  source: string;
  consolePolicy: string | null;
  consoleGroups: readonly string[];
  consoleLastSeen: string | null;
  consoleDefinitionsVersion: number | null;
  consoleDefinitionsStatus: string | null;
}

export function toFleetRow(record: EndpointRecord, computer: ConsoleComputer | null): FleetRow {
  return {
    schemaVersion: ROW_SCHEMA_VERSION,
    resultId: resultIdOf(record),
    checkedAt: formatIsoTime(record.checkedAt),
    device: record.device,
    status: record.status,
    version: record.version,
    latestVersion: record.latest,
    versionsBehind: record.version !== null && record.latest !== null ? record.latest - record.version : null,
    lastUpdate: formatIsoTime(record.lastUpdate),
    codes: record.codes,
    summary: needsAttention(record.status) ? record.summary : '',
    remediation: record.remediation,
    unhealthySince: formatIsoTime(record.unhealthySince),
    guid: record.guid,
    source: sourceOf(record),
    consolePolicy: computer?.policy.name ?? null,
    consoleGroups: computer?.groups ?? [],
    consoleLastSeen: formatIsoTime(computer?.lastSeen ?? null),
    consoleDefinitionsVersion: computer?.definitionsVersion ?? null,
    consoleDefinitionsStatus: computer?.definitionsStatus ?? null,
  };
}

/**
 * The same check gets the same id whenever and from wherever it is read again (tomorrow's Graph pull, an export, a
 * saved page): the device and the time the check ran say which check it is, never the file it came in. A result
 * without a time is known by what it says instead, so an unchanged one is not sent twice either.
 */
function resultIdOf(record: EndpointRecord): string {
  const identity =
    record.checkedAt !== null
      ? [deviceKey(record.device), record.checkedAt, record.status]
      : [
          deviceKey(record.device),
          'no-time',
          record.status,
          record.version,
          record.latest,
          record.lastUpdate,
          record.codes.join(','),
        ];
  return createHash('sha256').update(identity.join('\n')).digest('hex').slice(0, 32);
}
