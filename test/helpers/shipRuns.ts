// What the shipping tests share: a fleet of n results in one file, a run that ships it, and the counts it printed.
import { writeFileSync } from 'node:fs';
import type { Test } from 'tap';
import path from 'node:path';
import { runCli } from './cli';
import { line, tempDir } from './fleetData';
import { startLogsIngestion, startSplunkHec, type StandIn, type StandInOptions } from './shipServers';
import type { Status } from '../../src/contract/types';

export const NOW = '2026-11-28T00:00:00Z';
const STATUSES: Status[] = ['healthy', 'unhealthy', 'healthy', 'undetermined', 'not_applicable'];
export const DESTINATIONS: Array<[string, (o?: StandInOptions) => Promise<StandIn>]> = [
  ['Splunk HEC', startSplunkHec],
  ['Log Analytics', startLogsIngestion],
];

/** n results of n devices as line outputs in one file, one per line. */
export function writeFleet(dir: string, n: number): string {
  const file = path.join(dir, `fleet-${n}.txt`);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const status = STATUSES[i % STATUSES.length];
    const minute = String(i % 60).padStart(2, '0');
    lines.push(
      line({
        host: `PC-${i}`,
        status,
        version: 90606 - (i % 7),
        codes: status === 'unhealthy' ? ['DEFINITIONS_STALE', 'PROXY_AUTH_REJECTED'] : [],
        at: `2026-11-27T10:${minute}:00.000Z`,
      }),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export function ship(standIn: StandIn, inputs: string[], stateDir: string, signal?: AbortSignal) {
  return runCli(['fleet', ...inputs, ...standIn.args, '--sent-state-dir', stateDir, '--format', 'json'], {
    env: standIn.env,
    now: NOW,
    timeoutMs: 170_000,
    signal,
  });
}

/** The counts line fleet prints on stderr for the destination. */
export function counts(stderr: string): { sent: number; skipped: number; failed: number } {
  const m = /sent (\d+), skipped (\d+) \(sent before\), failed (\d+)/.exec(stderr);
  if (!m) throw new Error(`no counts in: ${stderr}`);
  return { sent: Number(m[1]), skipped: Number(m[2]), failed: Number(m[3]) };
}

/** 100,000 results shipped twice to one destination: the second run sends nothing, and nothing arrives twice. */
export function testReruns(t: Test, name: string): void {
  const start = DESTINATIONS.find(([n]) => n === name)![1];
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
}

/** 100,000 results, a run killed while a batch is on its way, then run again: every result arrives exactly once. */
export function testCutOff(t: Test, name: string): void {
  const start = DESTINATIONS.find(([n]) => n === name)![1];
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
}
