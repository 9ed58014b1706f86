// Where tetra-doctor keeps its state (history, cooldown, lock), and creating that folder for administrators only.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeFolder } from '../system/makeFolder';
import { checkFolderTrust } from '../system/pathTrust';
import { runBounded } from '../system/runBounded';
import { system32 } from '../system/windowsPaths';

export class StateDirUntrusted extends Error {}

/**
 * Windows: %ProgramData%\tetra-doctor, shared by Intune, an RMM and an admin's console, all running elevated.
 * Elsewhere (development, CI): /var/lib/tetra-doctor for root, else the user's XDG state folder. Never a world-writable
 * temporary folder: the lock and history must not be plantable by another user.
 */
function defaultStateDir(): string {
  if (process.platform === 'win32') return path.join(process.env.ProgramData ?? 'C:\\ProgramData', 'tetra-doctor');
  if (typeof process.getuid === 'function' && process.getuid() === 0) return '/var/lib/tetra-doctor';
  const stateHome = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(stateHome, 'tetra-doctor');
}

export function resolveStateDir(option: string | null): string {
  return option ? path.resolve(option) : defaultStateDir();
}

/** Creates the folder when missing; a folder created here is restricted to administrators (Windows) or its owner. */
export async function ensureStateDir(dir: string): Promise<void> {
  const created = await makeFolder(dir, 0o700);
  if (!created) {
    // A lock, cooldown or history that non-admins can plant would steer a SYSTEM process: refuse such a folder.
    const trust = await checkFolderTrust(dir);
    if (!trust.trusted) throw new StateDirUntrusted(trust.reason ?? `${dir} is not restricted to administrators`);
    return;
  }
  if (process.platform === 'win32') await restrictToAdministrators(dir);
  else await fs.chmod(dir, 0o700);
}

/** The icacls arguments that drop inherited rights and grant full control to Administrators and SYSTEM only. */
export function icaclsArguments(dir: string): string[] {
  // SIDs, not names: group names are localised ("Administrateurs", "Administratoren").
  return [dir, '/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '*S-1-5-18:(OI)(CI)F'];
}

async function restrictToAdministrators(dir: string): Promise<void> {
  // An absolute System32 path: a planted icacls.exe earlier on PATH is never run.
  const icacls = system32('icacls.exe');
  const run = await runBounded(icacls, icaclsArguments(dir), { timeoutMs: 30_000, maxBytes: 64 * 1024 });
  if (run.spawnError || run.timedOut || run.exitCode !== 0) {
    // A folder whose rights could not be narrowed is removed again rather than left open to every user.
    await fs.rm(dir, { recursive: true, force: true });
    throw new Error(
      `could not restrict ${dir} to administrators (icacls ${run.spawnError ?? (run.timedOut ? 'timed out' : `exited with ${run.exitCode}`)})`,
    );
  }
}
