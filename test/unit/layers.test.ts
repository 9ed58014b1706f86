// The lint rule that keeps src/'s imports pointing down the layers: ESLint itself, with the repository's config, is
// handed code at paths inside src/ and must reject an upward import and accept a downward one.
import { ESLint } from 'eslint';
import path from 'node:path';
import t from 'tap';

const ROOT = path.resolve(__dirname, '../..');
const RULE = 'layers/imports-point-down';

async function layerErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

t.test('an upward import is an error, whatever form it takes', async (t) => {
  const upward: Array<[string, string]> = [
    [
      'src/diagnose/rules/example.ts',
      "import { renderLine } from '../../render/line';\nexport const x = renderLine;\n",
    ],
    ['src/discover/example.ts', "import type { Snapshot } from '../evidence/gather';\nexport type X = Snapshot;\n"],
    ['src/remediate/example.ts', "export { runDiagnosis } from '../cli/runDiagnosis';\n"],
    ['src/render/example.ts', "export * from '../fleet/types';\n"],
    ['src/contract/options.ts', "const cli = require('../cli/main');\nexport default cli;\n"],
    ['src/probes/example.ts', "export const later = () => import('../run/diagnosis');\n"],
  ];
  for (const [file, code] of upward) {
    const errors = await layerErrors(file, code);
    t.equal(errors.length, 1, `${file}: ${code.split('\n')[0]}`);
    t.match(errors[0] ?? '', /may not import src\/\w+ \(layer \d+\): imports point down the layers only/);
  }
});

t.test('imports down the layers, within a layer and of packages are fine', async (t) => {
  const fine: Array<[string, string]> = [
    [
      'src/cli/example.ts',
      "import { EXIT } from '../contract/exitCodes';\nimport { renderLine } from '../render/line';\nexport const x = [EXIT, renderLine];\n",
    ],
    [
      'src/fleet/render/example.ts',
      "import { causeName } from './labels';\nimport { FINDINGS } from '../../contract/findings';\nexport const x = [causeName, FINDINGS];\n",
    ],
    [
      'src/diagnose/example.ts',
      "import fc from 'node:fs';\nimport type { Snapshot } from '../contract/types';\nexport const x = fc;\nexport type S = Snapshot;\n",
    ],
  ];
  for (const [file, code] of fine) t.same(await layerErrors(file, code), [], file);
});

t.test('a folder of src/ that is in no layer is reported, so the list stays complete', async (t) => {
  const errors = await layerErrors(
    'src/newthing/example.ts',
    "import { EXIT } from '../contract/exitCodes';\nexport const x = EXIT;\n",
  );
  t.match(errors, [/src\/newthing is in no layer/]);
});
