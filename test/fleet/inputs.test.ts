// fleet reads every input format, keeps the latest result per device, and counts what it cannot read.
import { stringify } from 'csv-stringify/sync';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { runCli } from '../helpers/cli';
import { graphPage, json, LATEST, line, result, tempDir } from '../helpers/fleetData';

const PORTAL_HEADER = [
  'Device name',
  'UPN',
  'Detection status',
  'Remediation status',
  'Pre-remediation detection output',
  'Pre-remediation detection error',
  'Remediation error',
  'Post-remediation detection output',
  'Post-remediation detection error',
  'OS version',
  'Last run',
];

function portalRow(device: string, pre: string, post: string, lastRun = '2026-11-27T10:05:00Z'): string[] {
  return [
    device,
    `${device.toLowerCase()}@example.com`,
    'With issues',
    'Fixed',
    pre,
    '',
    '',
    post,
    '',
    '10.0.22631',
    lastRun,
  ];
}

async function fleetJson(args: string[]) {
  const run = await runCli(['fleet', ...args, '--format', 'json']);
  return run;
}

const attentionOf = (report: { attention: Array<{ device: string }> }) => report.attention.map((a) => a.device).sort();

t.test('NDJSON: one result per line, the latest per device wins, malformed lines counted', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'results.ndjson');
  writeFileSync(
    file,
    [
      json({
        host: 'PC-1',
        status: 'unhealthy',
        version: 90500,
        codes: ['DEFINITIONS_STALE', 'PROXY_AUTH_REJECTED'],
        at: '2026-11-26T10:00:00Z',
      }),
      json({ host: 'PC-2', status: 'unhealthy', version: 90600, codes: ['DEFINITIONS_BEHIND', 'CAUSE_UNDETERMINED'] }),
      '{"schemaVersion":1,"status":"healthy"',
      '',
      json({ host: 'pc-1', status: 'healthy', at: '2026-11-27T10:00:00Z' }),
      JSON.stringify({ hello: 'world' }),
      json({ host: 'PC-3', status: 'not_applicable', version: null, codes: ['CONNECTOR_NOT_FOUND'] }),
    ].join('\n'),
  );
  const run = await fleetJson([file]);
  t.equal(run.code, 0, run.stderr);
  const r = run.json;
  t.equal(r.endpoints, 3, 'PC-1 and pc-1 are one device');
  t.same(
    r.status,
    { healthy: 1, unhealthy: 1, not_applicable: 1, undetermined: 0 },
    'PC-1 is healthy: its newer result won',
  );
  t.equal(r.inputs.superseded, 1);
  t.equal(r.inputs.unreadableRows, 2);
  t.match(r.inputs.unreadableByReason, { 'invalid JSON': 1, 'not a tetra-doctor result (schemaVersion 1)': 1 });
  t.match(r.inputs.unreadableSamples[0], { where: `${file}:3`, reason: /invalid JSON/ });
  t.same(r.causes, [
    { code: 'CAUSE_UNDETERMINED', codes: ['CAUSE_UNDETERMINED'], role: 'state', endpoints: 1, share: 1 },
  ]);
  t.equal(r.latestVersion, LATEST);
  t.same(attentionOf(r), ['PC-2']);
  t.match(r.attention[0], { behind: LATEST - 90600, sinceSource: 'lastUpdate', since: '2026-11-27T08:00:00.000Z' });
});

t.test('a later result read first still wins over an earlier one read later', async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'a.json'), json({ host: 'PC-9', status: 'healthy', at: '2026-11-27T11:00:00Z' }));
  writeFileSync(
    path.join(dir, 'b.json'),
    json({
      host: 'PC-9',
      status: 'unhealthy',
      codes: ['DEFINITIONS_STALE', 'DNS_RESOLUTION_FAILED'],
      at: '2026-11-27T09:00:00Z',
    }),
  );
  const run = await fleetJson([dir]);
  t.equal(run.json.endpoints, 1);
  t.equal(run.json.status.healthy, 1);
  t.equal(run.json.inputs.superseded, 1);
});

t.test('one JSON result per file, pretty-printed, and a JSON array of results', async (t) => {
  const dir = tempDir(t);
  writeFileSync(
    path.join(dir, 'one.json'),
    JSON.stringify(
      JSON.parse(json({ host: 'PC-A', status: 'undetermined', version: null, codes: ['DEFINITIONS_UNKNOWN'] })),
      null,
      2,
    ),
  );
  writeFileSync(
    path.join(dir, 'many.json'),
    JSON.stringify(
      [
        JSON.parse(json({ host: 'PC-B', status: 'healthy' })),
        JSON.parse(json({ host: 'PC-C', status: 'healthy', version: LATEST - 3 })),
      ],
      null,
      2,
    ),
  );
  const run = await fleetJson([path.join(dir, 'one.json'), path.join(dir, 'many.json')]);
  t.equal(run.code, 0);
  t.equal(run.json.endpoints, 3);
  t.same(run.json.status, { healthy: 2, unhealthy: 0, not_applicable: 0, undetermined: 1 });
  t.same(
    run.json.versionLag.map((b: { endpoints: number }) => b.endpoints),
    [1, 1, 0, 0, 0, 1],
    '0 behind, 3 behind, and one unknown',
  );
  t.match(run.json.inputs.files, [
    { format: 'json', rows: 1 },
    { format: 'json', rows: 2 },
  ]);
  t.same(attentionOf(run.json), ['PC-A'], 'undetermined endpoints need attention too');
});

t.test(
  'Intune portal export: the newer of pre- and post-remediation output, malformed and empty rows counted',
  async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'Remediation device status.csv');
    const rows = [
      PORTAL_HEADER,
      portalRow('PC-0001', line({ host: 'PC-0001', status: 'healthy' }), ''),
      // Remediation fixed it: the post output is newer and wins.
      portalRow(
        'PC-0002',
        line({
          host: 'PC-0002',
          status: 'unhealthy',
          version: 90400,
          codes: ['DEFINITIONS_STALE', 'PROXY_AUTH_REJECTED'],
          at: '2026-11-27T09:00:00Z',
        }),
        line({ host: 'PC-0002', status: 'healthy', at: '2026-11-27T09:10:00Z' }),
      ),
      // A post output left from an older run: the fresh pre output wins.
      portalRow(
        'PC-0003',
        `Checking...\n${line({ host: 'PC-0003', status: 'unhealthy', version: 90590, codes: ['DEFINITIONS_BEHIND', 'TLS_VERIFY_FAILED'], at: '2026-11-27T10:00:00Z' })}`,
        line({ host: 'PC-0003', status: 'healthy', at: '2026-11-20T10:00:00Z' }),
      ),
      // Our JSON result in the output column works as well as the line format.
      portalRow(
        'PC-0004',
        json({
          host: 'PC-0004',
          status: 'unhealthy',
          version: 90000,
          codes: ['DEFINITIONS_STALE', 'DNS_RESOLUTION_FAILED'],
        }),
        '',
      ),
      portalRow('PC-0005', '', ''),
      portalRow('PC-0006', 'Write-Host : access denied', ''),
      portalRow(
        '=HYPERLINK("http://x")',
        line({ host: 'X', status: 'unhealthy', codes: ['DEFINITIONS_STALE', 'DNS_RESOLUTION_FAILED'] }),
        '',
      ),
    ];
    // An unclosed quote in the last row: the parser cannot read it, the rows before it still count.
    writeFileSync(file, '\uFEFF' + stringify(rows) + 'PC-0007,"broken,With issues\n');
    const csvOut = path.join(dir, 'tickets.csv');
    const run = await runCli(['fleet', file, '--format', 'json', '--csv', csvOut]);
    t.equal(run.code, 0, run.stderr);
    const r = run.json;
    t.match(r.inputs.files, [{ format: 'intune-csv', error: null }]);
    t.equal(r.endpoints, 5);
    t.same(r.status, { healthy: 2, unhealthy: 3, not_applicable: 0, undetermined: 0 });
    t.same(
      attentionOf(r),
      ['=HYPERLINK("http://x")', 'PC-0003', 'PC-0004'],
      'the device name comes from Intune, not the output',
    );
    t.same(
      r.causes.map((c: { code: string; endpoints: number }) => [c.code, c.endpoints]),
      [
        ['DNS_RESOLUTION_FAILED', 2],
        ['TLS_VERIFY_FAILED', 1],
      ],
      'ranked by endpoints affected',
    );
    t.equal(r.inputs.unreadableRows, 3);
    t.match(r.inputs.unreadableByReason, {
      'no detection output': 1,
      'output is neither a tetra-doctor line nor JSON': 1,
      'malformed CSV row': 1,
    });
    const tickets = readFileSync(csvOut, 'utf8');
    t.ok(tickets.startsWith('\uFEFFdevice,status,since,'), 'ticket CSV has a BOM and a header');
    t.equal(tickets.trim().split('\n').length, 4, 'one row per endpoint that needs attention');
    t.match(tickets, /\n"?'=HYPERLINK/, 'a device name that looks like a formula is neutralised');
  },
);

t.test('Intune reporting export: other column names, semicolon separated', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'DeviceRunStatesByProactiveRemediation.csv');
  const rows = [
    [
      'DeviceName',
      'UserName',
      'PreRemediationDetectionScriptOutput',
      'PostRemediationDetectionScriptOutput',
      'ModifiedTime',
    ],
    [
      'PC-S1',
      'u',
      line({ host: 'PC-S1', status: 'unhealthy', codes: ['DEFINITIONS_STALE', 'SERVER_UNREACHABLE'] }),
      '',
      '2026-11-27T10:00:00Z',
    ],
    ['PC-S2', 'u', line({ host: 'PC-S2', status: 'healthy' }), '', '2026-11-27T10:00:00Z'],
  ];
  writeFileSync(file, stringify(rows, { delimiter: ';' }));
  const run = await fleetJson([file]);
  t.equal(run.json.endpoints, 2);
  t.same(
    run.json.causes.map((c: { code: string }) => c.code),
    ['SERVER_UNREACHABLE'],
  );
});

t.test('saved Graph deviceRunStates pages are merged; compact pages and pretty ones alike', async (t) => {
  const dir = tempDir(t);
  const next = 'https://graph.microsoft.com/beta/deviceManagement/deviceHealthScripts/x/deviceRunStates?$skiptoken=2';
  writeFileSync(
    path.join(dir, 'page1.json'),
    JSON.stringify(
      graphPage(
        [
          { deviceName: 'PC-G1', pre: line({ host: 'ignored', status: 'healthy' }) },
          { deviceName: 'PC-G2', pre: null, detectionState: 'pending' },
        ],
        next,
      ),
    ),
  );
  writeFileSync(
    path.join(dir, 'page2.json'),
    JSON.stringify(
      graphPage([
        {
          deviceName: 'PC-G3',
          pre: line({
            host: 'x',
            status: 'unhealthy',
            version: 90000,
            codes: ['DEFINITIONS_STALE', 'PROXY_UNREACHABLE'],
          }),
          post: line({
            host: 'x',
            status: 'unhealthy',
            version: 90001,
            codes: ['DEFINITIONS_STALE', 'PROXY_UNREACHABLE'],
          }),
        },
      ]),
      null,
      2,
    ),
  );
  const run = await fleetJson([dir]);
  t.equal(run.code, 0, run.stderr);
  t.equal(run.json.endpoints, 2);
  t.same(attentionOf(run.json), ['PC-G3']);
  t.equal(run.json.attention[0].version, 90001, 'post-remediation output preferred when equally new');
  t.match(run.json.inputs.unreadableByReason, { 'no detection output (detectionState pending)': 1 });
  t.match(run.json.inputs.files, [{ format: 'ndjson' }, { format: 'json' }]);
});

t.test(
  'folders are walked; line files read; unknown files reported, never fatal; a missing path is a typo',
  async (t) => {
    const dir = tempDir(t);
    mkdirSync(path.join(dir, 'site-a', 'deep'), { recursive: true });
    writeFileSync(
      path.join(dir, 'site-a', 'deep', 'rmm.txt'),
      `${line({ host: 'PC-L1', status: 'unhealthy', codes: ['DEFINITIONS_STALE', 'LASTERROR_PROXY_AUTH'] })}\nnoise\nTETRA-DOCTOR status=bogus host=PC-L2\n`,
    );
    writeFileSync(path.join(dir, 'site-a', 'one.json'), json({ host: 'PC-L3', status: 'healthy' }));
    writeFileSync(path.join(dir, 'notes.md'), '# nothing to see');
    const missing = await runCli(['fleet', dir, path.join(dir, 'missing.csv'), '--format', 'json']);
    t.equal(missing.code, 2, 'a named input that does not exist is a usage error');
    t.equal(missing.stdout, '');
    t.match(missing.stderr, /^tetra-doctor: .*missing\.csv does not exist/);
    const run = await runCli(['fleet', dir, '--format', 'json']);
    t.equal(run.code, 0);
    t.equal(run.json.endpoints, 2);
    t.match(run.json.inputs.unreadableByReason, { 'unknown status "bogus"': 1 });
    const errors = run.json.inputs.files
      .filter((f: { error: string | null }) => f.error)
      .map((f: { path: string; error: string }) => [path.basename(f.path), f.error]);
    t.same(errors.sort(), [['notes.md', 'unrecognised format']]);
    t.match(run.stderr, /notes\.md: unrecognised format/, 'unreadable files are also told on stderr');
  },
);

t.test('exit codes: 4 when nothing could be read, 2 for a usage error', async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'junk.json'), '{"not":"ours"}');
  const none = await fleetJson([dir]);
  t.equal(none.code, 4);
  t.equal(none.json.endpoints, 0);
  const usage = await runCli(['fleet', '--format', 'json']);
  t.equal(usage.code, 2);
  t.match(usage.stderr, /name at least one file or folder/);
  const badOption = await runCli(['fleet', dir, '--amp-dir', 'x']);
  t.equal(badOption.code, 2, 'fleet does not take the endpoint options');
  const graphless = await runCli(['fleet', '--graph', '--remediation-id', 'x'], {
    env: {
      TETRA_GRAPH_TENANT_ID: '',
      AZURE_TENANT_ID: '',
      TETRA_GRAPH_CLIENT_ID: '',
      AZURE_CLIENT_ID: '',
      TETRA_GRAPH_CLIENT_SECRET: '',
      AZURE_CLIENT_SECRET: '',
    },
  });
  t.equal(graphless.code, 2);
  t.match(graphless.stderr, /TETRA_GRAPH_TENANT_ID or AZURE_TENANT_ID/);
});

t.test('text report in English and Japanese', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'r.ndjson');
  writeFileSync(
    file,
    [
      json({
        host: 'PC-T1',
        status: 'unhealthy',
        version: 90500,
        codes: ['DEFINITIONS_STALE', 'PROXY_AUTH_REJECTED'],
        lastUpdate: '2026-11-01T00:00:00Z',
      }),
      json({ host: 'PC-T2', status: 'healthy' }),
    ].join('\n'),
  );
  const en = await runCli(['fleet', file, '--lang', 'en']);
  t.equal(en.code, 0);
  t.match(en.stdout, /TETRA definitions across the fleet: 2 endpoints/);
  t.match(en.stdout, /unhealthy\s+1\s+50\.0%/);
  t.match(en.stdout, /PROXY_AUTH_REJECTED\s+1\s+100\.0%\s+proxy answered 407/);
  t.match(
    en.stdout,
    /PC-T1\s+unhealthy\s+2026-11-01\s+2026-11-01\s+90500\s+106\s+0\.1\s+proxy answered 407/,
    'with the age of the result in days',
  );
  const ja = await runCli(['fleet', file, '--lang', 'ja']);
  t.match(ja.stdout, /TETRA 定義の状況（全端末）: 2 台/);
  t.match(ja.stdout, /要対応\s+1/);
  t.match(ja.stdout, /プロキシが 407 を応答/);
});

t.test('a JSON array of results is streamed: memory stays bounded as for NDJSON', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'array.json');
  const fd = openSync(file, 'w');
  writeSync(fd, '[');
  // About 150 MB: reading it as one string and one parsed array would take well over 300 MB.
  const one = JSON.stringify(result({ host: 'PC-0', status: 'healthy', summary: 'y'.repeat(1500) }));
  for (let i = 0; i < 100_000; i++) writeSync(fd, `${i ? ',' : ''}\n  ${one.replace('"PC-0"', `"PC-${i % 1000}"`)}`);
  writeSync(fd, '\n]\n');
  closeSync(fd);
  const run = await runCli(['fleet', file, '--format', 'json'], { measureRss: true, timeoutMs: 60_000 });
  t.equal(run.code, 0, run.stderr);
  t.equal(run.json.endpoints, 1000);
  t.equal(run.json.inputs.rows, 100_000);
  t.ok(run.rssKiB! < 200 * 1024, `peak RSS ${Math.round(run.rssKiB! / 1024)} MB`);
});
