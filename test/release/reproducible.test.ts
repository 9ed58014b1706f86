// Reproducible anywhere: the sources copied to a second folder and built there (bundle, executables, release) give
// byte-identical files to the build in the repository, and no file names either folder. One second build, shared
// by every assertion (building the executables is the slow part: about a minute or two).
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { CACHE, DIST, ensureExecutables, ROOT, runNode } from '../helpers/exe';
import { readZip } from '../helpers/intunewinReader';

t.setTimeout(1_200_000);

const VERSION: string = require('../../package.json').version;
const NAME = `tetra-doctor-${VERSION}`;
/** What a build reads: the sources, the build scripts, the release's inputs. */
const SOURCES = ['package.json', 'tsconfig.json', 'CHANGELOG.md', 'build', 'src', 'deploy', 'intune', 'rmm', 'schema'];
const BUILT = ['tetra-doctor.cjs', 'tetra-doctor-linux-x64', 'tetra-doctor-win-x64.exe'];

function nodeIn(cwd: string, script: string, args: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd, timeout: 900_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

const occurrences = (bytes: Buffer, text: string) => {
  let n = 0;
  for (let at = bytes.indexOf(text); at !== -1; at = bytes.indexOf(text, at + 1)) n++;
  return n;
};

t.test('two builds in two folders', async (t) => {
  // Both builds from the sources as they are: dist/ may hold a bundle of older sources.
  const bundled = await runNode('build/bundle.mjs', []);
  t.equal(bundled.code, 0, 'the repository bundle is current', { output: bundled.output });
  const notBuilt = await ensureExecutables();
  if (notBuilt) {
    t.plan(0, `skipping the reproducibility test: ${notBuilt}`);
    return;
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tetra-repro-'));
  t.teardown(() => rmSync(scratch, { recursive: true, force: true }));
  const here = path.join(scratch, 'first-release');
  const made = await runNode('build/release/release.mjs', ['--out-dir', here]);
  t.equal(made.code, 0, 'the release of the repository build', { output: made.output });

  // The second folder: the sources copied, the installed packages and the cached Node binaries shared.
  const other = path.join(scratch, 'a', 'different', 'checkout');
  for (const entry of SOURCES) cpSync(path.join(ROOT, entry), path.join(other, entry), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(other, 'node_modules'), 'dir');
  symlinkSync(CACHE, path.join(other, '.cache'), 'dir');
  for (const [script, args] of [
    ['build/bundle.mjs', []],
    ['build/sea.mjs', []],
    ['build/release/release.mjs', []],
  ] as const) {
    const step = await nodeIn(other, script, [...args]);
    t.equal(step.code, 0, `${script} in the second folder`, { output: step.output.slice(-2000) });
  }

  for (const file of BUILT) {
    const first = readFileSync(path.join(DIST, file));
    const second = readFileSync(path.join(other, 'dist', file));
    t.ok(first.equals(second), `dist/${file}: byte-identical`);
    t.equal(occurrences(first, ROOT), 0, `dist/${file}: no build path inside`);
    t.equal(occurrences(second, other), 0, `dist/${file} of the second build: no build path inside`);
  }
  const firstZip = readFileSync(path.join(here, `${NAME}.zip`));
  const secondZip = readFileSync(path.join(other, 'release', `${NAME}.zip`));
  t.ok(firstZip.equals(secondZip), `${NAME}.zip: byte-identical`);
  for (const [name, bytes] of await readZip(firstZip)) {
    t.equal(occurrences(bytes, ROOT), 0, `${name}: no build path inside`);
    t.equal(occurrences(bytes, scratch), 0, `${name}: no scratch path inside`);
  }
});
