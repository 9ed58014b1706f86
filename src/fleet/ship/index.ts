// `fleet --to-log-analytics` and `--to-splunk-hec`: every result fleet kept becomes one row (schema/fleet-row.schema.json)
// and goes to each destination named, once. Bundled as a lazily compiled chunk (build/bundle.mjs): the Azure and ajv
// code is compiled only when a run ships.
import type { ConsoleComputer } from '../../console/computers';
import { credentialFor } from '../../console/azureSignIn';
import { createRedactor } from '../../render/redact';
import { SHIP_TIMEOUT_MS, type ShipArgs } from '../shipOptions';
import type { EndpointRecord } from '../types';
import { LogAnalyticsDestination } from './logAnalytics';
import { rowChecker } from './rowSchema';
import { toFleetRow, type FleetRow } from './rows';
import { SentState, stateFileFor } from './sentState';
import { describeCounts, shipRows, type Destination, type ShipCounts } from './shipRows';
import { SplunkHecDestination } from './splunkHec';

export interface ShipOutcome {
  /** One line per destination: the counts, and why rows failed. */
  lines: string[];
  /** True when any row was not sent (a batch failed, a row broke the schema, a destination could not be used). */
  failed: boolean;
  counts: ShipCounts[];
}

type Joined = () => Iterable<[EndpointRecord, ConsoleComputer | null]>;

export async function shipFleet(ship: ShipArgs, joined: Joined, env: NodeJS.ProcessEnv): Promise<ShipOutcome> {
  const redactor = createRedactor({ proxyPassword: null, others: ship.secrets });
  const check = rowChecker();
  const counts: ShipCounts[] = [];
  for (const [key, destination] of destinations(ship)) {
    counts.push(await shipTo(destination, stateFileFor(key, ship.stateDir, env), rowsOf(joined, redactor.text), check));
  }
  return {
    lines: counts.map((c) => redactor.text(describeCounts(c))),
    failed: counts.some((c) => c.failed > 0),
    counts,
  };
}

/** Each destination with the key its sent-results file is named by. */
function destinations(ship: ShipArgs): Array<[string, Destination]> {
  const out: Array<[string, Destination]> = [];
  const la = ship.logAnalytics;
  if (la)
    out.push([
      `log-analytics ${la.dce} ${la.dcrId} ${la.stream}`,
      new LogAnalyticsDestination(la, credentialFor(la.signIn)),
    ]);
  const hec = ship.splunk;
  if (hec)
    out.push([
      `splunk-hec ${hec.url} ${hec.index ?? ''}`,
      new SplunkHecDestination({ ...hec, timeoutMs: SHIP_TIMEOUT_MS }),
    ]);
  return out;
}

async function shipTo(
  destination: Destination,
  stateFile: string,
  rows: Iterable<FleetRow>,
  check: ReturnType<typeof rowChecker>,
): Promise<ShipCounts> {
  let state: SentState;
  try {
    state = await SentState.open(stateFile);
  } catch (err) {
    await destination.close();
    // Without the memory of what was sent, sending could duplicate: nothing is sent.
    const all = [...rows].length;
    return {
      destination: destination.name,
      sent: 0,
      skipped: 0,
      failed: all,
      invalid: 0,
      errors: [(err as Error).message],
    };
  }
  try {
    return await shipRows(rows, destination, state, check);
  } finally {
    await state.close();
    await destination.close();
  }
}

/** Rows one at a time; a row holding a form of an admin secret (the HEC token, the Azure secret) has it replaced. */
function* rowsOf(joined: Joined, redact: (text: string) => string): Iterable<FleetRow> {
  for (const [record, computer] of joined()) {
    const row = toFleetRow(record, computer);
    yield redactRow(row, redact);
  }
}

function redactRow(row: FleetRow, redact: (text: string) => string): FleetRow {
  // Field by field, with no copy of a clean row: 100,000 rows are checked, and nearly every one is clean.
  const dirty = (value: unknown) =>
    typeof value === 'string'
      ? redact(value) !== value
      : Array.isArray(value) && value.some((v) => typeof v === 'string' && redact(v) !== v);
  if (!Object.values(row).some(dirty)) return row;
  // Redacted string by string, never in the JSON text, so a secret can never rewrite the row's structure.
  const out = { ...row } as Record<string, unknown>;
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string') out[key] = redact(value);
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? redact(v) : v));
  }
  return out as unknown as FleetRow;
}
