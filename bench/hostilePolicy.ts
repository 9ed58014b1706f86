// The largest policy.xml tetra-doctor reads (16 MiB, its cap), in the shapes that made its pre-checks and parser
// slowest, read by `detect --offline` against a fixture install; the baseline is the same command on a well-formed
// 16 MiB policy.xml (a comment pads it) in the same run. Run alone: node build/run-ts.mjs bench/hostilePolicy.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeEndpoint, policyXml } from '../test/helpers/endpoint';
import { BUNDLE } from '../test/helpers/paths';
import type { Row } from './run';

const SIZE = 16 * 1024 * 1024 - 4096;
const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

/** Hostile shapes: what each made slow before (quadratic pre-check, backtracking pattern) or is slowest now. */
const SHAPES: Record<string, () => string> = {
  'well-formed, padded by a comment (baseline)': () => policyXml().replace('<config>', `<config><!--${fill('x')}-->`),
  '`<a` repeated without `>` (the old nesting pre-check: quadratic)': () => `<config>${fill('<a')}</config>`,
  'an attribute soup of `< ` (the slowest shape for the XML validator)': () => `<config><a ${fill('< ')}</config>`,
  'references `&#65;&amp;&lt;` repeated': () => `<config><a>${fill('&#65;&amp;&lt;')}</a></config>`,
  'empty elements `<a/>` repeated': () => `<config>${fill('<a/>')}</config>`,
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
      name: `detect --offline, 16 MiB policy.xml: ${shape}`,
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
