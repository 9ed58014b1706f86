// Builds the single-file executables dist/tetra-doctor-linux-x64 and dist/tetra-doctor-win-x64.exe from the bundle
// (dist/tetra-doctor.cjs, made by build/bundle.mjs) with Node's single-executable applications (SEA):
//   1. the SEA blob is prepared by the official Linux Node of exactly the embedded version (a blob is tied to the
//      Node version that reads it; the machine's own Node may be another one);
//   2. each target's official Node binary is copied; the Windows one loses its Authenticode signature, which the
//      injection would invalidate;
//   3. the blob is injected as the NODE_SEA_BLOB resource and the fuse is flipped: into the ELF file with postject's
//      JavaScript API; into the PE file with resedit, which does in about a second what postject's LIEF (compiled to
//      WebAssembly) took some 15 s for on the 84 MB image (resedit also stamps the release's version resource).
// Usage: node build/sea.mjs [--out-dir DIR] [--targets linux-x64,win-x64]
// Writes DIR/executables.json, which records what the files were built from (tests use it to know when to rebuild).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { inject } from 'postject';
import { NtExecutable, NtExecutableResource } from 'resedit';
import { CACHE, ensureNodeBinary, ROOT, seaNodeVersion, TARGETS } from './node-binaries.mjs';
import { removeSignature, updatePeChecksum } from './pe-signature.mjs';
import { builderSha256 } from './sea-fingerprint.cjs';

export const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
export const RESOURCE_NAME = 'NODE_SEA_BLOB';
export const OUTPUT_NAMES = { 'linux-x64': 'tetra-doctor-linux-x64', 'win-x64': 'tetra-doctor-win-x64.exe' };

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

const log = (message) => process.stderr.write(`sea: ${message}\n`);

/**
 * Prepares the SEA blob for the bundle with the embedded Node itself. The bundle is copied into the scratch folder
 * and named relatively, so that no absolute build path ends up in the blob (the blob records `main` as given).
 *
 * `codeCache`: V8's compiled code for the bundle, made by this Node and valid only on its platform, so only the
 * Linux executable (whose blob is made by the Linux Node) gets it; the Windows blob is the script alone. V8 draws
 * a random seed on every start and the cache records what it shaped, so two builds would differ: a fixed
 * --random-seed makes the cache, and so the executable, the same on every build. (--hash-seed would do that too,
 * but it enters V8's flag hash, and the executable would then reject the cache: "Code cache data rejected".)
 */
function prepareBlob(bundlePath, linuxNode, scratch, codeCache) {
  const name = codeCache ? 'code-cache' : 'script';
  const blobName = `sea-prep-${name}.blob`;
  const configPath = path.join(scratch, `sea-config-${name}.json`);
  copyFileSync(bundlePath, path.join(scratch, 'tetra-doctor.cjs'));
  writeFileSync(
    configPath,
    JSON.stringify({
      main: 'tetra-doctor.cjs',
      output: blobName,
      useCodeCache: codeCache,
      // A snapshot would need the bundle rewritten for Node's snapshot entry point; the code cache does not.
      useSnapshot: false,
      disableExperimentalSEAWarning: true,
    }),
  );
  const seeds = codeCache ? ['--random-seed=1'] : [];
  execFileSync(linuxNode, [...seeds, '--experimental-sea-config', path.basename(configPath)], {
    cwd: scratch,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return readFileSync(path.join(scratch, blobName));
}

const RT_RCDATA = 10;

/**
 * The blob as the RCDATA resource NODE_SEA_BLOB, where a Windows SEA looks for it at start (postject's
 * FindResource: type RT_RCDATA, the name in capitals, whatever the language), and the fuse flipped, as postject
 * does for a PE file. The header checksum is made true to the new file, as signing tools expect.
 */
function injectIntoPe(image, blob) {
  const exe = NtExecutable.from(image);
  const resources = NtExecutableResource.from(exe);
  if (resources.entries.some((entry) => entry.type === RT_RCDATA && entry.id === RESOURCE_NAME))
    throw new Error(`the image already holds a ${RESOURCE_NAME} resource`);
  const bin = blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.length);
  resources.entries.push({ type: RT_RCDATA, id: RESOURCE_NAME, lang: 0, codepage: 0, bin });
  resources.outputResource(exe);
  const built = Buffer.from(exe.generate());
  const fuse = built.indexOf(`${SENTINEL_FUSE}:0`);
  if (fuse === -1) throw new Error('the SEA fuse is gone from the rebuilt image');
  built.write('1', fuse + SENTINEL_FUSE.length + 1, 'latin1');
  return updatePeChecksum(built);
}

async function buildTarget(target, blob, outDir, scratch) {
  const nodeBinary = ensureNodeBinary(target, undefined, log);
  let image = readFileSync(nodeBinary);
  if (target === 'win-x64') {
    const { image: unsigned, removed } = removeSignature(image);
    if (removed)
      log(
        `removed the Authenticode signature of ${path.basename(nodeBinary)} (${image.length - unsigned.length} bytes)`,
      );
    image = unsigned;
  }
  if (image.indexOf(`${SENTINEL_FUSE}:0`) === -1)
    throw new Error(`${nodeBinary} has no unflipped SEA fuse; is it an official Node build?`);
  const work = path.join(scratch, OUTPUT_NAMES[target]);
  if (target === 'win-x64') {
    writeFileSync(work, injectIntoPe(image, blob));
  } else {
    writeFileSync(work, image);
    // eslint-disable-next-line no-useless-assignment -- drops the only reference to a large buffer before injecting
    image = null;
    // postject prints LIEF's warnings to stdout; the build's stdout is not part of any contract, so let them through.
    await inject(work, RESOURCE_NAME, blob, { sentinelFuse: SENTINEL_FUSE, overwrite: false });
  }
  chmodSync(work, 0o755);
  const output = path.join(outDir, OUTPUT_NAMES[target]);
  renameSync(work, output);
  return output;
}

export async function buildExecutables({
  outDir = path.join(ROOT, 'dist'),
  targets = Object.keys(OUTPUT_NAMES),
  bundlePath = path.join(ROOT, 'dist', 'tetra-doctor.cjs'),
} = {}) {
  const version = seaNodeVersion();
  const bundle = readFileSync(bundlePath);
  mkdirSync(outDir, { recursive: true });
  mkdirSync(CACHE, { recursive: true });
  // Scratch space on the same file system as the output, so that finished files are moved into place atomically.
  const scratch = mkdtempSync(path.join(outDir, '.sea-'));
  try {
    const linuxNode = ensureNodeBinary('linux-x64', version, log);
    const blobs = {
      'linux-x64': prepareBlob(bundlePath, linuxNode, scratch, true),
      'win-x64': prepareBlob(bundlePath, linuxNode, scratch, false),
    };
    const outputs = {};
    for (const target of targets) {
      if (!TARGETS[target]) throw new Error(`unknown target ${target}`);
      const started = Date.now();
      const file = await buildTarget(target, blobs[target], outDir, scratch);
      const bytes = readFileSync(file);
      outputs[target] = { file: path.basename(file), bytes: bytes.length, sha256: sha256(bytes) };
      log(
        `${path.relative(ROOT, file) || file}: ${(bytes.length / 1048576).toFixed(1)} MiB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    const manifest = {
      nodeVersion: version,
      builderSha256: builderSha256(),
      bundleSha256: sha256(bundle),
      blobSha256: sha256(Buffer.concat([blobs['linux-x64'], blobs['win-x64']])),
      outputs,
    };
    writeFileSync(path.join(outDir, 'executables.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, targets: { type: 'string' } } });
  try {
    await buildExecutables({
      outDir: values['out-dir'] ? path.resolve(values['out-dir']) : undefined,
      targets: values.targets ? values.targets.split(',') : undefined,
    });
  } catch (err) {
    log(`build failed: ${err.message}`);
    process.exit(1);
  }
}
