// Units behind the hostile-input matrix: bounded file reads, redaction by value, terminal-safe text, option ranges.
// Each hostile input that reaches the CLI has its one home in the matrix (test/reliability/cases/): a FIFO, a
// directory or /dev/zero where a file is read (cases/files.ts), escape sequences bound for a terminal
// (cases/terminal.ts). What stays here is what the matrix cannot reach: the readers' own options (caps, tails, links
// followed or not), and the redactor's and the terminal filter's finer properties.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { optionRangeRows } from '../../src/cli/commandTables';
import { outOfRange } from '../../src/contract/options';
import { createRedactor, secretForms } from '../../src/render/redact';
import { readCaFile, readPemFile } from '../../src/system/pemFile';
import { readFileBounded, readFileBoundedSync } from '../../src/system/readFileBounded';
import { forTerminal, outsideText } from '../../src/system/terminalText';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-bounded-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('readFileBounded: regular files only, capped while reading, tails, links refused unless followed', async (t) => {
  const file = path.join(dir, 'a.txt');
  writeFileSync(file, 'x'.repeat(100) + '\nlast line\n');
  t.match(await readFileBounded(file, { maxBytes: 1000 }), { state: 'ok', truncated: false });
  t.match(await readFileBounded(file, { maxBytes: 50 }), { state: 'failed', error: /more than the 50 bytes/ });
  const tail = await readFileBounded(file, { maxBytes: 10, tail: true });
  t.equal(tail.state === 'ok' && tail.bytes.toString(), 'last line\n');
  t.equal(tail.state === 'ok' && tail.truncated, true);
  t.match(await readFileBounded(path.join(dir, 'none'), { maxBytes: 10 }), { state: 'missing' });
  t.match(readFileBoundedSync(path.join(dir, 'none'), { maxBytes: 10 }), { state: 'missing' });
  const zero = path.join(dir, 'zero');
  symlinkSync('/dev/zero', zero);
  t.match(await readFileBounded(zero, { maxBytes: 10 }), { state: 'failed', error: /symbolic link/ });
  t.match(await readFileBounded(zero, { maxBytes: 10, followLinks: true }), { state: 'failed', error: /a device/ });
  const link = path.join(dir, 'link');
  symlinkSync(file, link);
  t.match(await readFileBounded(link, { maxBytes: 1000 }), { state: 'failed', error: /symbolic link/ });
  t.match(await readFileBounded(link, { maxBytes: 1000, followLinks: true }), { state: 'ok' });
});

t.test('readCaFile (--ca-file, --console-ca-file): a capped regular file that holds a certificate', async (t) => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const file = path.join(dir, 'ca.pem');
  writeFileSync(file, `\uFEFF${pem}`);
  t.equal(readCaFile(file), pem, 'read, without its BOM');
  t.throws(() => readPemFile(file, 10), /more than the 10 bytes/, 'capped');
  writeFileSync(path.join(dir, 'not.pem'), 'just text');
  t.throws(() => readCaFile(path.join(dir, 'not.pem')), /not\.pem holds no PEM certificate/);
  t.equal(readPemFile(path.join(dir, 'not.pem')), 'just text', 'a test trust seam may be an empty store');
  t.throws(() => readPemFile(path.join(dir, 'none.pem')), /none\.pem does not exist/);
});

t.test('redaction: by value, every form, vocabulary untouched, a marker that cannot re-form the secret', async (t) => {
  const r = createRedactor({ proxyPassword: 'true', proxyUsername: 'u' });
  const out = r.value({
    status: 'true',
    ok: true,
    summary: 'proxy said true',
    nested: [{ error: `Basic ${Buffer.from('u:true').toString('base64')}` }],
  });
  t.same(out, { status: 'true', ok: true, summary: 'proxy said ***', nested: [{ error: 'Basic ***' }] });
  t.ok(secretForms({ proxyPassword: 'a b/é' }).includes('a%20b%2F%C3%A9'));
  t.ok(secretForms({ proxyPassword: 'a b/é' }).includes('a%20b%2f%c3%a9'), 'lower-case hex too');
  t.equal(
    createRedactor({ proxyPassword: '*a' }).text('x*aa'),
    'x###a',
    'a marker made of a character the password lacks',
  );
  t.equal(createRedactor({ proxyPassword: null }).text('unchanged'), 'unchanged');
});

t.test('terminal text: line breaks kept where asked, outside text made one short line', async (t) => {
  t.equal(forTerminal('one\ntwo', { multiline: true }), 'one\ntwo');
  t.equal(forTerminal('one\ntwo'), 'one?two');
  t.equal(outsideText('a\r\nb'), 'a b');
  t.equal(outsideText('x'.repeat(400)).length, 300);
});

t.test('numeric ranges: finite, whole where needed, within bounds', async (t) => {
  const NUMERIC_OPTIONS = Object.fromEntries(optionRangeRows().map((row) => [row.option.slice(2), row.range]));
  const timeout = NUMERIC_OPTIONS['timeout-ms'];
  t.equal(outOfRange('timeout-ms', 3_000_000_000, timeout) !== null, true);
  t.equal(outOfRange('timeout-ms', 1.5, timeout) !== null, true);
  t.equal(outOfRange('timeout-ms', Number.NaN, timeout) !== null, true);
  t.equal(outOfRange('timeout-ms', [1, 2], timeout) !== null, true);
  t.equal(outOfRange('timeout-ms', 2500, timeout), null);
  t.equal(outOfRange('max-age-hours', 0, NUMERIC_OPTIONS['max-age-hours']) !== null, true, 'exclusive minimum');
  // Options that become timers must stay within what Node's timers take (2^31-1 ms), or Node warns on stderr.
  const timers = {
    'timeout-ms': 1,
    'posture-timeout-ms': 1,
    'wait-seconds': 1000,
    'poll-seconds': 1000,
    duration: 1000,
    'support-timeout-seconds': 1000,
  } as const;
  for (const [name, unit] of Object.entries(timers))
    t.ok(NUMERIC_OPTIONS[name as keyof typeof timers].max * unit <= 2 ** 31 - 1, `${name} fits a timer`);
});
