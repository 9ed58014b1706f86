// An ESLint rule that keeps imports pointing down the layers of src/ (README.md, "Development"): a module may import
// only from its own layer or lower ones. Imports are resolved to files, so a relative path cannot hide an upward step.
import path from 'node:path';

/** Lowest first. A top-level file of src/ is named without its extension; anything else by its folder. */
const LAYERS = [
  ['contract'],
  ['system'],
  ['discover'],
  ['evidence'],
  ['probes'],
  ['diagnose'],
  ['state'],
  ['render'],
  ['run'],
  ['remediate'],
  ['console'],
  ['fleet'],
  ['intune'],
  ['cli'],
];

/** The part of src/ a path belongs to ('diagnose', 'options', ...), or null outside src/. */
function unitOf(srcRoot, file) {
  const relative = path.relative(srcRoot, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const [first, ...rest] = relative.split(path.sep);
  return rest.length === 0 ? first.replace(/\.[cm]?[jt]sx?$/, '').replace(/\.d$/, '') : first;
}

const layerOf = (unit) => LAYERS.findIndex((names) => names.includes(unit));

const importsPointDown = {
  meta: {
    type: 'problem',
    docs: { description: 'imports in src/ point down the layers only' },
    schema: [],
    messages: {
      upward:
        '{{from}} (layer {{fromLayer}}) may not import {{to}} (layer {{toLayer}}): imports point down the layers only.',
      unlisted:
        'src/{{unit}} is in no layer: add it to LAYERS in build/eslint/layers.mjs (and to the layer list in the docs).',
    },
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const srcRoot = path.join(context.cwd, 'src');
    const from = unitOf(srcRoot, file);
    if (from === null) return {};
    const fromLayer = layerOf(from);
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const to = unitOf(srcRoot, path.resolve(path.dirname(file), specifier));
      if (to === null || to === from) return;
      const toLayer = layerOf(to);
      if (fromLayer < 0) return context.report({ node, messageId: 'unlisted', data: { unit: from } });
      if (toLayer < 0) return context.report({ node, messageId: 'unlisted', data: { unit: to } });
      if (toLayer > fromLayer) {
        context.report({
          node,
          messageId: 'upward',
          data: { from: `src/${from}`, fromLayer: fromLayer + 1, to: `src/${to}`, toLayer: toLayer + 1 },
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node.moduleReference, node.moduleReference.expression.value),
      CallExpression: (node) => {
        const [arg] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal')
          check(arg, arg.value);
      },
    };
  },
};

export default { meta: { name: 'tetra-doctor-layers' }, rules: { 'imports-point-down': importsPointDown } };
