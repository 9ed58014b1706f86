// Every pattern and pre-check over outside text runs in linear time: each reader is timed on a hostile input of
// one size and of eight times that size, in the same test, so that the machine's load cancels out. Linear time
// grows about eight times; the quadratic pre-checks these replaced grew 64 times or more (a 240 KB policy file
// took 48 s). The shapes are the ones that made a pattern backtrack: a '<' without '>', lazy parts before trailing
// spaces, long words before a literal, BEGIN without END, stars in a wildcard.
import t, { type Test } from 'tap';
import { parseRegQueryValue } from '../../src/discover/registry';
import { parseScQc, parseScQueryList } from '../../src/discover/services';
import { parseXml } from '../../src/evidence/xmlFile';
import { nestingDepth, checkReferences } from '../../src/evidence/xmlScan';
import { proxyFor } from '../../src/evidence/winHttpProxy';
import { splitPem } from '../../src/probes/trustAnchors';
import { nonAdminWriter } from '../../src/system/pathTrust';
import { forTerminal } from '../../src/system/terminalText';
import { wildcardMatch } from '../../src/system/wildcard';

const MiB = 1024 * 1024;
const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** The best of three runs, in ms: the least disturbed by other work on the machine. */
function timed(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** A reader of `text`, made before the clock starts: building the input is not what is timed. */
const on =
  <T>(text: T, read: (text: T) => unknown) =>
  () =>
    read(text);

/** The time at `size` and at eight times `size`; linear when the larger takes at most 24 times as long (250 ms of
 * allocation and collection aside; a quadratic reader takes 64 times, seconds to minutes at these sizes). */
function assertLinear(t: Test, name: string, size: number, reader: (size: number) => () => unknown): void {
  const small = timed(reader(size));
  const large = timed(reader(8 * size));
  t.ok(
    large <= 24 * small + 250,
    `${name}: ${small.toFixed(1)} ms at ${size / MiB} MiB, ${large.toFixed(1)} ms at ${(8 * size) / MiB} MiB`,
  );
}

const XML_SHAPES: Record<string, (size: number) => string> = {
  'a "<" without ">", repeated (the nesting pre-check scanned to the end from each)': (n) =>
    `<config>${fill('<a', n)}</config>`,
  'an attribute soup of "< "': (n) => `<config><a ${fill('< ', n)}</config>`,
  '"&" without ";"': (n) => `<config><a>${fill('&#1', n)}</a></config>`,
  'references, valid': (n) => `<config><a>${fill('&#65;&amp;&lt;', n - (n % 14))}</a></config>`,
  'unterminated comments': (n) => `<config>${fill('<!--', n)}</config>`,
  'unterminated CDATA': (n) => `<config>${fill('<![CDATA[', n)}</config>`,
  'empty elements': (n) => `<config>${fill('<a/>', n)}</config>`,
  'close tags': (n) => `<config>${fill('</a>', n)}</config>`,
  'a text of words': (n) => `<config><n>${fill('abc def ', n)}</n></config>`,
};

t.test('XML: the pre-checks, the validator and the parser (parseXml)', async (t) => {
  for (const [name, shape] of Object.entries(XML_SHAPES))
    assertLinear(t, name, MiB / 16, (n) => on(shape(n), parseXml));
  for (const [name, shape] of Object.entries(XML_SHAPES)) {
    assertLinear(t, `nesting pre-check, ${name}`, MiB / 2, (n) => on(shape(n), (x) => nestingDepth(x, 64)));
    assertLinear(t, `reference check, ${name}`, MiB / 2, (n) => on(shape(n), checkReferences));
  }
});

t.test('wildcards (shExpMatch, the WinHTTP bypass list): no backtracking over stars', async (t) => {
  const stars = `${'*a'.repeat(30)}*b`;
  assertLinear(t, 'shExpMatch(aaa..., *a*a...*b)', MiB, (n) => on(fill('a', n), (x) => wildcardMatch(x, stars)));
  assertLinear(t, 'a "?" pattern', MiB, (n) => on(fill('ab', n), (x) => wildcardMatch(x, '*a?a?a?c*')));
  // The bypass list is capped at 1024 characters and a host name at 253: the worst case stays small.
  const started = performance.now();
  proxyFor(`https://${'a'.repeat(60)}.${'a'.repeat(60)}.${'a'.repeat(60)}.example/`, 'p:1', `${'*a'.repeat(500)}*b`);
  t.ok(performance.now() - started < 1000, 'a bypass entry of 500 stars against a long host');
});

t.test('Windows tool output: reg query, sc query, sc qc, icacls', async (t) => {
  assertLinear(t, 'reg query: a line of spaces', MiB, (n) =>
    on(`InstallDir${fill(' ', n)}x`, (x) => parseRegQueryValue(x, 'InstallDir')),
  );
  assertLinear(t, 'sc query: SERVICE_NAME and spaces', MiB, (n) =>
    on(`SERVICE_NAME: a${fill(' ', n)}b`, parseScQueryList),
  );
  assertLinear(t, 'sc qc: blank lines', MiB, (n) => on(fill('\n', n), parseScQc));
  assertLinear(t, 'sc qc: a line of spaces', MiB, (n) => on(`BINARY_PATH_NAME : a${fill(' ', n)}b`, parseScQc));
  assertLinear(t, 'icacls: one long word', MiB, (n) => on(fill('a', n), nonAdminWriter));
});

t.test('PEM and terminal text', async (t) => {
  assertLinear(t, 'BEGIN CERTIFICATE without END', MiB, (n) => on(fill('-----BEGIN CERTIFICATE-----\n', n), splitPem));
  assertLinear(t, 'escape sequences', MiB, (n) => on(fill('\x1b[1;2;3\x1b]0;x', n), (x) => forTerminal(x)));
});
