// What the shipping tests share: a fleet of n results in one file, a run that ships it, and the counts it printed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './cli';
import { line } from './fleetData';
import { startLogsIngestion, startSplunkHec, type StandIn, type StandInOptions } from './shipServers';
import type { Status } from '../../src/types';

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
