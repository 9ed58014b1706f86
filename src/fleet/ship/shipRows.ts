// Ships fleet rows to one destination (Log Analytics, Splunk HEC): checks each against the row schema, skips those
// the destination accepted before, sends the rest in batches within the destination's size limit, and records each
// accepted batch before sending the next, so a run cut off half-way resumes where it stopped.
import { collectGarbage } from '../collectGarbage';
import type { RowCheck } from './rowSchema';
import type { FleetRow } from './rows';
import type { SentState } from './sentState';

export interface Destination {
  /** Where the rows go, as the counts name it (never a secret). */
  readonly name: string;
  /** The most bytes of encoded rows one request may carry. */
  readonly maxBatchBytes: number;
  /** The row as the request carries it (its JSON, or an event around it): batches are cut by these bytes. */
  encode(row: FleetRow): string;
  /** Sends one batch (the rows and their encodings); resolves once accepted, throws once its retries are spent. */
  send(rows: FleetRow[], encoded: string[]): Promise<void>;
  close(): Promise<void>;
}

export interface ShipCounts {
  destination: string;
  sent: number;
  skipped: number;
  /** Rows not sent: batches refused after their retries, and rows that break the schema. */
  failed: number;
  /** Of the failed: rows that break the schema (never sent). */
  invalid: number;
  /** The first distinct reasons, for the person running the job. */
  errors: string[];
}

const MAX_ERRORS = 5;
/** Every this many batches, a full collection: the rows, their JSON and the request bodies of those batches are
 * garbage, and V8 under load grows the heap past them instead (100,000 rows to Log Analytics: peak RSS 310 -> 267 MB). */
const COLLECT_EVERY_BATCHES = 20;
/** After this many batches in a row fail, the destination is taken as down: the rest are counted, not tried. */
const MAX_FAILED_BATCHES_IN_A_ROW = 3;

export async function shipRows(
  rows: Iterable<FleetRow>,
  destination: Destination,
  state: SentState,
  check: RowCheck,
): Promise<ShipCounts> {
  const counts: ShipCounts = { destination: destination.name, sent: 0, skipped: 0, failed: 0, invalid: 0, errors: [] };
  const note = (reason: string) => {
    if (counts.errors.length < MAX_ERRORS && !counts.errors.includes(reason)) counts.errors.push(reason);
  };
  let batch: FleetRow[] = [];
  let json: string[] = [];
  let bytes = 0;
  let failedInARow = 0;
  let batches = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    if (++batches % COLLECT_EVERY_BATCHES === 0) collectGarbage();
    const [rowsOut, jsonOut] = [batch, json];
    [batch, json, bytes] = [[], [], 0];
    if (failedInARow >= MAX_FAILED_BATCHES_IN_A_ROW) {
      counts.failed += rowsOut.length;
      return;
    }
    try {
      await destination.send(rowsOut, jsonOut);
      await state.add(rowsOut.map((r) => r.resultId));
      counts.sent += rowsOut.length;
      failedInARow = 0;
    } catch (err) {
      counts.failed += rowsOut.length;
      failedInARow++;
      note((err as Error).message);
    }
  };
  for (const row of rows) {
    if (state.has(row.resultId)) {
      counts.skipped++;
      continue;
    }
    const broken = check(row);
    if (broken !== null) {
      counts.failed++;
      counts.invalid++;
      note(`a row breaks schema/fleet-row.schema.json and was not sent: ${broken}`);
      continue;
    }
    const text = destination.encode(row);
    // Each row adds its bytes and one separator (a comma in a JSON array, a newline between HEC events).
    const size = Buffer.byteLength(text) + 1;
    if (bytes + size + 2 > destination.maxBatchBytes) await flush();
    batch.push(row);
    json.push(text);
    bytes += size;
  }
  await flush();
  return counts;
}

/** The counts in one line, as printed on stderr. */
export function describeCounts(c: ShipCounts): string {
  const invalid = c.invalid ? ` (${c.invalid} broke the row schema and were not sent)` : '';
  const why = c.errors.length ? `: ${c.errors.join('; ')}` : '';
  return `${c.destination}: sent ${c.sent}, skipped ${c.skipped} (sent before), failed ${c.failed}${invalid}${why}`;
}
