// Compiles a chunk of the bundle that was embedded as text (see build/bundle.mjs) and returns its exports. Its
// `require` of a shared package (undici) loads that package's own embedded chunk, once for all chunks.
import { compileFunction } from 'node:vm';
import { brotliDecompressSync } from 'node:zlib';

type SharedChunks = Record<string, () => unknown>;

/** `packed` is the chunk's source, brotli-compressed and base64-encoded by the bundler. */
export function compileChunk(name: string, packed: string, shared: SharedChunks = {}): unknown {
  const source = brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');
  const module = { exports: {} as unknown };
  // What a chunk needs besides its shared chunks is a Node built-in, loaded the way the chunk asks for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const chunkRequire = (id: string) => (Object.hasOwn(shared, id) ? shared[id]() : require(id));
  const wrapper = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], {
    filename: `${__filename}#${name}`,
  });
  wrapper(module.exports, chunkRequire, module, __filename, __dirname);
  return module.exports;
}
