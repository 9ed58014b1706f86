// Writes a state file so that a reader sees either the old content or the new, never half of either.
import { promises as fs } from 'node:fs';

let written = 0;
const STARTED = Date.now().toString(36);

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  // A unique temporary name per writer: two runs replacing the same file must not share a half-written temp. The
  // process id tells live runs apart, the start time a run from an earlier one that had the same id and left a
  // temp behind, and the counter the writes of one run; 'wx' (O_EXCL) refuses any file already there, a leftover or
  // a planted link alike. (node:crypto's random bytes are not needed for that, and loading node:crypto costs every
  // run a few milliseconds at start-up.)
  written += 1;
  const temp = `${file}.${process.pid}.${STARTED}.${written}.tmp`;
  try {
    await fs.writeFile(temp, content, { mode: 0o600, flag: 'wx' });
    await fs.rename(temp, file);
  } catch (err) {
    // A temp that was there already is not ours to remove.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') await fs.rm(temp, { force: true });
    throw err;
  }
}
