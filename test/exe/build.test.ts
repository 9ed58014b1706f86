// How the single executables are made: the Windows one loses the Node binary's Authenticode signature, both carry
// the blob behind a flipped SEA fuse, and the version is compiled in. That two builds give the same bytes, even in
// two different folders, is test/release/reproducible.test.ts's (a second build here would only repeat it).
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { BUNDLE } from '../helpers/paths';
import {
  CACHE,
  DIST,
  ensureExecutables,
  LINUX_EXE,
  readManifest,
  ROOT,
  runNode,
  seaNodeVersion,
  sha256File,
  WINDOWS_EXE,
} from '../helpers/exe';

// Building the executables (on the first run, or after the bundle changed) takes a minute or two, more on a busy
// machine, and Wine is slow to start: this file gets more than tap's default time.
t.setTimeout(600_000);

const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const VERSION = require('../../package.json').version;

interface SignatureReport {
  signed: boolean;
  certificateTable: { offset: number; size: number } | null;
  checksum: number;
  checksumValid: boolean;
}

async function signatureReport(t: Test, file: string): Promise<SignatureReport> {
  const run = await runNode('build/pe-signature.mjs', [file]);
  t.equal(run.code, 0, 'exit 0', { output: run.output });
  return JSON.parse(run.output.trim().split('\n')[0]) as SignatureReport;
}

/** Runs an ES module snippet with Node, in the repository root; resolves to its exit code and output. */
function runModule(source: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', source, '--', ...args],
      { cwd: ROOT, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

const count = (haystack: Buffer, needle: string) => {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) n++;
  return n;
};

t.test('single executables', async (t) => {
  const notBuilt = await ensureExecutables();
  if (notBuilt) {
    t.plan(0, `skipping the single-executable build tests: ${notBuilt}`);
    return;
  }

  t.test('the official node.exe is signed; the built .exe is not, and its header checksum is right', async (t) => {
    const official = path.join(CACHE, 'node', seaNodeVersion(), 'win-x64', 'node.exe');
    t.ok(existsSync(official), 'the official binary is cached');
    const before = await signatureReport(t, official);
    t.equal(before.signed, true, 'Node ships node.exe signed');
    t.ok(before.checksumValid, 'our checksum agrees with the one the signer wrote');
    const after = await signatureReport(t, WINDOWS_EXE);
    t.equal(after.signed, false, 'no certificate table in the built .exe');
    t.equal(after.certificateTable, null);
    t.ok(after.checksumValid, 'header checksum matches the file');
  });

  t.test(
    'removing a signature gives back the unsigned image byte for byte, and refuses a table that is not last',
    async (t) => {
      // Signs the built (unsigned) .exe with a made-up certificate table the way signing tools lay it out, then strips it.
      const source = `
      import { readFileSync } from 'node:fs';
      import { certificateTable, peLayout, removeSignature, updatePeChecksum } from './build/pe-signature.mjs';
      const unsigned = readFileSync(process.argv[1]);
      const body = Buffer.alloc(1500, 7);
      const entry = Buffer.alloc(8 + body.length + ((8 - ((8 + body.length) % 8)) % 8));
      entry.writeUInt32LE(8 + body.length, 0); entry.writeUInt16LE(0x0200, 4); entry.writeUInt16LE(0x0002, 6); body.copy(entry, 8);
      const signed = Buffer.concat([unsigned, entry]);
      const dir = peLayout(signed).dataDirectories + 4 * 8;
      signed.writeUInt32LE(unsigned.length, dir); signed.writeUInt32LE(entry.length, dir + 4);
      updatePeChecksum(signed);
      const table = certificateTable(signed);
      const { image, removed } = removeSignature(signed);
      let refused = null;
      try { removeSignature(Buffer.concat([signed, Buffer.from('appended after the table')])); } catch (err) { refused = err.message; }
      const unchanged = removeSignature(unsigned);
      console.log(JSON.stringify({ table, removed, identical: image.equals(unsigned), refused, unsignedUntouched: unchanged.removed === false && unchanged.image === unsigned }));
    `;
      const run = await runModule(source, [WINDOWS_EXE]);
      t.equal(run.code, 0, 'exit 0', { output: run.output });
      const result = JSON.parse(run.output);
      t.same(result.table?.size, 1512, 'the made-up table is found');
      t.equal(result.removed, true);
      t.equal(result.identical, true, 'stripping restores the exact bytes, checksum included');
      t.match(result.refused, /does not end the file/, 'data after the table is never cut off');
      t.equal(result.unsignedUntouched, true, 'an unsigned file is left as it is');
    },
  );

  t.test('each executable carries the blob behind the flipped SEA fuse, exactly once', async (t) => {
    for (const file of [LINUX_EXE, WINDOWS_EXE]) {
      const bytes = readFileSync(file);
      t.equal(count(bytes, `${FUSE}:1`), 1, `${path.basename(file)}: fuse flipped`);
      t.equal(count(bytes, `${FUSE}:0`), 0, `${path.basename(file)}: no unflipped fuse left`);
    }
    const manifest = readManifest();
    t.equal(manifest?.nodeVersion, seaNodeVersion(), 'built from the pinned Node');
    for (const output of Object.values(manifest?.outputs ?? {}))
      t.equal(sha256File(path.join(DIST, output.file)), output.sha256, `${output.file} is what the build recorded`);
  });

  t.test('--version prints the compiled-in version wherever the executable is and whatever it is called', async (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-exe-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const moved = path.join(dir, 'td');
    try {
      linkSync(LINUX_EXE, moved);
    } catch {
      // Another file system (scratch on /dev/shm): a hard link is not possible there, a copy is.
      copyFileSync(LINUX_EXE, moved);
    }
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(moved, ['--version'], { cwd: dir }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
      });
    });
    t.equal(run.code, 0);
    t.equal(run.stdout.trim(), VERSION);
    t.equal(run.stderr, '');
  });
});

t.test(
  "a torn file among the bundle build's kept Brotli output is made again, and the bundle stays the same",
  async (t) => {
    const first = await runNode('build/bundle.mjs', []);
    t.equal(first.code, 0, 'bundled', { output: first.output });
    const before = sha256File(BUNDLE);
    const kept = path.join(CACHE, 'brotli');
    const size = (name: string) => statSync(path.join(kept, name)).size;
    const [smallest] = readdirSync(kept)
      .filter((name) => name.endsWith('.br'))
      .sort((a, b) => size(a) - size(b));
    t.ok(smallest, 'the build keeps its compressed chunks');
    writeFileSync(path.join(kept, smallest!), 'torn');
    writeFileSync(path.join(kept, '0000.br'), 'a chunk that no build makes any more');
    const second = await runNode('build/bundle.mjs', []);
    t.equal(second.code, 0, 'bundled again', { output: second.output });
    t.equal(sha256File(BUNDLE), before, 'the same bundle');
    t.not(readFileSync(path.join(kept, smallest!), 'utf8'), 'torn', 'the torn file is made again');
    t.notOk(existsSync(path.join(kept, '0000.br')), 'a kept file the build did not use is removed');
  },
);
