'use strict';
// The entry point of the Linux executable (see build/sea.mjs), and, run by the build outside an executable, the
// trainer that makes its code cache.
//
// Node's own SEA code cache (`useCodeCache`) holds only what V8 compiles before the script runs: the top level of
// the bundle. Every function a run calls is still compiled when it is first called, and for `detect --offline`
// that is most of what the bundle adds to Node's own start. So the executable carries the bundle as an asset and a
// code cache that V8 wrote after a real `detect --offline` run (`createCachedData()` after running holds the
// functions compiled by then), and this file compiles the bundle with it. V8 checks the cache against its own
// version, its flags and the source, and compiles from the source alone when the cache does not fit.
//
// Trainer: `node --random-seed=1 sea-main.cjs BUNDLE CACHE_OUT ARGS...` compiles BUNDLE exactly as the executable
// does, runs it with ARGS, and writes the code cache when the run exits (the CLI always ends with process.exit).
// A fixed seed keeps the cache, and so the executable, the same on every build (see prepareBlob in sea.mjs).
const sea = require('node:sea');
const { Script } = require('node:vm');

/** Compiles the bundle the way Node wraps a CommonJS module; the same text in both modes, or V8 rejects the cache. */
function compileBundle(source, cachedData) {
  return new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: 'tetra-doctor.cjs',
    cachedData,
  });
}

/** The executable's `require` loads built-in modules only, which is all the bundle asks for. */
function runBundle(script) {
  script.runInThisContext()(module.exports, require, module, __filename, __dirname);
}

if (sea.isSea()) {
  runBundle(compileBundle(sea.getAsset('tetra-doctor.cjs', 'utf8'), Buffer.from(sea.getRawAsset('code-cache'))));
} else if (require.main === module) {
  const { readFileSync, writeFileSync } = require('node:fs');
  const [bundlePath, cacheOut, ...args] = process.argv.slice(2);
  const script = compileBundle(readFileSync(bundlePath, 'utf8'));
  process.argv = [process.argv[0], bundlePath, ...args];
  process.on('exit', () => writeFileSync(cacheOut, script.createCachedData()));
  runBundle(script);
} else {
  // Required by a test, which checks that a trained cache is one the plain embedded Node accepts.
  module.exports = { compileBundle };
}
