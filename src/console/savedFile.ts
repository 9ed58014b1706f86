// Files the `policy` command writes on an admin's machine hold the proxy password (the policy XML, byte for byte).
// Each is written to a file created fresh in the output folder (O_EXCL: never an existing file, O_NOFOLLOW: never
// through a link), readable by its owner only: mode 0600 on POSIX; on Windows an ACL without inheritance that grants
// the user, SYSTEM and Administrators only. It then takes the target name, replacing only a file tetra-doctor wrote
// there before: a regular file of this user with mode 0600 (POSIX), a single link. Anything else at the name (a link,
// a folder, another user's file, a file with other modes) is left alone and the policy reports an error.
import { constants, promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { runBounded } from '../system/runBounded';
import { system32 } from '../system/windowsPaths';

const WINDOWS = process.platform === 'win32';

/** Writes `content` to `file` as described above; throws an Error in plain words when it must not. */
export async function writeOwnerOnlyFile(file: string, content: string): Promise<void> {
  await mayReplace(file);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(
    temporary,
    constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0),
    0o600,
  );
  try {
    if (WINDOWS) await restrictWindowsAcl(temporary);
    await handle.writeFile(content);
  } catch (err) {
    await handle.close();
    await fs.rm(temporary, { force: true });
    throw err;
  }
  await handle.close();
  try {
    // Checked again right before: the name may have changed hands while the content was written.
    await mayReplace(file);
    await fs.rename(temporary, file);
  } catch (err) {
    await fs.rm(temporary, { force: true });
    throw err;
  }
}

/** Throws unless `file` is absent or a file an earlier run wrote (see above). */
async function mayReplace(file: string): Promise<void> {
  let stat;
  try {
    stat = await fs.lstat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const own = WINDOWS || (stat.uid === process.getuid?.() && (stat.mode & 0o777) === 0o600);
  if (stat.isSymbolicLink()) throw new Error(`${file} is a symbolic link: not followed, not replaced`);
  if (!stat.isFile() || stat.nlink !== 1 || !own)
    throw new Error(`${file} exists and is not a file tetra-doctor wrote (owner-only, mode 0600): not replaced`);
}

/** The Windows equivalent of 0600: inheritance off, full control for the user, SYSTEM and Administrators only. */
async function restrictWindowsAcl(file: string): Promise<void> {
  const user = process.env.USERNAME
    ? `${process.env.USERDOMAIN ? `${process.env.USERDOMAIN}\\` : ''}${process.env.USERNAME}`
    : null;
  if (!user) throw new Error('the current user is not known (USERNAME): the file could not be made owner-only');
  const run = await runBounded(
    system32('icacls.exe'),
    [file, '/inheritance:r', '/grant:r', `${user}:F`, '*S-1-5-18:F', '*S-1-5-32-544:F'],
    { timeoutMs: 15_000, maxBytes: 64 * 1024 },
  );
  if (run.exitCode !== 0)
    throw new Error(
      `icacls could not make ${path.basename(file)} owner-only (${run.spawnError ?? `exit ${run.exitCode}`})`,
    );
}
