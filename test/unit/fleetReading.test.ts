// The shortcuts that keep fleet reading fast must read exactly what the general paths read: ISO times as Date.parse
// gives them, and text split into chunks as a UTF-8 decode of the whole file gives it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { boundedLineBatches, boundedLines, openRegularFile, textChunks } from '../../src/fleet/boundedRead';
import fc from 'fast-check';
import { formatIsoTime, parseIsoTime } from '../../src/system/isoTime';
import { collectGarbage } from '../../src/fleet/collectGarbage';
import { sharedList, sharedPair, sharedString } from '../../src/system/sharedValues';

const same = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b;

t.test('parseIsoTime equals Date.parse on the canonical forms and on their edges', async (t) => {
  const cases = [
    '2026-11-27T10:00:00.000Z',
    '2026-11-27T10:00:00Z',
    '1970-01-01T00:00:00Z',
    '2026-02-28T23:59:59.999Z',
    // Outside the shortcut's ranges: Date.parse decides (and the answer must still be its own).
    '2024-02-29T12:00:00Z',
    '2026-02-29T12:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-12-31T23:59:59Z',
    '2026-11-27T24:00:00Z',
    '2026-11-27T23:60:00Z',
    '2026-11-27T23:59:60Z',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2026-11-00T00:00:00Z',
    '0099-01-01T00:00:00Z',
    '0100-01-01T00:00:00Z',
    '0000-01-01T00:00:00.000Z',
    '9999-12-28T23:59:59.999Z',
    // Not the canonical shape: other lengths, offsets, no zone, lower-case z, signs, letters in digit places.
    '2026-11-27T10:00:00.5Z',
    '2026-11-27T10:00:00+09:00',
    '2026-11-27T10:00:00',
    '2026-11-27T10:00:00z',
    '2026-11-27 10:00:00Z',
    '+02026-11-27T10:00:00Z',
    '2026-1a-27T10:00:00Z',
    '2026-11-27T10:0a:00.000Z',
    '2026-11-27T10:00:00.00aZ',
    '２０２６-11-27T10:00:00Z',
    '2026-11-27T10:00:00.-01Z',
    'Fri, 27 Nov 2026 10:00:00 GMT',
    '',
    'x'.repeat(20),
    'x'.repeat(24),
  ];
  for (const text of cases) t.ok(same(parseIsoTime(text), Date.parse(text)), text);
  // Every day, hour and minute step of a few years, with and without milliseconds.
  let checked = 0;
  for (let ms = Date.UTC(2023, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000 * 7 + 61_001) {
    const iso = new Date(ms).toISOString();
    if (parseIsoTime(iso) !== ms || parseIsoTime(iso.slice(0, 19) + 'Z') !== Date.parse(iso.slice(0, 19) + 'Z'))
      t.fail(iso);
    checked++;
  }
  t.ok(checked > 4000);
});

t.test('formatIsoTime writes what toISOString writes, on edges and on any time a Date holds', async (t) => {
  const edges = [
    0, -0, 1, -1, 0.9, -0.9, -1.5, 86_399_999, 86_400_000, -86_400_001, 951_782_400_000, 8.64e15, -8.64e15,
  ];
  edges.push(Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1));
  edges.push(Date.UTC(-1, 0, 1), Date.UTC(0, 0, 1) - 1);
  for (const ms of edges) t.equal(formatIsoTime(ms), new Date(ms).toISOString(), String(ms));
  for (const ms of [null, NaN, Infinity, -Infinity, 8.64e15 + 1, -8.64e15 - 1])
    t.equal(formatIsoTime(ms), null, String(ms));
  fc.assert(
    fc.property(fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), (ms) => {
      if (formatIsoTime(ms) !== new Date(ms).toISOString()) throw new Error(`${ms}: ${formatIsoTime(ms)}`);
    }),
    { numRuns: 20_000 },
  );
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
      if (formatIsoTime(ms) !== new Date(ms).toISOString()) throw new Error(`${ms}: ${formatIsoTime(ms)}`);
    }),
    { numRuns: 20_000 },
  );
});

t.test('formatIsoTime gives one flat string per time, not a string of its pieces', async (t) => {
  // A 24-character string is about 40 bytes; built piece by piece it stays nine strings, about 200.
  const start = Date.UTC(2026, 10, 27, 8);
  const keep = (times: Array<string | null>) => {
    for (let i = 0; i < 100_000; i++) times.push(formatIsoTime(start + i * 61_001));
    return times;
  };
  const times: Array<string | null> = [];
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  keep(times);
  collectGarbage();
  const perTime = (process.memoryUsage().heapUsed - before) / times.length;
  t.ok(perTime < 80, `${perTime.toFixed(0)} bytes held per time`);
});

t.test('text chunks: a character split across chunks after an all-ASCII start is decoded whole', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-chunks-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // A chunk is 960 KiB: the first is all ASCII, and the two bytes of 'é' straddle its end; then more text.
  const head = 'a'.repeat(960 * 1024 - 1);
  const text = `\uFEFF${head}é\n{"host":"ÉCOLE-01"}\n日本語\n`;
  const file = path.join(dir, 'mixed.ndjson');
  writeFileSync(file, text);
  const handle = await openRegularFile(file);
  try {
    let read = '';
    for await (const chunk of textChunks(handle)) read += chunk;
    t.equal(read, text.slice(1), 'the BOM dropped, every character intact');
    const lines: string[] = [];
    for await (const item of boundedLines(textChunks(handle))) if ('line' in item) lines.push(item.line);
    t.same(lines, [`${head}é`, '{"host":"ÉCOLE-01"}', '日本語']);
    // A broken sequence at a chunk's end followed by an all-ASCII chunk: decoded as a whole-file decode does it.
    const broken = Buffer.concat([
      Buffer.from(head),
      Buffer.from([0xc3]),
      Buffer.from('b'.repeat(960 * 1024)),
      Buffer.from([0xe6, 0x97]),
    ]);
    writeFileSync(file, broken);
    const again = await openRegularFile(file);
    let decoded = '';
    for await (const chunk of textChunks(again)) decoded += chunk;
    await again.close();
    t.equal(decoded, broken.toString('utf8'));
  } finally {
    await handle.close();
  }
});

t.test('line batches give the same lines, numbers and over-long lines as boundedLines', async (t) => {
  async function* chunks() {
    yield 'one\r\ntw';
    yield 'o\n' + 'x'.repeat(50);
    yield 'y'.repeat(50) + '\nthree\n\nfour';
  }
  const batched = [];
  for await (const batch of boundedLineBatches(chunks(), 60)) batched.push(...batch);
  const single = [];
  for await (const item of boundedLines(chunks(), 60)) single.push(item);
  t.same(batched, single);
  t.same(single, [
    { lineNo: 1, line: 'one' },
    { lineNo: 2, line: 'two' },
    { lineNo: 3, tooLong: 100 },
    { lineNo: 4, line: 'three' },
    { lineNo: 5, line: '' },
    { lineNo: 6, line: 'four' },
  ]);
});

t.test('collectGarbage frees what is no longer reachable, in a process started without --expose-gc', async (t) => {
  t.notOk(process.execArgv.includes('--expose-gc'), 'the test process has no gc() of its own');
  // Made and dropped inside a function: nothing refers to the 400,000 objects once it returns.
  const makeGarbage = () => Array.from({ length: 400_000 }, (_, n) => ({ n, s: `x${n}` })).length;
  t.equal(makeGarbage(), 400_000);
  const held = process.memoryUsage().heapUsed;
  collectGarbage();
  const freed = (held - process.memoryUsage().heapUsed) / 1e6;
  t.ok(freed > 20, `freed ${freed.toFixed(0)} MB of the 400,000 objects at once`);
});

t.test('shared name lists keep their names: no two different lists are ever handed the same one', async (t) => {
  // Names that a joined key could confuse: the old separator, JSON punctuation, and lists that nest in each other.
  const name = fc.oneof(fc.constantFrom('a', 'b', 'a\u0000b', '["a","b"]', '', ','), fc.string({ maxLength: 6 }));
  const forgeries: string[][] = [['a', 'b'], ['a\u0000b'], ['["a","b"]'], ['a,b'], ['a', 'b', ''], []];
  for (const list of forgeries) t.same(sharedList(list), list, JSON.stringify(list));
  fc.assert(
    fc.property(fc.array(name, { maxLength: 4 }), (list) => {
      const shared = sharedList(list.map(sharedString));
      return shared.length === list.length && shared.every((n, i) => n === list[i]);
    }),
    { numRuns: 2000 },
  );
  t.equal(sharedList(['x', 'y']), sharedList(['x', 'y'].slice()), 'equal lists share one array');
  t.equal(sharedPair('g', 'n'), sharedPair('g', 'n'), 'equal pairs share one object');
  t.not(sharedPair('g', null), sharedPair(null, 'g'));
});
