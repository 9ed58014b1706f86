// The largest policy.xml tetra-doctor reads (1 MiB and 100,000 tags, attributes and references: its caps), in the
// shapes that made its pre-checks and parser slowest, read by `detect --offline` against a fixture install; the
// baseline is the same command on a well-formed policy.xml padded by a comment to the size cap, in the same run.
// Shapes with more markup than the cap are refused before the validator runs; the shapes just under it are the most
// work a file can still ask for. Run alone: node build/run-ts.mjs bench/hostilePolicy.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_XML_BYTES, MAX_XML_MARKUP } from '../src/evidence/xmlFile';
import { makeEndpoint, policyXml } from '../test/helpers/endpoint';
import { BUNDLE } from '../test/helpers/paths';
import type { Row } from './run';

const SIZE = MAX_XML_BYTES - 4096;
const fill = (unit: string, size = SIZE) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
/** `unit` (holding one tag, attribute or reference) as often as the markup cap allows, the rest of the size text. */
const underCap = (unit: string) => {
  const units = unit.repeat(MAX_XML_MARKUP - 100);
  return units + fill('x', SIZE - units.length);
};

/** Hostile shapes: what each made slow before (quadratic pre-check, backtracking pattern, the validator's cost per
 * token) or is slowest now. */
const SHAPES: Record<string, () => string> = {
  'well-formed, padded by a comment (baseline)': () => policyXml().replace('<config>', `<config><!--${fill('x')}-->`),
  '16 MiB, well-formed (over the size cap)': () =>
    policyXml().replace('<config>', `<config><!--${fill('x', 16 * 1024 * 1024)}-->`),
  '`<a` repeated without `>` (the old nesting pre-check: quadratic)': () => `<config>${fill('<a')}</config>`,
  'an attribute soup of `< ` (the slowest shape for the XML validator)': () => `<config><a ${fill('< ')}</config>`,
  'references `&#65;&amp;&lt;` repeated': () => `<config><a>${fill('&#65;&amp;&lt;')}</a></config>`,
  'references `&#65;` just under the markup cap': () => `<config><a>${underCap('&#65;')}</a></config>`,
  'empty elements `<a/>` just under the markup cap': () => `<config>${underCap('<a/>')}</config>`,
  'attributes `a="b"` just under the markup cap': () =>
    `<config><a ${underCap('a="b" ').replace(/x+$/, '')}/></config>`,
};

function detectMs(policy: string): { ms: number; code: number | null; reason: string } {
  const endpoint = makeEndpoint({ policyXml: policy });
  const state = mkdtempSync(path.join(os.tmpdir(), 'tetra-bench-state-'));
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    [BUNDLE, 'detect', '--offline', '--format', 'json', '--amp-dir', endpoint.root, '--state-dir', state],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  endpoint.remove();
  let reason: string;
  try {
    const policySource = JSON.parse(run.stdout).sources?.policy;
    reason = policySource?.state === 'failed' ? String(policySource.error).replace(/^.*policy\.xml: /, '') : 'read';
  } catch {
    reason = 'no JSON';
  }
  return { ms, code: run.status, reason };
}

export async function hostilePolicy(): Promise<Row[]> {
  const rows: Row[] = [];
  let baseline = 0;
  for (const [shape, make] of Object.entries(SHAPES)) {
    const { ms, code, reason } = detectMs(make());
    if (!baseline) baseline = ms;
    rows.push({
      name: `detect --offline, hostile policy.xml: ${shape}`,
      value: `${ms.toFixed(0)} ms (${(ms / baseline).toFixed(1)}x the well-formed file)`,
      target: '-',
      pass: null,
      note: `exit ${code}; policy.xml ${reason}`,
    });
  }
  return rows;
}

/** Run alone: prints the rows. */
export async function main(): Promise<void> {
  for (const r of await hostilePolicy()) console.log(`| ${r.name} | ${r.value} | ${r.note} |`);
}
