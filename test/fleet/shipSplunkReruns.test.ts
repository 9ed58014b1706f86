// fleet --to-splunk-hec with 100,000 results against its local stand-in (test/helpers/shipServers.ts): two runs; every result arrives exactly once.
import t from 'tap';
import path from 'node:path';
import { tempDir } from '../helpers/fleetData';
import { counts, DESTINATIONS, ship, writeFleet } from '../helpers/shipRuns';

const [name, start] = DESTINATIONS.find(([n]) => n === 'Splunk HEC')!;

t.test(`${name}: 100,000 results arrive exactly once across two runs`, async (t) => {
  const dir = tempDir(t);
  const input = writeFleet(dir, 100_000);
  const standIn = await start();
  t.teardown(standIn.close);
  const first = await ship(standIn, [input], path.join(dir, 'state'));
  t.equal(first.code, 0, first.stderr);
  t.same(counts(first.stderr), { sent: 100_000, skipped: 0, failed: 0 });
  t.equal(first.json.endpoints, 100_000, 'the report is printed as without shipping');
  t.equal(standIn.received.rows.size, 100_000);
  t.equal(standIn.received.duplicates, 0);
  t.same(standIn.received.problems, [], 'the stand-in refused nothing: auth, size, stream and columns all fit');
  t.ok(standIn.received.requests.length >= 40, `${standIn.received.requests.length} batches of at most 1 MB`);
  if (name === 'Log Analytics')
    t.ok(
      standIn.received.requests.every((r) => r.gzip),
      'gzip, as the client sends',
    );
  const requestsBefore = standIn.received.requests.length;
  const second = await ship(standIn, [input], path.join(dir, 'state'));
  t.equal(second.code, 0, second.stderr);
  t.same(counts(second.stderr), { sent: 0, skipped: 100_000, failed: 0 });
  t.equal(standIn.received.requests.length, requestsBefore, 'the rerun sent nothing');
  t.equal(standIn.received.rows.size, 100_000);
  t.equal(standIn.received.duplicates, 0);
});
