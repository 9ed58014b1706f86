// What the single executables' build is made of: its scripts and the versions of the libraries that inject the
// blob. build/sea.mjs records it in dist/executables.json, and the tests rebuild when it differs. CommonJS, so that
// the tests' synchronous staleness check can require it without loading the build's libraries.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SCRIPTS = ['build/sea.mjs', 'build/sea-fingerprint.cjs', 'build/pe-signature.mjs', 'build/node-binaries.mjs'];
const LIBRARIES = ['postject', 'resedit'];

function builderSha256() {
  const hash = createHash('sha256');
  for (const file of SCRIPTS) hash.update(readFileSync(path.join(ROOT, file)));
  for (const library of LIBRARIES)
    hash.update(JSON.parse(readFileSync(path.join(ROOT, 'node_modules', library, 'package.json'), 'utf8')).version);
  return hash.digest('hex');
}

module.exports = { builderSha256 };
