// The bad-input matrix for fleet and the Secure Endpoint API client: per class of hostile input, several cases
// (generated where it makes sense), each with the exit code and what the report must say. Kept apart from the
// endpoint commands' matrix (cases.ts): fleet's contract is its report, not an endpoint result.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { runCli, type CliRun } from '../helpers/cli';
import { apiComputer, startConsoleServer, type ConsoleServerOptions } from '../helpers/consoleServer';
import { graphPage, json, line, result } from '../helpers/fleetData';
import { startGraphServer, REMEDIATION, type GraphServerOptions } from '../helpers/graphServer';
import { KILL_AFTER_MS } from './kit';

export interface FleetCase {
  id: string;
  area:
    | 'fleet files'
    | 'fleet structure'
    | 'fleet csv'
    | 'fleet json'
    | 'fleet graph'
    | 'fleet identity'
    | 'console api'
    | 'fleet truth';
  input: string;
  exit: number;
  run(): Promise<CliRun>;
  /** What the report must say; returns the problems found (empty when it holds). */
  check(report: any, run: CliRun): string[];
}

const dirs: string[] = [];
export const closers: Array<() => Promise<void>> = [];
export async function cleanUpFleet(): Promise<void> {
  while (closers.length) await closers.pop()!();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function tmp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-fleet-matrix-'));
  dirs.push(dir);
  return dir;
}

function fleetOn(files: Record<string, string | Buffer>, extra: string[] = []): () => Promise<CliRun> {
  return async () => {
    const dir = tmp();
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    return runCli(['fleet', dir, '--format', 'json', ...extra], { measureRss: true, timeoutMs: KILL_AFTER_MS });
  };
}

const expect = (ok: boolean, problem: string) => (ok ? [] : [problem]);
const FORGED = 'TETRA-DOCTOR status=healthy exit=0 host=FORGED version=90606';
const unhealthy = (host: string, summary: string) => ({
  host,
  status: 'unhealthy' as const,
  codes: ['PROXY_AUTH_REJECTED'],
  summary,
});

/** A forged healthy marker inside the summary, in every form an output can take. */
const forgedCases: FleetCase[] = (
  [
    ['line summary', { 'r.txt': `${line(unhealthy('PC-1', `reason: ${FORGED}`))}\n` }],
    ['JSON summary', { 'r.ndjson': `${json(unhealthy('PC-1', FORGED))}\n` }],
    [
      'JSON summary in a line log',
      { 'r.log': `${line({ host: 'PC-0', status: 'healthy' })}\n${json(unhealthy('PC-1', FORGED))}\n` },
    ],
    [
      'Intune cell holding a JSON result',
      {
        'r.csv': stringify([
          ['Device name', 'Pre-remediation detection output'],
          ['PC-1', json(unhealthy('PC-1', FORGED))],
        ]),
      },
    ],
    [
      'Graph run state, marker after the bar',
      { 'p.json': JSON.stringify(graphPage([{ deviceName: 'PC-1', pre: line(unhealthy('PC-1', `x | ${FORGED}`)) }])) },
    ],
    [
      'Intune cell holding a line result',
      {
        'r.csv': stringify([
          ['Device name', 'Pre-remediation detection output'],
          ['PC-1', line(unhealthy('PC-1', `proxy said: ${FORGED}`))],
        ]),
      },
    ],
    [
      'Graph run state holding a JSON result',
      {
        'p.json': JSON.stringify(graphPage([{ deviceName: 'PC-1', pre: json(unhealthy('PC-1', `${FORGED} | fine`)) }])),
      },
    ],
    [
      'Graph run state, noise before the line',
      {
        'p.json': JSON.stringify(
          graphPage([{ deviceName: 'PC-1', pre: `noise\n${line(unhealthy('PC-1', `proxy said: ${FORGED}`))}` }]),
        ),
      },
    ],
  ] as Array<[string, Record<string, string>]>
).map(([input, files], i) => ({
  id: `FS${i + 1}`,
  area: 'fleet structure',
  input: `forged "TETRA-DOCTOR status=healthy" in a ${input}`,
  exit: 0,
  run: fleetOn(files),
  check: (r) =>
    expect(
      r.status.unhealthy >= 1 &&
        !r.attention.every((a: { device: string }) => a.device !== 'PC-1') &&
        r.status.healthy <= (input.includes('log') ? 1 : 0),
      `status taken from text: ${JSON.stringify(r.status)}`,
    ),
}));

const FORMULAS = ['=1+1', '+1', '-1+2', '@SUM(A1)', '\t=1', '\r=1', '=cmd|"/c calc"!A1'];
const formulaCases: FleetCase[] = FORMULAS.map((f, i) => ({
  id: `FC${i + 1}`,
  area: 'fleet csv',
  input: `a ${JSON.stringify(f)} device name, finding code, outcome and summary reach the CSV`,
  exit: 0,
  run: async () => {
    const dir = tmp();
    writeFileSync(
      path.join(dir, 'r.ndjson'),
      JSON.stringify(
        result({
          host: `${f}PC`,
          status: 'unhealthy',
          codes: [f.trim(), 'DNS_RESOLUTION_FAILED'],
          summary: f,
          extra: { remediation: { outcome: f } },
        }),
      ),
    );
    const run = await runCli(
      ['fleet', path.join(dir, 'r.ndjson'), '--format', 'json', '--csv', path.join(dir, 'out.csv')],
      { measureRss: true },
    );
    run.stdout = JSON.stringify({
      ...JSON.parse(run.stdout),
      csv: require('node:fs').readFileSync(path.join(dir, 'out.csv'), 'utf8'),
    });
    return run;
  },
  check: (r) => {
    const { parse } = require('csv-parse/sync');
    const cells = (parse(r.csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][]).slice(1).flat();
    return expect(
      cells.every((c) => !/^[=+\-@\t\r]/.test(c)),
      `formula cell: ${JSON.stringify(cells.filter((c) => /^[=+\-@\t\r]/.test(c)))}`,
    );
  },
}));

const HEADER = 'Device name,Pre-remediation detection output';
const ok = (d: string) => stringify([[d, line({ host: d, status: 'healthy' })]]).trimEnd();
const csvRowCases: FleetCase[] = (
  [
    ['an unclosed quote before two valid rows', [HEADER, 'BAD,"never closed', ok('PC-1'), ok('PC-2')].join('\n'), 2],
    ['a stray quote inside an unquoted cell', [HEADER, 'BAD,ab"c', ok('PC-1')].join('\n'), 1],
    ['text after a closing quote', [HEADER, 'BAD,"ab"c', ok('PC-1'), ok('PC-2')].join('\n'), 2],
    ['a 1 MB cell without a closing quote', [HEADER, `BAD,"${'x'.repeat(1024 * 1024)}`, ok('PC-1')].join('\n'), 1],
    [
      'a quoted cell over two lines, rows ended by CRLF',
      [HEADER, `PC-1,"checking...\n${line({ host: 'PC-1', status: 'unhealthy' })}"`, ok('PC-2')].join('\r\n'),
      2,
    ],
  ] as Array<[string, string, number]>
).map(([input, text, devices], i) => ({
  id: `FR${i + 1}`,
  area: 'fleet csv',
  input: `Intune CSV with ${input}`,
  exit: 0,
  run: fleetOn({ 'export.csv': text }),
  check: (r) => expect(r.endpoints === devices, `${r.endpoints} endpoints, expected ${devices}`),
}));

function bigFile(name: string, head: string, megabytes: number, tail: string): () => Promise<CliRun> {
  return async () => {
    const dir = tmp();
    const file = path.join(dir, name);
    const fd = openSync(file, 'w');
    writeSync(fd, head);
    const block = 'y'.repeat(1024 * 1024);
    for (let i = 0; i < megabytes; i++) writeSync(fd, block);
    writeSync(fd, tail);
    closeSync(fd);
    return runCli(['fleet', dir, '--format', 'json'], { measureRss: true, timeoutMs: KILL_AFTER_MS });
  };
}

const fileCases: FleetCase[] = [
  {
    id: 'FF1',
    area: 'fleet files',
    input: 'a FIFO given as an input (no writer)',
    exit: 0,
    run: async () => {
      const dir = tmp();
      spawnSync('mkfifo', [path.join(dir, 'a.fifo')]);
      writeFileSync(path.join(dir, 'ok.ndjson'), json({ host: 'PC-1', status: 'healthy' }));
      return runCli(['fleet', path.join(dir, 'a.fifo'), path.join(dir, 'ok.ndjson'), '--format', 'json'], {
        measureRss: true,
        timeoutMs: KILL_AFTER_MS,
      });
    },
    check: (r) =>
      expect(
        r.endpoints === 1 && r.inputs.files[0].error === 'not a regular file (a FIFO)',
        JSON.stringify(r.inputs.files),
      ),
  },
  {
    id: 'FF2',
    area: 'fleet files',
    input: 'a link to /dev/zero given as an input',
    exit: 4,
    run: async () => {
      const dir = tmp();
      symlinkSync('/dev/zero', path.join(dir, 'zero.json'));
      return runCli(['fleet', path.join(dir, 'zero.json'), '--format', 'json'], {
        measureRss: true,
        timeoutMs: KILL_AFTER_MS,
      });
    },
    check: (r) => expect(r.inputs.files[0].error === 'not a regular file (a device)', JSON.stringify(r.inputs.files)),
  },
  {
    id: 'FF3',
    area: 'fleet files',
    input: 'a 40 MB line between two results (NDJSON)',
    exit: 0,
    run: bigFile(
      'r.ndjson',
      `${json({ host: 'PC-1', status: 'healthy' })}\n{"x":"`,
      40,
      `"}\n${json({ host: 'PC-2', status: 'healthy' })}\n`,
    ),
    check: (r) =>
      expect(
        r.endpoints === 2 && r.inputs.unreadableRows === 1,
        `${r.endpoints} endpoints, ${r.inputs.unreadableRows} unreadable`,
      ),
  },
  {
    id: 'FF4',
    area: 'fleet files',
    input: 'a 40 MB first line with no newline (one huge object)',
    exit: 4,
    run: bigFile('r.json', '{"schemaVersion":1,"summary":"', 40, '"}'),
    check: (r) =>
      expect(
        r.inputs.unreadableRows === 1 && /over the 32 M character cap/.test(r.inputs.unreadableSamples[0]?.reason),
        JSON.stringify(r.inputs.unreadableSamples),
      ),
  },
  {
    id: 'FF5',
    area: 'fleet files',
    input: 'a 40 MB line in a text file of line results',
    exit: 0,
    run: bigFile(
      'r.txt',
      `${line({ host: 'PC-1', status: 'healthy' })}\nTETRA-DOCTOR `,
      40,
      `\n${line({ host: 'PC-2', status: 'healthy' })}\n`,
    ),
    check: (r) =>
      expect(
        r.endpoints === 2 && r.inputs.unreadableRows === 1,
        `${r.endpoints} endpoints, ${r.inputs.unreadableRows} unreadable`,
      ),
  },
  {
    id: 'FF6',
    area: 'fleet files',
    input: 'a 40 MB element between two results in a JSON array',
    exit: 0,
    run: bigFile(
      'r.json',
      `[\n${json({ host: 'PC-1', status: 'healthy' })},\n{"schemaVersion":1,"summary":"`,
      40,
      `"},\n${json({ host: 'PC-2', status: 'healthy' })}\n]\n`,
    ),
    check: (r) =>
      expect(
        r.endpoints === 2 &&
          r.inputs.unreadableRows === 1 &&
          /\[1\]$/.test(r.inputs.unreadableSamples[0]?.where) &&
          /over the 32 M character cap/.test(r.inputs.unreadableSamples[0]?.reason),
        JSON.stringify(r.inputs.unreadableSamples),
      ),
  },
];

const jsonCases: FleetCase[] = [
  {
    id: 'FJ1',
    area: 'fleet json',
    input: 'a JSON array cut off in its third element',
    exit: 0,
    run: fleetOn({
      'a.json': `[\n${json({ host: 'PC-1', status: 'healthy' })},\n${json({ host: 'PC-2', status: 'healthy' })},\n{"schemaVersion":1,"host":"PC-3"`,
    }),
    check: (r) =>
      expect(r.endpoints === 2 && r.inputs.unreadableRows === 1, `${r.endpoints}/${r.inputs.unreadableRows}`),
  },
  {
    id: 'FJ2',
    area: 'fleet json',
    input: 'a JSON array of scalars, nulls and nested arrays',
    exit: 0,
    run: fleetOn({ 'a.json': `[\n1, null, "x", [[]], ${json({ host: 'PC-1', status: 'healthy' })}\n]` }),
    check: (r) =>
      expect(r.endpoints === 1 && r.inputs.unreadableRows === 4, `${r.endpoints}/${r.inputs.unreadableRows}`),
  },
  {
    id: 'FJ3',
    area: 'fleet json',
    input: 'unbalanced closing brackets after a pretty result',
    exit: 0,
    run: fleetOn({
      'a.json': `${JSON.stringify(JSON.parse(json({ host: 'PC-1', status: 'healthy' })), null, 2)}\n]]]}`,
    }),
    check: (r) =>
      expect(r.endpoints === 1 && r.inputs.unreadableRows === 1, `${r.endpoints}/${r.inputs.unreadableRows}`),
  },
  {
    id: 'FJ4',
    area: 'fleet json',
    input: 'a checkedAt millions of years ahead',
    exit: 0,
    run: fleetOn({
      'a.ndjson': json({
        host: 'PC-1',
        status: 'unhealthy',
        at: '+275760-09-13T00:00:00.000Z',
        lastUpdate: '+275760-09-13T00:00:00.000Z',
        codes: ['DNS_RESOLUTION_FAILED'],
      }),
    }),
    check: (r) => expect(r.endpoints === 1, `${r.endpoints}`),
  },
];

function graphCase(id: string, input: string, options: Omit<GraphServerOptions, 'pages'>, pattern: RegExp): FleetCase {
  return {
    id,
    area: 'fleet graph',
    input,
    exit: 0,
    run: async () => {
      const graph = await startGraphServer({
        pages: [
          [{ deviceName: 'PC-1', pre: line({ host: 'PC-1', status: 'healthy' }) }],
          [{ deviceName: 'PC-2', pre: line({ host: 'PC-2', status: 'healthy' }) }],
        ],
        ...options,
      });
      closers.push(graph.close);
      // --allow-partial: what these cases check is the pages read before the failure (without it, exit 4).
      const run = await runCli(
        ['fleet', ...graph.args, '--remediation-id', REMEDIATION.id, '--format', 'json', '--allow-partial'],
        {
          env: graph.env,
          measureRss: true,
          timeoutMs: KILL_AFTER_MS,
        },
      );
      return run;
    },
    check: (r, run) =>
      expect(r.endpoints >= 1 && pattern.test(run.stderr), `${r.endpoints} endpoints; stderr ${run.stderr}`),
  };
}

const graphCases: FleetCase[] = [
  graphCase('FG1', 'every Graph page links to itself', { selfNextLink: true }, /repeats an earlier page/),
  graphCase('FG2', 'Graph keeps linking to new, empty pages', { endlessPages: true }, /more than 5000 pages|repeats/),
  graphCase(
    'FG3',
    'a Graph nextLink to another host',
    { foreignNextLink: true },
    /refusing @odata\.nextLink to another host/,
  ),
  graphCase(
    'FG4',
    'a Graph page of 80 MB',
    { hugePage: { page: 2, megabytes: 80 } },
    /an answer larger than 67108864 bytes/,
  ),
];

const SPELLINGS = ['PC-ident', ' pc-ident', 'PC-IDENT ', '\tPc-Ident', 'pc-ident\u00a0'.trim()];
const identityCases: FleetCase[] = [
  {
    id: 'FI1',
    area: 'fleet identity',
    input: `one device spelt ${SPELLINGS.length} ways across NDJSON, lines, CSV and Graph; the newest (CSV) counts`,
    exit: 0,
    run: fleetOn({
      'a.ndjson': SPELLINGS.slice(0, 2)
        .map((h, i) => json({ host: h, status: 'unhealthy', at: `2026-11-27T08:${i}0:00Z` }))
        .join('\n'),
      'b.txt': `${line({ host: SPELLINGS[2].trim(), status: 'unhealthy', at: '2026-11-27T09:00:00Z' })}\n`,
      'c.csv': stringify([
        ['Device name', 'Pre-remediation detection output'],
        [SPELLINGS[3], line({ host: 'x', status: 'healthy', at: '2026-11-27T10:00:00Z' })],
      ]),
      'd.json': JSON.stringify(
        graphPage([
          { deviceName: SPELLINGS[4], pre: line({ host: 'y', status: 'unhealthy', at: '2026-11-27T09:30:00Z' }) },
        ]),
      ),
    }),
    check: (r) =>
      expect(
        r.endpoints === 1 && r.status.healthy === 1 && r.inputs.superseded === SPELLINGS.length - 1,
        `${r.endpoints} endpoints, ${JSON.stringify(r.status)}, ${r.inputs.superseded} superseded`,
      ),
  },
  {
    id: 'FI2',
    area: 'fleet identity',
    input: 'the same name in NFC and NFD',
    exit: 0,
    run: fleetOn({
      'a.ndjson': [
        json({ host: 'P\u00c9-1', status: 'healthy' }),
        json({ host: 'PE\u0301-1', status: 'healthy' }),
      ].join('\n'),
    }),
    check: (r) => expect(r.endpoints === 1, `${r.endpoints} endpoints`),
  },
];

function consoleCase(
  id: string,
  input: string,
  options: Partial<ConsoleServerOptions>,
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
  extra: string[] = [],
): FleetCase {
  return {
    id,
    area: 'console api',
    input,
    exit: 0,
    run: async () => {
      const api = await startConsoleServer({
        computers: Array.from({ length: 30 }, (_, i) =>
          apiComputer({ guid: `0000000${i}-aaaa-4bbb-8ccc-000000000000`, hostname: `PC-${i}` }),
        ),
        perPage: 10,
        ...options,
      });
      closers.push(api.close);
      const dir = tmp();
      writeFileSync(path.join(dir, 'r.ndjson'), json({ host: 'PC-1', status: 'healthy' }));
      // --allow-partial: what these cases check is the report without the console (without it, exit 4).
      return runCli(['fleet', dir, '--secure-endpoint', ...api.args, '--format', 'json', '--allow-partial', ...extra], {
        env: { ...api.env, ...env },
        measureRss: true,
        timeoutMs: KILL_AFTER_MS,
      });
    },
    check: (r, run) =>
      expect(
        r.endpoints === 1 && pattern.test(run.stderr) && !/never-print-me/.test(run.stdout + run.stderr),
        `stderr ${run.stderr}`,
      ),
  };
}

const consoleCases: FleetCase[] = [
  consoleCase(
    'FA1',
    'the console refuses the API key (401)',
    {},
    { TETRA_SE_API_KEY: 'stale-key-never-print-me' },
    /HTTP 401: the API client ID and key were refused/,
  ),
  consoleCase('FA2', 'computers pages link to themselves', { selfNextLink: true }, {}, /repeats an earlier page/),
  consoleCase(
    'FA3',
    'a next link to another host',
    { foreignNextLink: true },
    {},
    /refusing a next link to another host/,
  ),
  consoleCase('FA4', 'more pages than --console-max-pages', {}, {}, /more than 2 pages; stopped/, [
    '--console-max-pages',
    '2',
  ]),
  consoleCase(
    'FA5',
    'an error body that echoes the Authorization header and the key (plain, URL-encoded, base64)',
    { echoAuthOnComputers: true },
    {},
    /HTTP 500: Internal error for Basic \*\*\* \(\*\*\*, \*\*\*, \*\*\*\) \(request from a1b2c3d4e5f6a7b8c9d0:\*\*\*\)/,
  ),
];

export const FLEET_CASES: FleetCase[] = [
  ...fileCases,
  ...forgedCases,
  ...formulaCases,
  ...csvRowCases,
  ...jsonCases,
  ...graphCases,
  ...identityCases,
  ...consoleCases,
];
