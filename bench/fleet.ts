// fleet at scale: 100,000 NDJSON results aggregated by the bundled CLI, wall time and peak RSS, against the equivalent
// jq group-by (latest result per host, then counts per status) over the same file in the same run.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiComputer } from '../test/helpers/consoleServer';
import { json, LATEST, result } from '../test/helpers/fleetData';

import { BUNDLE, ROOT } from '../test/helpers/paths';
const RSS_PROBE = path.join(ROOT, 'bench', 'rss-probe.cjs');
const PARSE_FLOOR = path.join(ROOT, 'bench', 'parse-floor.cjs');
const RESULTS = 100_000;
/** Every endpoint reports twice (yesterday and today), as a folder of daily exports does: de-duplication is real work. */
const DEVICES = RESULTS / 2;

export interface FleetBenchRow {
  name: string;
  value: string;
  target: string;
  pass: boolean | null;
  note: string;
}

const CAUSES = [
  'PROXY_AUTH_REJECTED',
  'DNS_RESOLUTION_FAILED',
  'SERVER_UNREACHABLE',
  'TLS_VERIFY_FAILED',
  'REVOCATION_UNREACHABLE',
  'CAUSE_UNDETERMINED',
];

function resultFor(i: number): string {
  const device = i % DEVICES;
  const day = i < DEVICES ? '2026-11-26' : '2026-11-27';
  const unhealthy = device % 7 === 0;
  return json({
    host: `PC-${String(device).padStart(6, '0')}`,
    status: unhealthy ? 'unhealthy' : device % 53 === 0 ? 'not_applicable' : 'healthy',
    version: unhealthy ? LATEST - (device % 300) : LATEST - (device % 3),
    codes: unhealthy ? ['DEFINITIONS_STALE', CAUSES[device % CAUSES.length]] : [],
    at: `${day}T${String(device % 24).padStart(2, '0')}:00:00.000Z`,
  });
}

async function writeResults(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < RESULTS; i++) {
    if (!out.write(`${resultFor(i)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

interface Timed {
  ms: number;
  rssKiB: number;
  code: number | null;
  stdout: string;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Timed> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...env } });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, rssKiB: NaN, code, stdout }),
    );
  });
}

async function timeFleet(...files: string[]): Promise<Timed> {
  const rssFile = path.join(os.tmpdir(), `tetra-fleet-rss-${process.pid}`);
  const run = await timed(
    process.execPath,
    ['--require', RSS_PROBE, BUNDLE, 'fleet', ...files, '--format', 'json', '--now', '2026-11-27T12:00:00Z'],
    { TETRA_RSS_FILE: rssFile },
  );
  run.rssKiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
  rmSync(rssFile, { force: true });
  return run;
}

/** The same question in jq: the latest result per host, then how many endpoints per status. */
const JQ_PROGRAM =
  'group_by(.host | ascii_downcase) | map(max_by(.checkedAt)) | group_by(.status) | map({(.[0].status): length}) | add';

function ensureJq(): string | null {
  const which = spawnSync('sh', ['-c', 'command -v jq'], { encoding: 'utf8' });
  if (which.status === 0) return which.stdout.trim();
  spawnSync('sh', [
    '-c',
    'apt-get install -y -qq jq >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq jq >/dev/null 2>&1)',
  ]);
  const again = spawnSync('sh', ['-c', 'command -v jq'], { encoding: 'utf8' });
  return again.status === 0 ? again.stdout.trim() : null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function benchFleet(): Promise<FleetBenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-fleet-bench-'));
  try {
    const file = path.join(dir, 'results.ndjson');
    await writeResults(file);
    const sizeMb = statSync(file).size / 1e6;
    const jq = ensureJq();
    const fleetRuns: Timed[] = [];
    const jqRuns: Timed[] = [];
    // Interleaved, so that load from other work on the machine falls on both alike.
    for (let i = 0; i < 3; i++) {
      fleetRuns.push(await timeFleet(file));
      if (jq) jqRuns.push(await timed(jq, ['-s', '-c', JQ_PROGRAM, file]));
    }
    const report = JSON.parse(fleetRuns[0].stdout) as { endpoints: number; status: Record<string, number> };
    const fleetMs = median(fleetRuns.map((r) => r.ms));
    const peakMb = Math.max(...fleetRuns.map((r) => r.rssKiB)) / 1024;
    const rows: FleetBenchRow[] = [
      {
        name: `fleet: ${RESULTS.toLocaleString('en')} NDJSON results (${sizeMb.toFixed(0)} MB, ${DEVICES.toLocaleString('en')} devices)`,
        value: `${fleetMs.toFixed(0)} ms`,
        target: '< 2000 ms',
        pass: fleetMs < 2000 && fleetRuns[0].code === 0,
        note: `median of 3, exit ${fleetRuns[0].code}, ${report.endpoints} endpoints; 1-minute load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
      },
      {
        name: 'fleet: peak RSS on the same run',
        value: `${peakMb.toFixed(1)} MB`,
        target: '< 300 MB',
        pass: peakMb < 300,
        note: 'maxRSS of the whole process (streaming: the file is never one string)',
      },
    ];
    if (!jq)
      return [
        ...rows,
        {
          name: 'fleet vs jq group-by',
          value: 'jq unavailable',
          target: '< 1x',
          pass: null,
          note: 'jq could not be installed',
        },
        ...(await benchJoin(dir, null)),
      ];
    const jqMs = median(jqRuns.map((r) => r.ms));
    const jqCounts = JSON.parse(jqRuns[0].stdout) as Record<string, number>;
    const agree = Object.entries(jqCounts).every(([status, n]) => report.status[status] === n);
    const ratio = fleetMs / jqMs;
    return [
      ...rows,
      {
        name: 'fleet vs the equivalent jq group-by (same file, same run)',
        value: `${ratio.toFixed(2)}x (${fleetMs.toFixed(0)} ms / ${jqMs.toFixed(0)} ms)`,
        target: '< 1x',
        pass: ratio < 1 && agree,
        note: `jq -s '${JQ_PROGRAM}'; status counts ${agree ? 'agree' : 'DIFFER'}`,
      },
      ...(await benchJoin(dir, jq)),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const JOINED = 100_000;
const POLICY_NAMES = ['Protect', 'Servers', 'Audit', 'Kiosk'];
const guidOf = (i: number) => `${i.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-${i.toString(16).padStart(12, '0')}`;

/**
 * 100,000 console computers as saved /v1/computers pages (500 per page, one page per line, as the API gives them)
 * and 100,000 results carrying connector GUIDs: 90,000 of the computers report, 10,000 results are unknown to the
 * console, every tenth result has no GUID and joins by host name.
 */
async function writeJoinInputs(computersFile: string, resultsFile: string): Promise<void> {
  const computers = createWriteStream(computersFile);
  for (let page = 0; page < JOINED / 500; page++) {
    const data = [];
    for (let i = page * 500; i < (page + 1) * 500; i++)
      data.push(
        apiComputer({
          guid: guidOf(i),
          hostname: `PC-${String(i).padStart(6, '0')}.corp.example.com`,
          policy: POLICY_NAMES[i % 4],
          group: `Site-${i % 20}`,
          defs: String(i % 13 === 0 ? LATEST - 5 : LATEST),
          faults: i % 50 === 0 ? ['Reboot Required'] : [],
        }),
      );
    const line = JSON.stringify({
      version: 'v1.2.0',
      metadata: {
        links: { self: `https://api.amp.cisco.com/v1/computers?offset=${page * 500}&limit=500` },
        results: { total: JOINED, current_item_count: 500, index: page * 500, items_per_page: 500 },
      },
      data,
    });
    if (!computers.write(`${line}\n`)) await new Promise<void>((resolve) => computers.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => computers.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const results = createWriteStream(resultsFile);
  for (let n = 0; n < JOINED; n++) {
    // 0-89,999 are console computers; 90,000 onwards are unknown to the console.
    const i = n < 90_000 ? n : 10_000_000 + n;
    const unhealthy = i % 7 === 0;
    const r = result({
      host: `PC-${String(i).padStart(6, '0')}`,
      status: unhealthy ? 'unhealthy' : 'healthy',
      version: unhealthy ? LATEST - (i % 300) : LATEST,
      codes: unhealthy ? ['DEFINITIONS_STALE', CAUSES[i % CAUSES.length]] : [],
      at: '2026-11-27T10:00:00.000Z',
    });
    if (i % 10 !== 0) r.connector.guid = guidOf(i);
    if (!results.write(`${JSON.stringify(r)}\n`))
      await new Promise<void>((resolve) => results.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => results.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** The same join in jq: computers by GUID against results by connector.guid, then reporting per policy. */
const JQ_JOIN =
  '(reduce $r[] as $x ({}; if $x.connector.guid then .[$x.connector.guid] = $x.status else . end)) as $m | [inputs.data[]] | {computers: length, reporting: (map(select($m[.connector_guid] != null)) | length), byPolicy: (group_by(.policy.name) | map({(.[0].policy.name): length}) | add)}';
const JOIN_RUNS = 5;

interface Run {
  code: number | null;
  wallMs: number;
  cpuMs: number | null;
  rssKiB: number | null;
  output: string;
}
interface Executables {
  runOnce(command: string, args: string[]): Promise<Run>;
  ensureExecutables(): void;
  seaNodeVersion(): string;
  LINUX_EXE: string;
}
interface JoinReport {
  secureEndpoint: {
    computers: number;
    reporting: number;
    notReporting: number;
    unknownToConsole: number;
    matchedByHostname: number;
  };
}

/**
 * The join as admins run it: the bundle on this machine's Node, and the Linux executable (the Node it embeds). Beside
 * them, in the same interleaved runs: the baseline of JSON.parse of every line and nothing else, and jq's join.
 */
async function benchJoin(dir: string, jq: string | null): Promise<FleetBenchRow[]> {
  const computersFile = path.join(dir, 'computers.ndjson');
  const resultsFile = path.join(dir, 'joined-results.ndjson');
  await writeJoinInputs(computersFile, resultsFile);
  const sizeMb = (statSync(computersFile).size + statSync(resultsFile).size) / 1e6;
  const exe = (await import(path.join(ROOT, 'bench', 'executables.mjs'))) as Executables;
  exe.ensureExecutables();
  const fleetArgs = ['fleet', computersFile, resultsFile, '--format', 'json', '--now', '2026-11-27T12:00:00Z'];
  const subjects = [
    {
      name: `bundle on this machine's node ${process.version}`,
      command: process.execPath,
      args: [BUNDLE, ...fleetArgs],
    },
    { name: `Linux exe (node ${exe.seaNodeVersion()})`, command: exe.LINUX_EXE, args: fleetArgs },
    { name: 'floor', command: process.execPath, args: [PARSE_FLOOR, computersFile, resultsFile] },
    ...(jq
      ? [{ name: 'jq', command: jq, args: ['-n', '-c', '--slurpfile', 'r', resultsFile, JQ_JOIN, computersFile] }]
      : []),
  ];
  const runs: Run[][] = subjects.map(() => []);
  // Interleaved, after one warm-up each: load from other work on the machine falls on every subject alike.
  for (const s of subjects) await exe.runOnce(s.command, s.args);
  for (let i = 0; i < JOIN_RUNS; i++)
    for (const [k, s] of subjects.entries()) runs[k].push(await exe.runOnce(s.command, s.args));
  const ms = runs.map((r) => median(r.map((x) => x.wallMs)));
  const [floorMs, jqMs] = [ms[2], jq ? ms[3] : null];
  const rows = [0, 1].flatMap((k) => joinRows(subjects[k].name, runs[k], sizeMb, floorMs, jqMs));
  if (jq) rows.push(jqAgreement(runs[0][0].output, runs[3][0].output));
  return rows;
}

function joinRows(runtime: string, runs: Run[], sizeMb: number, floorMs: number, jqMs: number | null): FleetBenchRow[] {
  const se = (JSON.parse(runs[0].output) as JoinReport).secureEndpoint;
  const ms = median(runs.map((r) => r.wallMs));
  const peaks = runs.flatMap((r) => (r.rssKiB === null ? [] : [r.rssKiB]));
  const rss = peaks.length < runs.length ? null : Math.max(...peaks) / 1024;
  const rows: FleetBenchRow[] = [
    {
      name: `fleet --secure-endpoint join, ${runtime}: ${JOINED.toLocaleString('en')} console computers x ${JOINED.toLocaleString('en')} results (${sizeMb.toFixed(0)} MB)`,
      value: `${ms.toFixed(0)} ms`,
      target: '< 2000 ms',
      pass: ms < 2000 && runs[0].code === 0 && se.computers === JOINED,
      note: `median of ${runs.length} (fastest ${Math.min(...runs.map((r) => r.wallMs)).toFixed(0)} ms); saved /v1/computers pages (500 per page); ${se.reporting} reporting (${se.matchedByHostname} by host name), ${se.notReporting} not reporting, ${se.unknownToConsole} unknown to the console; 1-minute load average ${os.loadavg()[0].toFixed(1)}`,
    },
    {
      name: `fleet --secure-endpoint join, ${runtime}: peak RSS`,
      value: rss === null ? 'not measured' : `${rss.toFixed(1)} MB`,
      target: '< 300 MB',
      pass: rss === null ? null : rss < 300,
      note:
        rss === null
          ? '/usr/bin/time (Debian package time) is not installed'
          : `GNU time, the highest maximum resident set size of the ${runs.length} runs`,
    },
    {
      name: `fleet --secure-endpoint join, ${runtime}, vs JSON.parse of every line alone (same files, same runs)`,
      value: `${(ms / floorMs).toFixed(2)}x (${ms.toFixed(0)} ms / ${floorMs.toFixed(0)} ms)`,
      target: '-',
      pass: null,
      note: `baseline: bench/parse-floor.cjs on this machine's node, the least any reader of these files does; the ratio is what reading into records, the join and the report add`,
    },
  ];
  if (jqMs !== null)
    rows.push({
      name: `fleet --secure-endpoint join, ${runtime}, vs the equivalent jq join (same files, same runs)`,
      value: `${(ms / jqMs).toFixed(2)}x (${ms.toFixed(0)} ms / ${jqMs.toFixed(0)} ms)`,
      target: '< 1x',
      pass: ms < jqMs,
      note: `jq -n --slurpfile r results '${JQ_JOIN}' computers`,
    });
  return rows;
}

/** jq joins by GUID only; fleet also joins the GUID-less results by host name, so it finds those too. */
function jqAgreement(fleetOutput: string, jqOutput: string): FleetBenchRow {
  const se = (JSON.parse(fleetOutput) as JoinReport).secureEndpoint;
  const jqOut = JSON.parse(jqOutput) as { computers: number; reporting: number };
  const agree = jqOut.computers === se.computers && jqOut.reporting === se.reporting - se.matchedByHostname;
  return {
    name: 'fleet --secure-endpoint join and jq agree on the GUID matches',
    value: agree ? 'yes' : 'NO',
    target: 'yes',
    pass: agree,
    note: `${jqOut.computers} computers, ${jqOut.reporting} matched by GUID`,
  };
}

/** `node build/run-ts.mjs bench/fleet.ts` runs this file alone. */
export async function main(): Promise<void> {
  for (const row of await benchFleet())
    console.log(
      `${row.pass === null ? '-' : row.pass ? 'ok' : 'NO'}  ${row.name}: ${row.value} (target ${row.target}) ${row.note}`,
    );
}
