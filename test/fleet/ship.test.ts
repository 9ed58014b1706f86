// fleet --to-splunk-hec and --to-log-analytics against local stand-ins (test/helpers/shipServers.ts): throttling is
// waited out, a row that breaks the schema is never sent, and no secret reaches a row, the output or the state file.
// The 100,000-result runs are in shipSplunk*.test.ts and shipLogAnalytics*.test.ts.
import t from 'tap';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { json, tempDir } from '../helpers/fleetData';
import { formsOf } from '../helpers/secretForms';
import { counts, DESTINATIONS, ship, writeFleet } from '../helpers/shipRuns';
import { CLIENT_SECRET, HEC_TOKEN } from '../helpers/shipServers';

for (const [name, start] of DESTINATIONS) {
  t.test(`${name}: a 429 and a 503 are waited out as Retry-After says; nothing is lost or doubled`, async (t) => {
    const dir = tempDir(t);
    const input = writeFleet(dir, 3000);
    const standIn = await start({
      answers: { 1: { status: 429, retryAfter: '1' }, 3: { status: 503, retryAfter: '2' } },
    });
    t.teardown(standIn.close);
    const run = await ship(standIn, [input], path.join(dir, 'state'));
    t.equal(run.code, 0, run.stderr);
    t.same(counts(run.stderr), { sent: 3000, skipped: 0, failed: 0 });
    const requests = standIn.received.requests;
    t.same(
      requests.map((r) => r.status >= 200 && r.status < 300),
      [false, true, false, true],
      'two batches: the first throttled once (429), the second refused once (503), each sent again',
    );
    t.ok(requests[1].at - requests[0].at >= 900, `waited ${requests[1].at - requests[0].at} ms after Retry-After: 1`);
    t.ok(requests[3].at - requests[2].at >= 1900, `waited ${requests[3].at - requests[2].at} ms after Retry-After: 2`);
    t.equal(standIn.received.rows.size, 3000);
    t.equal(standIn.received.duplicates, 0);
  });

  t.test(`${name}: a row that breaks the schema is never sent, and the counts say so`, async (t) => {
    const dir = tempDir(t);
    const good = writeFleet(dir, 20);
    const broken = path.join(dir, 'broken.ndjson');
    writeFileSync(broken, `${json({ host: 'PC-BROKEN', status: 'unhealthy', codes: ['not a code'] })}\n`);
    const standIn = await start();
    t.teardown(standIn.close);
    const run = await ship(standIn, [good, broken], path.join(dir, 'state'));
    t.equal(run.code, 5, 'a row not shipped is a failure of the run');
    t.same(counts(run.stderr), { sent: 20, skipped: 0, failed: 1 });
    t.match(run.stderr, /1 broke the row schema and were not sent/);
    t.match(run.stderr, /codes\/0 must match pattern/, 'the reason names the field');
    t.same(standIn.received.problems, [], 'the stand-in never saw the broken row');
    t.equal(standIn.received.rows.size, 20);
    t.notOk(
      [...standIn.received.rows.values()].some((r) => r.device === 'PC-BROKEN'),
      'the broken row did not arrive',
    );
    t.equal(run.json.endpoints, 21, 'the report still counts it');
  });

  t.test(`${name}: no secret in any row, the output or the state file`, async (t) => {
    const dir = tempDir(t);
    // The secret this run holds: the HEC token, or the Azure client secret.
    const secret = name === 'Splunk HEC' ? HEC_TOKEN : CLIENT_SECRET;
    const secrets = [secret];
    const forms = secrets.flatMap((s) => formsOf(s));
    // An endpoint result that quotes the admin's secrets (pasted into a proxy's answer, say) must not carry them on.
    const input = path.join(dir, 'quoting.ndjson');
    writeFileSync(
      input,
      `${json({ host: 'PC-Q', status: 'unhealthy', codes: ['PROXY_AUTH_REJECTED'], summary: `proxy said ${secret} and ${encodeURIComponent(secret)}` })}\n`,
    );
    const standIn = await start({ forbidden: forms });
    t.teardown(standIn.close);
    const stateDir = path.join(dir, 'state');
    const run = await ship(standIn, [input], stateDir);
    t.equal(run.code, 0, run.stderr);
    t.equal(standIn.received.rows.size, 1);
    t.equal(standIn.received.leaks, 0, 'no request carried a form of a secret');
    t.match(String([...standIn.received.rows.values()][0].summary), /proxy said \*\*\* and \*\*\*/);
    const files = readdirSync(stateDir).map((f) => readFileSync(path.join(stateDir, f), 'utf8'));
    t.equal(files.length, 1, 'one state file for the destination');
    for (const [where, text] of [
      ['stdout', run.stdout],
      ['stderr', run.stderr],
      ['state file', files.join('')],
    ])
      t.notOk(
        forms.find((f) => text.includes(f)),
        `no form of a secret in the ${where}`,
      );
  });
}
