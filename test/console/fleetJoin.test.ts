// fleet --secure-endpoint against a local Secure Endpoint API (HTTPS, Private Cloud CA): console computers joined
// with endpoint results by connector GUID, then host name, checked against counts known from how the fleet was
// generated; paging, 429, an exhausted rate limit, 401, looping and foreign next links; freshness; every format.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { runCli } from '../helpers/cli';
import { apiComputer, SE_API_KEY, SE_CLIENT_ID, startConsoleServer, type ApiComputer } from '../helpers/consoleServer';
import { makeEndpoint } from '../helpers/endpoint';
import { json, LATEST, line, result, tempDir } from '../helpers/fleetData';

const POLICIES = ['Protect', 'Servers', 'Audit'];
const GROUPS = ['Tokyo', 'Osaka', 'Remote', 'Lab'];
const guidOf = (i: number) =>
  `0000${i.toString(16).padStart(4, '0')}-aaaa-4bbb-8ccc-${i.toString(16).padStart(12, '0')}`;
const hostOf = (i: number) => `PC-${String(i).padStart(5, '0')}`;

interface Generated {
  computers: ApiComputer[];
  results: string[];
  expected: {
    notReporting: number;
    unknown: number;
    byGuid: number;
    byHost: number;
    stale: number;
    disagree: number;
    perPolicy: Record<string, number>;
    faults: number;
    staleUnhealthy: number;
  };
}

/** JSON results and lines go to files of their own (a file's format is told by its first line). */
function writeResults(dir: string, results: string[]): void {
  writeFileSync(path.join(dir, 'results.ndjson'), results.filter((r) => r.startsWith('{')).join('\n'));
  writeFileSync(path.join(dir, 'lines.txt'), results.filter((r) => !r.startsWith('{')).join('\n'));
}

/** A fleet where every kind of join outcome occurs a known number of times. */
function generate(n: number): Generated {
  const computers: ApiComputer[] = [];
  const results: string[] = [];
  const expected = {
    notReporting: 0,
    unknown: 0,
    byGuid: 0,
    byHost: 0,
    stale: 0,
    disagree: 0,
    perPolicy: {} as Record<string, number>,
    faults: 0,
    staleUnhealthy: 0,
  };
  for (let i = 0; i < n; i++) {
    const policy = POLICIES[i % 3];
    const faults = i % 17 === 0 ? ['Reboot Required'] : [];
    const consoleDefs = i % 23 === 0 ? LATEST - 40 : LATEST;
    computers.push(
      apiComputer({
        guid: guidOf(i),
        hostname: i % 4 === 0 ? `${hostOf(i).toLowerCase()}.corp.example.com` : hostOf(i),
        policy,
        group: GROUPS[i % 4],
        defs: `${consoleDefs}`,
        faults,
      }),
    );
    expected.perPolicy[policy] = (expected.perPolicy[policy] ?? 0) + 1;
    if (faults.length) expected.faults++;
    if (i % 10 === 9) {
      expected.notReporting++;
      continue;
    }
    const stale = i % 31 === 0;
    const status = i % 5 === 0 ? 'unhealthy' : 'healthy';
    const at = stale ? '2026-11-10T10:00:00.000Z' : '2026-11-27T10:00:00.000Z';
    const facts = {
      host: hostOf(i),
      status,
      at,
      version: LATEST,
      codes: status === 'unhealthy' ? ['DEFINITIONS_STALE', 'PROXY_AUTH_REJECTED'] : [],
    } as const;
    if (stale) {
      expected.stale++;
      if (status === 'unhealthy') expected.staleUnhealthy++;
    }
    if (consoleDefs !== LATEST) expected.disagree++;
    if (i % 7 === 0) {
      // An older build's result, without a GUID: joined by host name (the console has the FQDN for some).
      results.push(json({ ...facts }));
      expected.byHost++;
    } else if (i % 2 === 0) {
      results.push(
        JSON.stringify(
          result({
            ...facts,
            extra: {
              connector: {
                installed: true,
                version: '8.4.2',
                guid: guidOf(i).toUpperCase(),
                installDir: 'C:\\x',
                running: true,
                connected: true,
              },
            },
          }),
        ),
      );
      expected.byGuid++;
    } else {
      results.push(line(facts).replace(' codes=', ` guid=${guidOf(i)} codes=`));
      expected.byGuid++;
    }
  }
  for (let j = 0; j < 30; j++) {
    results.push(json({ host: `UNKNOWN-${j}`, status: 'healthy' }));
    expected.unknown++;
  }
  return { computers, results, expected };
}

t.test(
  'joins a generated fleet of 1,200 computers over three pages, through a 429 and an exhausted rate limit',
  async (t) => {
    const fleet = generate(1200);
    const api = await startConsoleServer({
      computers: fleet.computers,
      throttlePage: { page: 2, retryAfter: '1' },
      exhaustAfterPage: { page: 1, resetSeconds: 1 },
    });
    t.teardown(api.close);
    const dir = tempDir(t);
    writeResults(dir, fleet.results);
    const csv = path.join(dir, 'fleet.csv');
    const html = path.join(dir, 'fleet.html');
    const run = await runCli(
      ['fleet', dir, '--secure-endpoint', ...api.args, '--format', 'json', '--csv', csv, '--html', html],
      { env: api.env, timeoutMs: 60_000 },
    );
    t.equal(run.code, 0, run.stderr);
    const se = run.json.secureEndpoint;
    const e = fleet.expected;
    t.match(se, {
      computers: 1200,
      notReporting: e.notReporting,
      unknownToConsole: e.unknown,
      matchedByGuid: e.byGuid,
      matchedByHostname: e.byHost,
      staleReports: e.stale,
      definitionsDisagree: e.disagree,
      error: null,
    });
    t.equal(se.reporting, 1200 - e.notReporting - e.stale);
    t.equal(se.coverage, se.reporting / 1200);
    t.same(
      Object.fromEntries(se.byPolicy.map((p: { name: string; computers: number }) => [p.name, p.computers])),
      e.perPolicy,
    );
    t.equal(se.byGroup.length, 4);
    t.equal(
      se.byPolicy.reduce(
        (n: number, p: { faults: Record<string, number> }) => n + (p.faults['Reboot Required'] ?? 0),
        0,
      ),
      e.faults,
    );
    t.equal(
      se.byPolicy.reduce((n: number, p: { notReporting: number }) => n + p.notReporting, 0),
      e.notReporting,
    );
    t.match(se.disagreementList[0], { consoleVersion: LATEST - 40, endpointVersion: LATEST });
    t.match(se.notReportingList[0], { hostname: /PC-/, guid: /-aaaa-/, policy: /./, definitionsVersion: /\d/ });
    t.equal(run.json.freshness.staleReports, e.stale, 'results older than 8 days are counted apart');
    t.equal(run.json.freshness.staleByStatus.unhealthy, e.staleUnhealthy);
    t.equal(run.json.current, run.json.endpoints - e.stale);
    t.equal(
      run.json.status.healthy + run.json.status.unhealthy,
      run.json.current,
      'status counts only current results',
    );
    // Paging: three pages, page 2 throttled once and retried after Retry-After; the rate limit waited out.
    const pages = api.log.filter((l) => l.path.startsWith('/v1/computers'));
    t.same(
      pages.map((p) => p.status),
      [200, 429, 200, 200],
    );
    t.ok(pages[1].at - pages[0].at >= 900, `waited for the rate limit window (${pages[1].at - pages[0].at} ms)`);
    t.ok(pages[2].at - pages[1].at >= 900, `retried after Retry-After (${pages[2].at - pages[1].at} ms)`);
    // CSV: attention, stale reports and not-reporting computers; HTML: the coverage chart.
    const csvText = readFileSync(csv, 'utf8');
    t.equal(csvText.split('\n').filter((l) => l.includes(',not_reporting,')).length, e.notReporting);
    t.match(csvText, /,yes,/);
    const page = readFileSync(html, 'utf8');
    t.match(page, /<section id="secure-endpoint">/);
    t.match(page, new RegExp(`data-slice="not-reporting" data-value="${e.notReporting}"`));
    t.match(page, /id="card-stale"/);
    t.notMatch(run.stdout + run.stderr + csvText + page, SE_API_KEY);
  },
);

t.test('text report shows coverage, not-reporting computers and per-policy counts', async (t) => {
  const fleet = generate(60);
  const api = await startConsoleServer({ computers: fleet.computers, perPage: 25 });
  t.teardown(api.close);
  const file = tempDir(t);
  writeResults(file, fleet.results);
  const run = await runCli(['fleet', file, '--secure-endpoint', ...api.args], { env: api.env });
  t.equal(run.code, 0, run.stderr);
  t.match(run.stdout, /Secure Endpoint console: 60 computers in the console/);
  t.match(run.stdout, new RegExp(`not reporting \\(no result\\): ${fleet.expected.notReporting}`));
  t.match(run.stdout, /Policy\s+computers in the console/);
  t.match(run.stdout, /Result age \(results older than 8 days are stale reports, counted apart\)/);
});

t.test('saved /v1/computers pages given as inputs join like a pull', async (t) => {
  const fleet = generate(100);
  const dir = tempDir(t);
  writeResults(dir, fleet.results);
  const page = (data: ApiComputer[]) =>
    JSON.stringify({ version: 'v1.2.0', metadata: { links: { self: 'x' }, results: { total: 100 } }, data });
  writeFileSync(
    path.join(dir, 'computers.ndjson'),
    `${page(fleet.computers.slice(0, 50))}\n${page(fleet.computers.slice(50))}\n`,
  );
  const run = await runCli(['fleet', dir, '--format', 'json']);
  t.equal(run.code, 0, run.stderr);
  t.match(run.json.secureEndpoint, {
    computers: 100,
    notReporting: fleet.expected.notReporting === 0 ? 0 : 10,
    source: 'saved /v1/computers pages',
  });
  t.equal(run.json.endpoints, 90 + 30, 'computers are not endpoint results');
});

t.test('401: the results still count; the error names the variables; nothing secret is printed', async (t) => {
  const api = await startConsoleServer({ computers: generate(10).computers, echoAuthOn404: true });
  t.teardown(api.close);
  const file = path.join(tempDir(t), 'r.ndjson');
  writeFileSync(file, json({ host: 'PC-00001', status: 'healthy' }));
  const run = await runCli(['fleet', file, '--secure-endpoint', ...api.args, '--format', 'json'], {
    env: { ...api.env, TETRA_SE_API_KEY: 'wrong-key' },
  });
  t.equal(run.code, 4, 'a failed --secure-endpoint is not a complete report (no --allow-partial)');
  t.match(
    run.stderr,
    /Secure Endpoint API: GET \/v1\/computers: HTTP 401: the API client ID and key were refused \(check TETRA_SE_CLIENT_ID and TETRA_SE_API_KEY/,
  );
  t.match(run.json.inputs.files, [{ format: 'ndjson' }, { format: 'secure-endpoint', error: /HTTP 401/ }]);
  t.notMatch(run.stdout + run.stderr, /wrong-key/);
  t.notMatch(run.stdout + run.stderr, Buffer.from(`${SE_CLIENT_ID}:wrong-key`).toString('base64'));
});

t.test('paging stops on a next link that loops or leaves the host; the pages read still count', async (t) => {
  const computers = generate(30).computers;
  for (const [knob, message] of [
    ['selfNextLink', /next repeats an earlier page after page 2; stopped/],
    ['foreignNextLink', /refusing a next link to another host: https:\/\/api\.attacker\.invalid/],
  ] as const) {
    const api = await startConsoleServer({ computers, perPage: 10, [knob]: true });
    const file = path.join(tempDir(t), 'r.ndjson');
    writeFileSync(file, json({ host: 'PC-00001', status: 'healthy' }));
    const run = await runCli(['fleet', file, '--secure-endpoint', ...api.args, '--format', 'json'], {
      env: api.env,
      timeoutMs: 20_000,
    });
    await api.close();
    t.equal(run.code, 4, `${knob}: the failure exits 4 (no --allow-partial)`);
    t.match(run.stderr, message, knob);
    // A self link fetches the first page once more: its computers are the same ones, counted once.
    t.equal(run.json.secureEndpoint.computers, 10, `${knob}: pages read before still count, each computer once`);
  }
  const api = await startConsoleServer({ computers, perPage: 10 });
  t.teardown(api.close);
  const file = path.join(tempDir(t), 'r.ndjson');
  writeFileSync(file, json({ host: 'PC-00001', status: 'healthy' }));
  const capped = await runCli(
    ['fleet', file, '--secure-endpoint', ...api.args, '--console-max-pages', '2', '--format', 'json'],
    { env: api.env },
  );
  t.match(capped.stderr, /more than 2 pages; stopped/);
  t.equal(capped.json.secureEndpoint.computers, 20);
});

t.test('results older than --max-result-age-days are stale reports, not the current state', async (t) => {
  const file = path.join(tempDir(t), 'r.ndjson');
  writeFileSync(
    file,
    [
      json({
        host: 'OLD',
        status: 'unhealthy',
        at: '2026-11-01T00:00:00Z',
        codes: ['DEFINITIONS_STALE', 'DNS_RESOLUTION_FAILED'],
      }),
      json({ host: 'NEW', status: 'healthy', at: '2026-11-27T00:00:00Z' }),
    ].join('\n'),
  );
  const run = await runCli(['fleet', file, '--format', 'json']);
  t.match(run.json, {
    endpoints: 2,
    current: 1,
    status: { healthy: 1, unhealthy: 0 },
    freshness: { maxResultAgeDays: 8, staleReports: 1, staleByStatus: { unhealthy: 1 } },
    causes: [],
  });
  t.match(run.json.stale, [{ device: 'OLD', status: 'unhealthy', ageDays: 26.5 }]);
  const wider = await runCli(['fleet', file, '--format', 'json', '--max-result-age-days', '30']);
  t.match(wider.json, { current: 2, status: { unhealthy: 1 }, freshness: { staleReports: 0 } });
  t.match(wider.json.attention, [{ device: 'OLD', ageDays: 26.5 }]);
  const bad = await runCli(['fleet', file, '--max-result-age-days', '0']);
  t.equal(bad.code, 2);
});

t.test('detect puts the connector GUID in the JSON result and the line; fleet reads it from both', async (t) => {
  const endpoint = makeEndpoint();
  t.teardown(endpoint.remove);
  const jsonRun = await runCli(['detect', '--amp-dir', endpoint.root, '--offline', '--format', 'json']);
  t.equal(jsonRun.json.connector.guid, '5c6e64fa-7738-4b39-b201-15451e33bfe6');
  const lineRun = await runCli(['detect', '--amp-dir', endpoint.root, '--offline', '--format', 'line']);
  t.match(lineRun.stdout, / guid=5c6e64fa-7738-4b39-b201-15451e33bfe6 /);
  const noPosture = makeEndpoint({ posture: null });
  t.teardown(noPosture.remove);
  const fromLocalXml = await runCli([
    'detect',
    '--amp-dir',
    noPosture.root,
    '--offline',
    '--format',
    'json',
    '--posture-timeout-ms',
    '1500',
  ]);
  t.equal(
    fromLocalXml.json.connector.guid,
    '5c6e64fa-7738-4b39-b201-15451e33bfe6',
    'from local.xml config/agent/uuid when posture is unavailable',
  );
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'a.json'), jsonRun.stdout);
  writeFileSync(path.join(dir, 'b.txt'), lineRun.stdout);
  const computers = JSON.stringify({
    version: 'v1.2.0',
    metadata: { links: {} },
    data: [apiComputer({ guid: '5C6E64FA-7738-4B39-B201-15451E33BFE6', hostname: 'renamed-pc' })],
  });
  writeFileSync(path.join(dir, 'computers.json'), computers);
  const joined = await runCli(['fleet', dir, '--format', 'json']);
  t.match(joined.json.secureEndpoint, { computers: 1, matchedByGuid: 1, notReporting: 0, unknownToConsole: 0 });
});

t.test(
  'a saved page longer than the format sniff (500 computers on one line) is read whole, pages one after another',
  async (t) => {
    const fleet = generate(1000);
    const dir = tempDir(t);
    const page = (data: ApiComputer[]) => JSON.stringify({ version: 'v1.2.0', metadata: { links: {} }, data });
    writeFileSync(
      path.join(dir, 'computers.ndjson'),
      `${page(fleet.computers.slice(0, 500))}\n${page(fleet.computers.slice(500))}\n`,
    );
    writeFileSync(
      path.join(dir, 'computers-concatenated.json'),
      `${JSON.stringify(JSON.parse(page(fleet.computers.slice(0, 2))), null, 2)}\n${JSON.stringify(JSON.parse(page(fleet.computers.slice(2, 3))), null, 2)}\n`,
    );
    writeFileSync(path.join(dir, 'r.ndjson'), json({ host: 'PC-00001', status: 'healthy' }));
    const run = await runCli(['fleet', dir, '--format', 'json']);
    t.equal(run.code, 0, run.stderr);
    // The pretty pages repeat three computers of the long lines: counted once.
    t.equal(run.json.secureEndpoint.computers, 1000, 'two long lines and two pretty pages one after another');
    t.equal(run.json.inputs.duplicates.computers, 3);
    t.equal(run.json.inputs.unreadableRows, 0);
  },
);

t.test('console names reach the HTML report as text, never markup, and the CSV neutralised', async (t) => {
  const dir = tempDir(t);
  const evil = apiComputer({
    guid: 'ffff0000-aaaa-4bbb-8ccc-000000000001',
    hostname: '<img src=x onerror=alert(1)>',
    policy: '<script>alert(1)</script>',
    group: '=HYPERLINK("http://x")',
    faults: ['"><svg onload=alert(1)>'],
  });
  writeFileSync(
    path.join(dir, 'computers.json'),
    JSON.stringify({ version: 'v1.2.0', metadata: { links: {} }, data: [evil] }),
  );
  writeFileSync(path.join(dir, 'r.ndjson'), json({ host: 'PC-00001', status: 'healthy' }));
  const html = path.join(dir, 'out.html');
  const csv = path.join(dir, 'out.csv');
  const run = await runCli(['fleet', dir, '--format', 'json', '--html', html, '--csv', csv]);
  t.equal(run.code, 0, run.stderr);
  const page = readFileSync(html, 'utf8');
  t.notMatch(page, /<img src=x|<script>alert|<svg onload/);
  t.match(page, /&lt;img src=x onerror=alert\(1\)&gt;/);
  t.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  t.notMatch(readFileSync(csv, 'utf8'), /(^|,)"?=HYPERLINK/m);
});

t.test('a fault known only by its fault_id is named by it, as printable text', async (t) => {
  const dir = tempDir(t);
  const computer = {
    ...apiComputer({ guid: 'ffff0000-aaaa-4bbb-8ccc-000000000002', hostname: 'PC-NOREPORT' }),
    faults: [{ severity: 'major', fault_id: '\u001b]0;pwned\u0007' }],
  };
  writeFileSync(
    path.join(dir, 'computers.json'),
    JSON.stringify({ version: 'v1.2.0', metadata: { links: {} }, data: [computer] }),
  );
  writeFileSync(path.join(dir, 'r.ndjson'), json({ host: 'PC-00001', status: 'healthy' }));
  const run = await runCli(['fleet', dir, '--format', 'json']);
  t.equal(run.code, 0, run.stderr);
  t.same(run.json.secureEndpoint.notReportingList[0].faults, ['fault ?]0;pwned?']);
  const text = await runCli(['fleet', dir]);
  t.notOk(text.stdout.includes('\u001b') || text.stdout.includes('\u0007'), 'no ESC or BEL reaches stdout');
});
