// Loaded into every test process (package.json, tap's node-arg): the test's scratch files (os.tmpdir(), for it and for
// the children it starts) go to a folder of its own on /dev/shm when that is a memory file system with room to spare.
//
// The suite writes some gigabytes of scratch: releases (an 84 MB exe, its .intunewin and a zip, each several
// times), a second checkout with its own executables, 100,000-result fleets. On this CI machine's virtual disk a
// write of 84 MB took 0.9 to 1.7 s, throttled by the kernel's dirty-page limit, against 0.05 s on /dev/shm (the
// reproducible-build test: 66 s -> 52 s). What the tests prove does not depend on where scratch lives: the tool takes
// its paths from its options. Elsewhere (no /dev/shm, another file system, too little room) nothing changes.
//
// The folder is removed when the test process ends. A run killed before that leaves it behind, so each start also
// removes the folders of test processes that no longer run (their pid is in the name).
import { chmodSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import path from 'node:path';

const SHM = '/dev/shm';
const PREFIX = 'tetra-doctor-test-';
/** statfs's f_type of tmpfs (linux/magic.h). */
const TMPFS_MAGIC = 0x01021994;
/** Room the suite's largest files need at once (two releases and a second build, with margin). */
const ROOM_BYTES = 4 * 1024 ** 3;

/** Whether scratch goes to /dev/shm on this machine. */
export function memoryFileSystemWithRoom() {
  try {
    const fs = statfsSync(SHM);
    return fs.type === TMPFS_MAGIC && fs.bavail * fs.bsize >= ROOM_BYTES;
  } catch {
    return false;
  }
}

function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function removeLeftovers() {
  for (const name of readdirSync(SHM)) {
    const pid = Number(/^tetra-doctor-test-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !running(pid)) rmSync(path.join(SHM, name), { recursive: true, force: true });
  }
}

if (memoryFileSystemWithRoom()) {
  removeLeftovers();
  const scratch = mkdtempSync(path.join(SHM, `${PREFIX}${process.pid}-`));
  // As /tmp is: Squid and Dante drop to users of their own and must reach their folders in here.
  chmodSync(scratch, 0o1777);
  process.env.TMPDIR = scratch;
  process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
}
