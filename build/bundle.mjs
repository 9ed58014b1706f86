// Bundles the CLI into one CommonJS file that runs on a bare Node and inside a single-executable app.
//
// Start-up matters (Intune and RMMs start the tool on every endpoint, often), and V8 must at least scan every byte
// of a script it loads. The network layer (undici, the certificate parser) is most of the bytes and `detect
// --offline` needs none of it, so it is bundled on its own and embedded as a string: scanning a string literal is
// nearly free, and the chunk is compiled only when a command first goes on the network. Libraries that several
// chunks use (undici) are embedded once, as shared chunks of their own that those chunks require.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import path from 'node:path';
import { CACHE } from './node-binaries.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const LAZY_CHUNKS = {
  [path.resolve('src/probes/network.ts')]: 'network',
  [path.resolve('src/fleet/index.ts')]: 'fleet',
  [path.resolve('src/fleet/graphClient.ts')]: 'graph',
  [path.resolve('src/console/index.ts')]: 'console',
  [path.resolve('src/intune/index.ts')]: 'intune',
  [path.resolve('src/fleet/ship/index.ts')]: 'ship',
};

/** Packages left out of the lazy chunks and embedded once, compiled when a chunk first requires them. */
const SHARED_CHUNKS = ['undici', '@azure/identity'];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // yargs is ESM and reads import.meta.url; in a CommonJS bundle that must come from the file's own path.
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl', __TETRA_DOCTOR_VERSION__: JSON.stringify(pkg.version) },
};

const BROTLI_CACHE = path.join(CACHE, 'brotli');
/** The kept files this build used: the others are removed at its end, so the folder holds one build's chunks. */
const usedKept = new Set();

/**
 * The text compressed with Brotli, as base64. Brotli at its best quality is most of a build's time (about 7 s of CPU
 * for the chunks here, against under 1 s for esbuild), and the same text always compresses to the same bytes, so
 * they are kept in .cache/brotli/ under the text's hash and reused by the next build of an unchanged chunk (a build
 * after an edit, the test suite's second checkout). A kept file is used only when it decompresses to the text: a
 * torn or altered one is made again.
 */
function compressed(text) {
  const bytes = Buffer.from(text);
  const name = `${createHash('sha256').update(bytes).digest('hex')}.br`;
  const file = path.join(BROTLI_CACHE, name);
  usedKept.add(name);
  try {
    const kept = readFileSync(file);
    if (brotliDecompressSync(kept).equals(bytes)) return kept.toString('base64');
  } catch {
    // Not kept yet, or unreadable: compress below.
  }
  const made = brotliCompressSync(bytes);
  writeWhole(file, made);
  return made.toString('base64');
}

/** Written whole, then renamed into place: a reader (a test, another build) never sees a half-written file. */
function writeWhole(file, bytes) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.${process.pid}.tmp`, bytes);
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/** The PAC sandbox (pac-resolver, QuickJS with its WebAssembly) runs in a worker thread of its own: its source is
 * bundled whole and embedded, compressed, as __PAC_WORKER__ (see src/probes/proxy/pacRunner.ts). */
async function pacWorkerSource() {
  const result = await build({
    ...common,
    entryPoints: ['src/probes/proxy/pacWorker.ts'],
    supported: { 'dynamic-import': false },
    write: false,
  });
  return compressed(result.outputFiles[0].text);
}
common.define.__PAC_WORKER__ = JSON.stringify(await pacWorkerSource());

/** Packages yargs loads at start-up but uses only for help text, replaced by stand-ins that load them on first use,
 * and yargs' package.json search (escalade), replaced by one that finds nothing: build/deferred/<name>.mjs. */
const STAND_INS = { cliui: 'cliui', 'string-width': 'string-width', assert: 'assert', 'escalade/sync': 'escalade' };
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const deferHelpRendering = {
  name: 'defer-help-rendering',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${Object.keys(STAND_INS).map(escapeRegExp).join('|')})$`) }, (args) =>
      args.importer.includes(`${path.sep}yargs${path.sep}`)
        ? { path: path.resolve('build', 'deferred', `${STAND_INS[args.path]}.mjs`) }
        : undefined,
    );
  },
};

async function bundleChunk(entry) {
  // import() of a shared package must become require(): compiled chunks have no ES module loader.
  const result = await build({
    ...common,
    entryPoints: [entry],
    external: SHARED_CHUNKS,
    supported: { 'dynamic-import': false },
    plugins: [deferHelpRendering],
    write: false,
  });
  return result.outputFiles[0].text;
}

/** The code that compiles one embedded chunk; its `require` of a shared package goes to that package's chunk. */
async function chunkModule(name, entry) {
  const shared = SHARED_CHUNKS.map(
    (pkgName) => `${JSON.stringify(pkgName)}: () => require(${JSON.stringify(`shared-chunk:${pkgName}`)})`,
  ).join(', ');
  // Compressed: every start-up reads the whole file, and these chunks are most of it.
  const packed = compressed(await bundleChunk(entry));
  return `module.exports = require('./cli/compileChunk').compileChunk(${JSON.stringify(name)}, ${JSON.stringify(packed)}, { ${shared} });`;
}

/** Replaces `import('<lazy chunk>')` with a module that compiles the embedded chunk on first use. */
const embedLazyChunks = {
  name: 'embed-lazy-chunks',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const resolved = path.resolve(args.resolveDir, `${args.path}.ts`);
      if (args.kind !== 'dynamic-import' || !LAZY_CHUNKS[resolved]) return undefined;
      return { path: resolved, namespace: 'lazy-chunk' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-chunk' }, async (args) => ({
      loader: 'js',
      resolveDir: path.resolve('src'),
      contents: await chunkModule(LAZY_CHUNKS[args.path], args.path),
    }));
    // yargs is loaded only for a command line that needs it (src/cli/quickParse.ts): embedded like a shared chunk.
    b.onResolve({ filter: /^yargs$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: 'yargs', namespace: 'shared-chunk' } : undefined,
    );
    b.onResolve({ filter: /^shared-chunk:/ }, (args) => ({
      path: args.path.slice('shared-chunk:'.length),
      namespace: 'shared-chunk',
    }));
    b.onLoad({ filter: /.*/, namespace: 'shared-chunk' }, async (args) => ({
      loader: 'js',
      resolveDir: path.resolve('src'),
      contents: await chunkModule(args.path, path.resolve('node_modules', args.path)),
    }));
  },
};

const OUTFILE = 'dist/tetra-doctor.cjs';
const bundled = await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: OUTFILE,
  plugins: [embedLazyChunks, deferHelpRendering],
  write: false,
});
writeWhole(OUTFILE, bundled.outputFiles[0].contents);
for (const name of readdirSync(BROTLI_CACHE))
  if (name.endsWith('.br') && !usedKept.has(name)) rmSync(path.join(BROTLI_CACHE, name), { force: true });
