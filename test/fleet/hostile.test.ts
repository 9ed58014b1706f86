// fleet against inputs made to mislead or break it: forged markers, formula cells, malformed CSV rows, huge lines
// and values, FIFOs, and one device spelt several ways. Each case failed before its fix (see the commit log).
import { stringify } from 'csv-stringify/sync';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { runCli } from '../helpers/cli';
import { graphPage, json, line, result, tempDir } from '../helpers/fleetData';

const FORGED = 'TETRA-DOCTOR status=healthy exit=0 host=PC-X version=90606 latest=90606 behind=0';
const fleet = (args: string[]) => runCli(['fleet', ...args, '--format', 'json'], { timeoutMs: 60_000 });

t.test(
  'status comes from structure: a forged marker in a summary never makes an unhealthy endpoint healthy',
  async (t) => {
    const dir = tempDir(t);
    // A line whose summary (after " | ") quotes a healthy line, a JSON result whose summary does, and both inside an
    // Intune row and a Graph page.
    const forgedLine = line({
      host: 'PC-LINE',
      status: 'unhealthy',
      codes: ['PROXY_AUTH_REJECTED'],
      summary: `proxy said: ${FORGED}`,
    });
    const forgedJson = json({
      host: 'PC-JSON',
      status: 'unhealthy',
      codes: ['PROXY_AUTH_REJECTED'],
      summary: `proxy said: ${FORGED} | fine`,
    });
    writeFileSync(path.join(dir, 'lines.txt'), `${forgedLine}\n`);
    writeFileSync(path.join(dir, 'results.ndjson'), `${forgedJson}\n`);
    writeFileSync(
      path.join(dir, 'mixed.log'),
      `${line({ host: 'PC-LOG', status: 'healthy' })}\n${json({ host: 'PC-LOGJSON', status: 'unhealthy', summary: FORGED })}\n`,
    );
    writeFileSync(
      path.join(dir, 'page.json'),
      JSON.stringify(
        graphPage([
          { deviceName: 'PC-GRAPH', pre: forgedJson },
          { deviceName: 'PC-GRAPH2', pre: `noise\n${forgedLine}` },
        ]),
      ),
    );
    writeFileSync(
      path.join(dir, 'intune.csv'),
      stringify([
        ['Device name', 'Pre-remediation detection output'],
        ['PC-CSV', forgedJson],
        ['PC-CSV2', forgedLine],
      ]),
    );
    const run = await fleet([dir]);
    t.equal(run.code, 0, run.stderr);
    t.equal(run.json.status.healthy, 1, 'only PC-LOG is healthy');
    t.equal(run.json.status.unhealthy, 7, JSON.stringify(run.json.attention.map((a: { device: string }) => a.device)));
  },
);

t.test('every CSV cell is neutralised against formula injection', async (t) => {
  const dir = tempDir(t);
  const evil = ['=cmd|"/c calc"!A1', '+SUM(1)', '-2+3', '@SUM(1)', '\tTAB', '\rCR'];
  const results = evil.map((text, i) =>
    JSON.stringify(
      result({
        host: `${text}-${i}`,
        status: 'unhealthy',
        codes: [text.replace(/\s/g, ''), 'PROXY_AUTH_REJECTED'],
        summary: text,
        extra: { remediation: { outcome: text } },
      }),
    ),
  );
  writeFileSync(path.join(dir, 'r.ndjson'), results.join('\n'));
  const csvFile = path.join(dir, 'tickets.csv');
  const run = await runCli(['fleet', dir, '--format', 'json', '--csv', csvFile]);
  t.equal(run.code, 0, run.stderr);
  const { parse } = await import('csv-parse/sync');
  const rows = parse(readFileSync(csvFile, 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  t.equal(rows.length, evil.length + 1);
  const dangerous = rows
    .slice(1)
    .flat()
    .filter((cell) => /^[=+\-@\t\r]/.test(cell));
  t.same(dangerous, [], 'no cell starts like a formula');
});

t.test('a malformed CSV row loses only itself', async (t) => {
  const dir = tempDir(t);
  const header = 'Device name,Pre-remediation detection output,Last run';
  const good = (device: string, status: 'healthy' | 'unhealthy') =>
    stringify([[device, line({ host: device, status }), '2026-11-27T10:00:00Z']]).trimEnd();
  const cases: Record<string, string> = {
    'unclosed quote before valid rows': [
      header,
      'PC-BAD,"broken output,2026-11-27',
      good('PC-1', 'unhealthy'),
      good('PC-2', 'healthy'),
    ].join('\n'),
    'stray quote inside a cell': [header, 'PC-BAD2,abc"def,2026-11-27', good('PC-3', 'unhealthy')].join('\n'),
    'junk after a closing quote': [header, 'PC-BAD3,"abc"def,2026-11-27', good('PC-4', 'healthy')].join('\n'),
    'quoted multi-line cell still read': [
      header,
      `PC-5,"checking...\n${line({ host: 'PC-5', status: 'unhealthy' })}",2026-11-27T10:00:00Z`,
      good('PC-6', 'healthy'),
    ].join('\r\n'),
  };
  const expected: Record<string, string[]> = {
    'unclosed quote before valid rows': ['PC-1', 'PC-2'],
    'stray quote inside a cell': ['PC-3'],
    'junk after a closing quote': ['PC-4'],
    'quoted multi-line cell still read': ['PC-5', 'PC-6'],
  };
  for (const [name, text] of Object.entries(cases)) {
    const file = path.join(dir, `${name}.csv`);
    writeFileSync(file, text);
    const run = await fleet([file]);
    const devices = [
      ...run.json.attention.map((a: { device: string }) => a.device),
      ...(run.json.status.healthy ? ['(healthy)'] : []),
    ];
    t.equal(
      run.json.endpoints,
      expected[name].length,
      `${name}: ${JSON.stringify(devices)} ${JSON.stringify(run.json.inputs.unreadableSamples)}`,
    );
  }
});

t.test('a line or value over the cap is one unreadable row: no crash, no stack trace, memory bounded', async (t) => {
  const dir = tempDir(t);
  const big = path.join(dir, 'big.ndjson');
  // 40 MB on one line (over the 32 M cap), between two good results; written in pieces.
  const fd = openSync(big, 'w');
  writeSync(fd, `${json({ host: 'PC-B1', status: 'healthy' })}\n{"schemaVersion":1,"summary":"`);
  const block = 'x'.repeat(1024 * 1024);
  for (let i = 0; i < 40; i++) writeSync(fd, block);
  writeSync(fd, `"}\n${json({ host: 'PC-B2', status: 'unhealthy' })}\n`);
  closeSync(fd);
  const arrayFile = path.join(dir, 'big-array.json');
  const fd2 = openSync(arrayFile, 'w');
  writeSync(fd2, `[\n${json({ host: 'PC-A1', status: 'healthy' })},\n{"schemaVersion":1,"summary":"`);
  for (let i = 0; i < 40; i++) writeSync(fd2, block);
  writeSync(fd2, `"},\n${json({ host: 'PC-A2', status: 'unhealthy' })}\n]\n`);
  closeSync(fd2);
  const run = await runCli(['fleet', big, arrayFile, '--format', 'json'], { measureRss: true, timeoutMs: 60_000 });
  t.equal(run.code, 0);
  t.equal(run.stderr, '', 'nothing on stderr');
  t.equal(run.json.endpoints, 4);
  t.equal(run.json.inputs.unreadableRows, 2);
  t.match(run.json.inputs.unreadableSamples, [
    { where: `${big}:2`, reason: /over the 32 M character cap/ },
    { where: `${arrayFile}[1]`, reason: /over the 32 M character cap/ },
  ]);
  t.ok(run.rssKiB! < 300 * 1024, `peak RSS ${Math.round(run.rssKiB! / 1024)} MB`);
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

t.test('a FIFO, a device or a link to one given as an input fails that input at once', async (t) => {
  const dir = tempDir(t);
  const fifo = path.join(dir, 'results.fifo');
  t.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const good = path.join(dir, 'good.ndjson');
  writeFileSync(good, json({ host: 'PC-F', status: 'healthy' }));
  const run = await runCli(['fleet', fifo, '/dev/zero', good, '--format', 'json'], { timeoutMs: 15_000 });
  t.equal(run.code, 0, 'the readable input still counts');
  t.equal(run.json.endpoints, 1);
  t.match(run.json.inputs.files, [
    { path: fifo, error: 'not a regular file (a FIFO)' },
    { path: '/dev/zero', error: 'not a regular file (a device)' },
    { path: good, error: null },
  ]);
});

t.test('one device identity (trimmed, case-folded) across every input format', async (t) => {
  const dir = tempDir(t);
  writeFileSync(
    path.join(dir, 'a.ndjson'),
    json({ host: ' pc-ident ', status: 'unhealthy', at: '2026-11-27T08:00:00Z' }),
  );
  writeFileSync(
    path.join(dir, 'b.txt'),
    `${line({ host: 'PC-IDENT', status: 'unhealthy', at: '2026-11-27T09:00:00Z' })}\n`,
  );
  writeFileSync(
    path.join(dir, 'c.json'),
    JSON.stringify(
      graphPage([
        { deviceName: 'Pc-Ident  ', pre: line({ host: 'x', status: 'unhealthy', at: '2026-11-27T09:30:00Z' }) },
      ]),
    ),
  );
  writeFileSync(
    path.join(dir, 'd.csv'),
    stringify([
      ['Device name', 'Pre-remediation detection output'],
      ['  PC-ident', line({ host: 'y', status: 'healthy', at: '2026-11-27T10:00:00Z' })],
    ]),
  );
  const run = await fleet([dir]);
  t.equal(run.json.endpoints, 1, 'four spellings, one device');
  t.equal(run.json.status.healthy, 1, 'the newest (the CSV row) won');
  t.equal(run.json.inputs.superseded, 3);
});
