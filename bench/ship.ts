// fleet shipping at scale: 100,000 results (one per device) shipped to the local Splunk HEC and Logs Ingestion
// stand-ins (test/helpers/shipServers.ts, which check every row as the services would), against the same fleet run
// that only reads and reports them, interleaved in the same run: the shipping's share is a ratio, whatever the load.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NOW, writeFleet } from '../test/helpers/shipRuns';
import { startLogsIngestion, startSplunkHec, type StandIn } from '../test/helpers/shipServers';
import { BUNDLE, ROOT } from '../test/helpers/paths';
import type { Row } from './run';

const RSS_PROBE = path.join(ROOT, 'bench', 'rss-probe.cjs');
const RESULTS = 100_000;
const ROUNDS = 3;

interface Timed {
  ms: number;
  rssKiB: number;
  code: number | null;
  stderr: string;
}

function timeFleet(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Timed> {
  const rssFile = path.join(os.tmpdir(), `tetra-ship-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--require', RSS_PROBE, BUNDLE, 'fleet', ...args, '--format', 'json', '--now', NOW],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env, TETRA_RSS_FILE: rssFile } },
    );
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rssKiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
      rmSync(rssFile, { force: true });
      resolve({ ms, rssKiB, code, stderr });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

export async function benchShip(): Promise<Row[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-bench-ship-'));
  const standIns: Array<[string, StandIn]> = [
    ['Splunk HEC', await startSplunkHec()],
    ['Log Analytics', await startLogsIngestion()],
  ];
  try {
    const input = writeFleet(dir, RESULTS);
    const load = os.loadavg()[0];
    const reads: Timed[] = [];
    const ships = new Map<string, Timed[]>(standIns.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      reads.push(await timeFleet([input]));
      for (const [name, standIn] of standIns) {
        // A fresh state folder each round: every round ships all 100,000.
        const state = path.join(dir, `state-${name.replace(/\W/g, '')}-${round}`);
        const run = await timeFleet([input, ...standIn.args, '--sent-state-dir', state], standIn.env);
        if (run.code !== 0 || !run.stderr.includes(`sent ${RESULTS},`))
          throw new Error(`${name} did not ship everything: ${run.stderr}`);
        ships.get(name)?.push(run);
      }
    }
    const readMs = median(reads.map((r) => r.ms));
    const rows: Row[] = [
      {
        name: `fleet reading ${RESULTS.toLocaleString('en')} line results (one per device), no shipping`,
        value: `${readMs.toFixed(0)} ms`,
        target: '-',
        pass: null,
        note: `median of ${ROUNDS}, interleaved with the shipping runs; 1-min load average ${load.toFixed(1)} on 2 cores when it started (other helpers' builds and tests ran alongside)`,
      },
    ];
    for (const [name, runs] of ships) {
      const ms = median(runs.map((r) => r.ms));
      const shipping = ms - readMs;
      const rss = Math.max(...runs.map((r) => r.rssKiB)) / 1024;
      rows.push(
        {
          name: `fleet --to-${name === 'Splunk HEC' ? 'splunk-hec' : 'log-analytics'}: shipping ${RESULTS.toLocaleString('en')} results to the stand-in, vs reading them (same file, same run)`,
          value: `${(shipping / readMs).toFixed(2)}x (${shipping.toFixed(0)} ms more than the ${readMs.toFixed(0)} ms of reading; whole run ${ms.toFixed(0)} ms)`,
          target: '<= 3x',
          pass: shipping <= 3 * readMs,
          note: `median of ${ROUNDS}; the stand-in in the benchmark's process checks every row against the schema${name === 'Log Analytics' ? ', gunzips each batch and issues the token' : ''}, on the same 2 cores`,
        },
        {
          name: `fleet --to-${name === 'Splunk HEC' ? 'splunk-hec' : 'log-analytics'}: peak RSS`,
          value: `${rss.toFixed(1)} MB`,
          target: '< 300 MB',
          pass: rss < 300,
          note: '',
        },
      );
    }
    return rows;
  } finally {
    for (const [, standIn] of standIns) await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `node build/run-ts.mjs bench/ship.ts` runs this file alone. */
export async function main(): Promise<void> {
  for (const row of await benchShip())
    console.log(
      `${row.pass === null ? '-' : row.pass ? 'ok' : 'NO'}  ${row.name}: ${row.value} (target ${row.target}) ${row.note}`,
    );
}
