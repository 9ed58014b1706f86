// fleet --to-splunk-hec with 100,000 results against its local stand-in (test/helpers/shipServers.ts): a run cut off half-way, then run again; every result arrives exactly once.
import t from 'tap';
import path from 'node:path';
import { tempDir } from '../helpers/fleetData';
import { counts, DESTINATIONS, ship, writeFleet } from '../helpers/shipRuns';
import type { StandInOptions } from '../helpers/shipServers';

const [name, start] = DESTINATIONS.find(([n]) => n === 'Splunk HEC')!;

t.test(`${name}: a run cut off half-way, then run again: every result arrives exactly once`, async (t) => {
  const dir = tempDir(t);
  const input = writeFleet(dir, 100_000);
  const options: StandInOptions = { stallFrom: 25 };
  const standIn = await start(options);
  t.teardown(standIn.close);
  const abort = new AbortController();
  const watch = setInterval(() => {
    if (standIn.received.requests.length >= 25) abort.abort();
  }, 20);
  const cut = await ship(standIn, [input], path.join(dir, 'state'), abort.signal);
  clearInterval(watch);
  t.equal(cut.code, null, 'killed while the 25th batch was on its way');
  const acceptedBefore = standIn.received.rows.size;
  t.ok(acceptedBefore > 0 && acceptedBefore < 100_000, `${acceptedBefore} rows accepted before the cut`);
  delete options.stallFrom;
  const again = await ship(standIn, [input], path.join(dir, 'state'));
  t.equal(again.code, 0, again.stderr);
  t.same(counts(again.stderr), { sent: 100_000 - acceptedBefore, skipped: acceptedBefore, failed: 0 });
  t.equal(standIn.received.rows.size, 100_000);
  t.equal(standIn.received.duplicates, 0);
});
