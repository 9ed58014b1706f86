// The suite's own harness: a child process a test starts is an admin's plain run, without tap's process tracker
// (test/helpers/untrackedChildren.mjs), which would more than double the CPU of every CLI run in the suite, nor the
// machine's extra CA bundle; and its scratch files are in memory where the machine allows (test/helpers/scratchInMemory.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';

/** Read before this file imports anything that could set it. */
const scratchAtStart = os.tmpdir();

t.test("a test's child node process loads nothing of tap's", async (t) => {
  const child = spawnSync(process.execPath, [
    '-p',
    'JSON.stringify([process.env.NODE_OPTIONS ?? "", process.execArgv])',
  ]);
  t.equal(child.status, 0);
  t.notMatch(child.stdout.toString(), /processinfo/);
});

t.test("a test's children do not inherit the machine's NODE_EXTRA_CA_CERTS", async (t) => {
  // Loaded into a fresh node that was given the variable, as tap gives it to every test process on such a machine.
  const child = spawnSync(
    process.execPath,
    ['--import=./test/helpers/untrackedChildren.mjs', '-p', '"NODE_EXTRA_CA_CERTS" in process.env'],
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' } },
  );
  t.equal(child.status, 0, child.stderr.toString());
  t.equal(child.stdout.toString().trim(), 'false');
});

t.test(
  "a test's scratch is a folder of its own on /dev/shm, when that is a memory file system with room",
  async (t) => {
    // Already loaded into this process (package.json's node-arg), so importing it again only hands over the function.
    const { memoryFileSystemWithRoom } = (await import(path.join(__dirname, '../helpers/scratchInMemory.mjs'))) as {
      memoryFileSystemWithRoom(): boolean;
    };
    if (!memoryFileSystemWithRoom()) {
      t.plan(0, '/dev/shm is not a memory file system with 4 GiB free here: scratch stays where os.tmpdir() says');
      return;
    }
    t.match(scratchAtStart, new RegExp(`^/dev/shm/tetra-doctor-test-${process.pid}-`), 'this test process');
    t.equal(statSync(scratchAtStart).mode & 0o7777, 0o1777, "as /tmp is: Squid's and Dante's own users reach in");
    // A folder left by a test process that no longer runs (the largest pid Linux hands out is 4194304).
    const left = mkdtempSync('/dev/shm/tetra-doctor-test-4194305-');
    writeFileSync(path.join(left, 'release.zip'), 'x');
    const child = spawnSync(
      process.execPath,
      ['--import=./test/helpers/scratchInMemory.mjs', '-p', 'require("node:os").tmpdir()'],
      { env: { ...process.env, TMPDIR: '/tmp' } },
    );
    t.equal(child.status, 0, child.stderr.toString());
    const childScratch = child.stdout.toString().trim();
    t.match(childScratch, /^\/dev\/shm\/tetra-doctor-test-\d+-/, 'a new test process, whatever TMPDIR it was given');
    t.notOk(existsSync(childScratch), 'its folder is gone when it ends');
    t.notOk(existsSync(left), "a dead test process's folder is removed by the next one");
  },
);
