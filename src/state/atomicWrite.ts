// Writes a state file so that a reader sees either the old content or the new, never half of either.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  // A unique temporary name per writer: two runs replacing the same file must not share a half-written temp.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, content, { mode: 0o600 });
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}
