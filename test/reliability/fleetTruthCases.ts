// The fleet matrix's "fleet truth" class: what the report says must be what happened. Duplicate inputs count once,
// a result from the future never counts as the present, a GUID cloned onto several hosts is told and joined by
// GUID plus host name, every endpoint listed for attention says why in words, one root cause is one bar, every
// percentage says what it is a share of, and a source asked for by name that failed is not a complete report.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, type CliRun } from '../helpers/cli';
import { apiComputer, startConsoleServer } from '../helpers/consoleServer';
import { json, line } from '../helpers/fleetData';
import { startGraphServer, REMEDIATION } from '../helpers/graphServer';
import { closers, tmp, type FleetCase } from './fleetCases';
import { KILL_AFTER_MS } from './kit';

const fleet = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(['fleet', ...args, '--format', 'json'], { measureRss: true, timeoutMs: KILL_AFTER_MS, env });

/** Writes the files, then runs fleet on the paths `inputs` names (relative to the folder; '.' is the folder). */
function fleetOn(files: Record<string, string>, inputs: string[] = ['.'], extra: string[] = []): () => Promise<CliRun> {
  return async () => {
    const dir = tmp();
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    return fleet([...inputs.map((i) => path.join(dir, i)), ...extra]);
  };
}

/** Also renders the text report and adds it to the JSON as `text`, so that a case can check the words. */
function withText(files: Record<string, string>): () => Promise<CliRun> {
  return async () => {
    const dir = tmp();
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    const run = await fleet([dir]);
    const text = await runCli(['fleet', dir, '--lang', 'en'], { timeoutMs: KILL_AFTER_MS });
    run.stdout = JSON.stringify({ ...JSON.parse(run.stdout), text: text.stdout });
    return run;
  };
}

const expect = (ok: boolean, problem: string) => (ok ? [] : [problem]);
const withGuid = (guid: string) => ({
  connector: { installed: true, version: '8.1.7', installDir: 'C:\\Program Files\\Cisco\\AMP', guid },
});
const GUID = '3f1e2d4c-5b6a-4789-9abc-def012345678';
const page = (computers: ReturnType<typeof apiComputer>[]) =>
  JSON.stringify({
    version: 'v1.2.0',
    metadata: { links: { self: 'x' }, results: { total: computers.length } },
    data: computers,
  });
const COMPUTERS = Array.from({ length: 5 }, (_, i) =>
  apiComputer({ guid: `0000000${i}-aaaa-4bbb-8ccc-000000000000`, hostname: `PC-${i}` }),
);
const AT = '2026-11-27T10:00:00.000Z';
const FUTURE = '2099-01-01T00:00:00.000Z';
const PROXY_AUTH = ['DEFINITIONS_STALE', 'LASTERROR_PROXY_AUTH', 'PROXY_AUTH_REJECTED'];

const duplicateCases: FleetCase[] = [
  {
    id: 'FT1',
    area: 'fleet truth',
    input: 'the same results file named twice',
    exit: 0,
    run: async () => {
      const dir = tmp();
      const file = path.join(dir, 'r.ndjson');
      writeFileSync(file, [json({ host: 'PC-1', status: 'unhealthy', codes: ['DNS_RESOLUTION_FAILED'] })].join('\n'));
      return fleet([file, file]);
    },
    check: (r) =>
      expect(
        r.endpoints === 1 && r.inputs.rows === 1 && r.inputs.superseded === 0 && r.inputs.duplicates?.files === 1,
        `rows ${r.inputs.rows}, superseded ${r.inputs.superseded}, duplicates ${JSON.stringify(r.inputs.duplicates)}`,
      ),
  },
  {
    id: 'FT2',
    area: 'fleet truth',
    input: 'a results file named, and its folder named too',
    exit: 0,
    run: fleetOn({ 'r.ndjson': json({ host: 'PC-1', status: 'healthy' }) }, ['r.ndjson', '.']),
    check: (r) =>
      expect(
        r.inputs.rows === 1 && r.inputs.duplicates?.files === 1,
        `rows ${r.inputs.rows}, duplicates ${JSON.stringify(r.inputs.duplicates)}`,
      ),
  },
  {
    id: 'FT3',
    area: 'fleet truth',
    input: 'two copies of one saved /v1/computers page (different names)',
    exit: 0,
    run: fleetOn({ 'a.json': page(COMPUTERS), 'copy of a.json': page(COMPUTERS) }),
    check: (r) =>
      expect(
        r.secureEndpoint?.computers === 5 &&
          r.secureEndpoint.notReporting === 5 &&
          r.inputs.duplicates?.computers === 5,
        `computers ${r.secureEndpoint?.computers}, duplicates ${JSON.stringify(r.inputs.duplicates)}`,
      ),
  },
  {
    id: 'FT4',
    area: 'fleet truth',
    input: 'the same result in NDJSON and as a line in a log',
    exit: 0,
    run: fleetOn({
      'r.ndjson': json({ host: 'PC-1', status: 'unhealthy', codes: ['DNS_RESOLUTION_FAILED'] }),
      'r.log': `${line({ host: 'PC-1', status: 'unhealthy', codes: ['DNS_RESOLUTION_FAILED'] })}\n`,
    }),
    check: (r) =>
      expect(
        r.endpoints === 1 && r.inputs.superseded === 0 && r.inputs.duplicates?.results === 1,
        `superseded ${r.inputs.superseded}, duplicates ${JSON.stringify(r.inputs.duplicates)}`,
      ),
  },
];

const futureCases: FleetCase[] = [
  {
    id: 'FT5',
    area: 'fleet truth',
    input: 'a healthy result dated 2099 beside the real unhealthy one (NDJSON)',
    exit: 0,
    run: fleetOn({
      'r.ndjson': [
        json({ host: 'PC-1', status: 'unhealthy', codes: PROXY_AUTH, at: AT }),
        json({ host: 'PC-1', status: 'healthy', at: FUTURE }),
      ].join('\n'),
    }),
    check: (r) =>
      expect(
        r.status.unhealthy === 1 && r.status.healthy === 0 && r.freshness.futureDated === 0 && r.future?.length === 1,
        `status ${JSON.stringify(r.status)}, future ${JSON.stringify(r.future)}`,
      ),
  },
  {
    id: 'FT6',
    area: 'fleet truth',
    input: 'a healthy line dated 2099 read after the real unhealthy one',
    exit: 0,
    run: fleetOn({
      'a.txt': `${line({ host: 'PC-1', status: 'unhealthy', codes: PROXY_AUTH, at: AT })}\n`,
      'b.txt': `${line({ host: 'PC-1', status: 'healthy', at: FUTURE })}\n`,
    }),
    check: (r) =>
      expect(
        r.status.unhealthy === 1 && r.status.healthy === 0 && r.attention.length === 1,
        `status ${JSON.stringify(r.status)}`,
      ),
  },
  {
    id: 'FT7',
    area: 'fleet truth',
    input: 'the only result of a device is dated 2099',
    exit: 0,
    run: fleetOn({ 'r.ndjson': json({ host: 'PC-1', status: 'healthy', at: FUTURE }) }),
    check: (r) =>
      expect(
        r.endpoints === 1 && r.current === 0 && r.status.healthy === 0 && r.freshness.futureDated === 1,
        `current ${r.current}, status ${JSON.stringify(r.status)}, futureDated ${r.freshness.futureDated}`,
      ),
  },
  {
    id: 'FT8',
    area: 'fleet truth',
    input: 'a result 30 minutes ahead of the report (within the skew) is current',
    exit: 0,
    run: async () => {
      const dir = tmp();
      writeFileSync(
        path.join(dir, 'r.ndjson'),
        json({ host: 'PC-1', status: 'healthy', at: '2026-11-27T12:30:00.000Z' }),
      );
      return runCli(['fleet', dir, '--format', 'json'], { now: '2026-11-27T12:00:00.000Z', measureRss: true });
    },
    check: (r) =>
      expect(
        r.current === 1 && r.status.healthy === 1 && r.freshness.futureDated === 0,
        `current ${r.current}, futureDated ${r.freshness.futureDated}`,
      ),
  },
];

const cloneCases: FleetCase[] = [
  {
    id: 'FT9',
    area: 'fleet truth',
    input: 'three hosts report one connector GUID (a cloned image)',
    exit: 0,
    run: fleetOn({
      'r.ndjson': ['PC-A', 'PC-B', 'PC-C']
        .map((host) => json({ host, status: 'healthy', extra: withGuid(GUID) }))
        .join('\n'),
    }),
    check: (r) =>
      expect(
        r.endpoints === 3 && r.clones?.length === 1 && r.clones[0].guid === GUID && r.clones[0].devices.length === 3,
        `clones ${JSON.stringify(r.clones)}`,
      ),
  },
  {
    id: 'FT10',
    area: 'fleet truth',
    input: 'a cloned GUID on two hosts, two console computers: each joined by GUID plus host name',
    exit: 0,
    run: fleetOn({
      'r.ndjson': [
        json({ host: 'PC-A', status: 'healthy', version: 90600, extra: withGuid(GUID) }),
        json({ host: 'PC-B', status: 'healthy', version: 90500, extra: withGuid(GUID) }),
      ].join('\n'),
      'computers.json': page([
        apiComputer({ guid: GUID, hostname: 'pc-a.corp.example', defs: '90600' }),
        apiComputer({ guid: GUID, hostname: 'pc-b.corp.example', defs: '90500' }),
      ]),
    }),
    check: (r) => {
      const se = r.secureEndpoint ?? {};
      return expect(
        se.matchedByGuid === 2 && se.notReporting === 0 && se.definitionsDisagree === 0,
        `matched ${se.matchedByGuid}, not reporting ${se.notReporting}, disagree ${se.definitionsDisagree}`,
      );
    },
  },
  {
    id: 'FT11',
    area: 'fleet truth',
    input: 'a cloned GUID whose console computer is a third host: not joined to either clone',
    exit: 0,
    run: fleetOn({
      'r.ndjson': ['PC-A', 'PC-B'].map((host) => json({ host, status: 'healthy', extra: withGuid(GUID) })).join('\n'),
      'computers.json': page([apiComputer({ guid: GUID, hostname: 'PC-Z' })]),
    }),
    check: (r) =>
      expect(
        r.secureEndpoint?.matchedByGuid === 0 && r.secureEndpoint?.notReporting === 1,
        `matched ${r.secureEndpoint?.matchedByGuid}, not reporting ${r.secureEndpoint?.notReporting}`,
      ),
  },
];

/** The one endpoint listed for attention has a cause code and a cause in words matching `want`. */
const attentionCause = (want: RegExp): FleetCase['check'] => {
  return (r) => {
    const row = r.attention[0];
    return expect(
      r.attention.length === 1 && row.causes.length > 0 && want.test(row.cause ?? ''),
      `causes ${JSON.stringify(row?.causes)}, cause ${JSON.stringify(row?.cause)}`,
    );
  };
};

const causeCases: FleetCase[] = [
  {
    id: 'FT12',
    area: 'fleet truth',
    input: 'an endpoint listed for attention only because its connector is stopped',
    exit: 0,
    run: fleetOn({ 'r.ndjson': json({ host: 'PC-1', status: 'unhealthy', codes: ['CONNECTOR_NOT_RUNNING'] }) }),
    check: attentionCause(/connector/i),
  },
  {
    id: 'FT13',
    area: 'fleet truth',
    input: 'an undetermined endpoint whose state could not be read',
    exit: 0,
    run: fleetOn({
      'r.ndjson': json({
        host: 'PC-1',
        status: 'undetermined',
        version: null,
        codes: ['DEFINITIONS_UNKNOWN', 'POSTURE_UNAVAILABLE', 'LOCAL_XML_UNREADABLE'],
      }),
    }),
    check: attentionCause(/./),
  },
  {
    id: 'FT14',
    area: 'fleet truth',
    input: 'an unhealthy line that names no finding code at all',
    exit: 0,
    run: fleetOn({ 'r.txt': `${line({ host: 'PC-1', status: 'unhealthy', codes: [] })}\n` }),
    check: (r) =>
      expect(
        r.attention.length === 1 && typeof r.attention[0].cause === 'string' && r.attention[0].cause.length > 0,
        `cause ${JSON.stringify(r.attention[0]?.cause)}`,
      ),
  },
  {
    id: 'FT15',
    area: 'fleet truth',
    input: "the connector's proxy-auth error and the probe's 407, together and apart, on three endpoints",
    exit: 0,
    run: fleetOn({
      'r.ndjson': [
        json({ host: 'PC-1', status: 'unhealthy', codes: PROXY_AUTH }),
        json({ host: 'PC-2', status: 'unhealthy', codes: ['DEFINITIONS_STALE', 'LASTERROR_PROXY_AUTH'] }),
        json({ host: 'PC-3', status: 'unhealthy', codes: ['DEFINITIONS_STALE', 'PROXY_AUTH_REJECTED'] }),
      ].join('\n'),
    }),
    check: (r) => {
      const auth = r.causes.filter((c: { codes?: string[]; code: string }) =>
        /PROXY_AUTH/.test([c.code, ...(c.codes ?? [])].join()),
      );
      return expect(
        auth.length === 1 && auth[0].endpoints === 3 && auth[0].codes?.length === 2,
        `causes ${JSON.stringify(r.causes)}`,
      );
    },
  },
  {
    id: 'FT16',
    area: 'fleet truth',
    input: 'the HTML chart of causes for the same three endpoints',
    exit: 0,
    run: async () => {
      const dir = tmp();
      writeFileSync(
        path.join(dir, 'r.ndjson'),
        [
          json({ host: 'PC-1', status: 'unhealthy', codes: PROXY_AUTH }),
          json({ host: 'PC-2', status: 'unhealthy', codes: ['DEFINITIONS_STALE', 'LASTERROR_PROXY_AUTH'] }),
        ].join('\n'),
      );
      const html = path.join(dir, 'fleet.html');
      const run = await fleet([path.join(dir, 'r.ndjson'), '--html', html]);
      run.stdout = JSON.stringify({ ...JSON.parse(run.stdout), html: readFileSync(html, 'utf8') });
      return run;
    },
    check: (r) => {
      const bars = [...String(r.html).matchAll(/data-bar="([^"]+)"/g)].map((m) => m[1]);
      const causeBars = bars.filter((b) => /PROXY_AUTH/.test(b));
      return expect(causeBars.length === 1, `bars ${JSON.stringify(bars)}`);
    },
  },
];

const shareCases: FleetCase[] = [
  {
    id: 'FT17',
    area: 'fleet truth',
    input: 'status percentages with a stale report among the results',
    exit: 0,
    run: withText({
      'r.ndjson': [
        json({ host: 'PC-1', status: 'healthy' }),
        json({ host: 'PC-2', status: 'unhealthy', codes: ['DNS_RESOLUTION_FAILED'] }),
        json({ host: 'PC-3', status: 'healthy', at: '2026-10-01T00:00:00.000Z' }),
      ].join('\n'),
    }),
    check: (r) =>
      expect(
        /Status \(% of 2 current results\)/.test(r.text) &&
          /healthy\s+1\s+50\.0%/.test(r.text) &&
          r.shareOf?.status === 2,
        `text: ${String(r.text).split('\n').slice(0, 4).join(' / ')}`,
      ),
  },
  {
    id: 'FT18',
    area: 'fleet truth',
    input: 'cause percentages: of the endpoints that need attention, and said so',
    exit: 0,
    run: withText({
      'r.ndjson': [
        json({ host: 'PC-1', status: 'healthy' }),
        json({ host: 'PC-2', status: 'unhealthy', codes: ['DNS_RESOLUTION_FAILED'] }),
        json({ host: 'PC-3', status: 'unhealthy', codes: ['SERVER_UNREACHABLE'] }),
      ].join('\n'),
    }),
    check: (r) =>
      expect(
        /% of 2 endpoints that need attention/.test(r.text) && r.shareOf?.causes === 2,
        `text: ${String(r.text)
          .split('\n')
          .filter((l) => /Causes/.test(l))
          .join(' / ')}`,
      ),
  },
];

/** One result, and a console that refuses the API key. */
function refusedConsole(id: string, input: string, exit: number, extra: string[] = []): FleetCase {
  return {
    id,
    area: 'fleet truth',
    input,
    exit,
    run: async () => {
      const api = await startConsoleServer({ computers: COMPUTERS });
      closers.push(api.close);
      const dir = tmp();
      writeFileSync(path.join(dir, 'r.ndjson'), json({ host: 'PC-1', status: 'healthy' }));
      return fleet([dir, '--secure-endpoint', ...api.args, ...extra], { ...api.env, TETRA_SE_API_KEY: 'wrong-key' });
    },
    check: (r, run) => expect(r.endpoints === 1 && /HTTP 401/.test(run.stderr), `stderr ${run.stderr}`),
  };
}

const partialCases: FleetCase[] = [
  refusedConsole('FT19', '--secure-endpoint asked for and refused (401): not a complete report', 4),
  refusedConsole('FT20', '--secure-endpoint refused (401) with --allow-partial: the rest is the report', 0, [
    '--allow-partial',
  ]),
  {
    id: 'FT21',
    area: 'fleet truth',
    input: '--graph asked for, and paging fails after the first page',
    exit: 4,
    run: async () => {
      const graph = await startGraphServer({
        pages: [[{ deviceName: 'PC-1', pre: line({ host: 'PC-1', status: 'healthy' }) }]],
        selfNextLink: true,
      });
      closers.push(graph.close);
      return fleet([...graph.args, '--remediation-id', REMEDIATION.id], graph.env);
    },
    check: (r, run) => expect(r.endpoints >= 1 && /repeats an earlier page/.test(run.stderr), `stderr ${run.stderr}`),
  },
];

export const FLEET_TRUTH_CASES: FleetCase[] = [
  ...duplicateCases,
  ...futureCases,
  ...cloneCases,
  ...causeCases,
  ...shareCases,
  ...partialCases,
];
