// Compiles a chunk of the bundle that was embedded as text (see build/bundle.mjs) and returns its exports.
import { compileFunction } from 'node:vm';

export function compileChunk(name: string, source: string): unknown {
  const module = { exports: {} as unknown };
  const wrapper = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: `${__filename}#${name}` });
  wrapper(module.exports, require, module, __filename, __dirname);
  return module.exports;
}
