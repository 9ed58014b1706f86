// Class 8, state under concurrency and damage: concurrent detect runs keep every history entry; history is read
// from its tail, bounded; lock staleness survives a pid of 0 or below, a start in the future and a reused pid;
// cooldown arithmetic is bounded whatever time is stored.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actingArgs, makeActingEndpoint } from '../../helpers/acting';
import { cleanup, makeEndpoint, run, runCli, tempDir, type Case, type Check, type CliRun } from '../kit';

const CONCURRENT = 8;

/** N detect runs at once on one state folder; the run returned carries how many entries the history then held. */
function concurrentDetects() {
  return async (): Promise<CliRun> => {
    const e = makeEndpoint();
    const stateDir = tempDir('tetra-state-');
    cleanup.push(e.remove);
    const runs = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'json', '--state-dir', stateDir]),
      ),
    );
    const entries = readFileSync(path.join(stateDir, 'history.jsonl'), 'utf8').trim().split('\n').length;
    const last = runs[runs.length - 1];
    return {
      ...last,
      stdout: last.stdout,
      json: { ...last.json, historyEntries: entries },
      ms: Math.max(...runs.map((r) => r.ms)),
    };
  };
}

const keptEvery: Check = {
  name: `${CONCURRENT} entries kept`,
  check: (r) => (r.json?.historyEntries === CONCURRENT ? null : `${r.json?.historyEntries} entries`),
};

function detectWithHistory(content: () => string | Buffer) {
  return async () => {
    const e = makeEndpoint();
    const stateDir = tempDir('tetra-state-');
    cleanup.push(e.remove);
    writeFileSync(path.join(stateDir, 'history.jsonl'), content());
    return run(['detect', '--amp-dir', e.root, '--offline', '--format', 'json', '--state-dir', stateDir]);
  };
}

const historyAvailable: Check = {
  name: 'history read from its tail and kept',
  check: (r) => (r.json?.history?.available === true ? null : JSON.stringify(r.json?.history)),
};

/** remediate on a stale endpoint with a planted lock or cooldown record. */
function remediateWith(file: 'remediate.lock' | 'cooldown.json', record: () => unknown) {
  return async () => {
    const e = makeActingEndpoint();
    cleanup.push(e.remove);
    writeFileSync(path.join(e.stateDir, file), JSON.stringify(record()));
    return run(actingArgs('remediate', e, '--wait-seconds', '0', '--poll-seconds', '0.2'), { now: null });
  };
}

const forced: Check = {
  name: 'the stale or implausible record did not block: the update was forced',
  check: (r) => (r.json?.remediation?.attempted === true ? null : JSON.stringify(r.json?.remediation)),
};
const lock = (over: Record<string, unknown>) => () => ({
  pid: process.pid,
  host: os.hostname(),
  command: 'remediate',
  startedAt: new Date(Date.now() - 1000).toISOString(),
  staleAfterMs: 600_000,
  ...over,
});
const cooldown = (lastForcedAt: unknown) => () => ({ lastForcedAt, pid: 1 });

let id = 0;
const next = () => `H${String(++id).padStart(2, '0')}`;

export const STATE: Case[] = [
  {
    id: next(),
    area: 'state',
    input: `${CONCURRENT} concurrent detect runs on one state folder`,
    exit: 0,
    codes: [],
    run: concurrentDetects(),
    checks: [keptEvery],
  },
  {
    id: next(),
    area: 'state',
    input: 'history of 40 MB of valid entries',
    exit: 0,
    codes: [],
    run: detectWithHistory(() =>
      `${JSON.stringify({ at: '2026-01-01T00:00:00.000Z', command: 'detect', status: 'healthy', exitCode: 0, installDir: '/x', version: 1, lastSuccessfulUpdate: null, codes: [] })}\n`.repeat(
        200_000,
      ),
    ),
    checks: [historyAvailable],
  },
  {
    id: next(),
    area: 'state',
    input: 'history of one 30 MB line without a newline',
    exit: 0,
    codes: [],
    run: detectWithHistory(() => Buffer.alloc(30 * 1024 * 1024, 0x61)),
    checks: [historyAvailable],
  },
  {
    id: next(),
    area: 'state',
    input: 'history entries that are JSON but not entries (null, arrays, numbers)',
    exit: 0,
    codes: [],
    run: detectWithHistory(() => 'null\n[]\n42\n"x"\n{"at":1}\n'),
    checks: [historyAvailable],
  },
  {
    id: next(),
    area: 'state',
    input: 'lock held by pid 0 (signals the process group)',
    exit: 1,
    codes: null,
    run: remediateWith('remediate.lock', lock({ pid: 0 })),
    checks: [forced],
  },
  {
    id: next(),
    area: 'state',
    input: 'lock held by pid -1 (signals every process)',
    exit: 1,
    codes: null,
    run: remediateWith('remediate.lock', lock({ pid: -1 })),
    checks: [forced],
  },
  {
    id: next(),
    area: 'state',
    input: 'lock started a year in the future by a live pid',
    exit: 1,
    codes: null,
    run: remediateWith('remediate.lock', lock({ startedAt: new Date(Date.now() + 365 * 86_400_000).toISOString() })),
    checks: [forced],
  },
  {
    id: next(),
    area: 'state',
    input: 'lock of a pid reused by a newer live process (the test runner), claiming 10^12 ms',
    exit: 1,
    codes: null,
    run: remediateWith(
      'remediate.lock',
      lock({ startedAt: new Date(Date.now() - 3_600_000).toISOString(), staleAfterMs: 1e12 }),
    ),
    checks: [forced],
  },
  {
    id: next(),
    area: 'state',
    input: 'lock with pid 1e21 and staleAfterMs Infinity',
    exit: 1,
    codes: null,
    run: remediateWith('remediate.lock', lock({ pid: 1e21, staleAfterMs: 'Infinity' })),
    checks: [forced],
  },
  {
    id: next(),
    area: 'state',
    input: 'cooldown last forced at +275760-09-13 (the last valid Date)',
    exit: 1,
    codes: null,
    run: remediateWith('cooldown.json', cooldown('+275760-09-13T00:00:00.000Z')),
    checks: [forced],
  },
  {
    id: next(),
    area: 'state',
    input: 'cooldown last forced in 2099',
    exit: 1,
    codes: null,
    run: remediateWith('cooldown.json', cooldown('2099-01-01T00:00:00.000Z')),
    checks: [forced],
  },
  {
    id: next(),
    area: 'state',
    input: 'cooldown last forced at -271821-04-20 (the first valid Date)',
    exit: 1,
    codes: null,
    run: remediateWith('cooldown.json', cooldown('-271821-04-20T00:00:00.000Z')),
    checks: [forced],
  },
  {
    id: next(),
    area: 'state',
    input: 'cooldown last forced given as a number, not a time',
    exit: 1,
    codes: null,
    run: remediateWith('cooldown.json', cooldown(8.64e15)),
    checks: [forced],
  },
];
