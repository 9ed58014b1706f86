// Running elevated (SYSTEM under Intune), a path that people without admin rights can write is a path through
// which they could hand themselves SYSTEM: a program there could be swapped, a file there could steer the run.
// This checks paths one by one; unelevated runs cannot escalate anything and are not checked.
import { promises as fs } from 'node:fs';
import { isElevated } from './elevation';
import { runBounded } from './runBounded';
import { system32 } from './windowsPaths';

export { isElevatedGroupList } from './elevation';

export interface PathTrust {
  trusted: boolean;
  reason: string | null;
}

const TRUSTED: PathTrust = { trusted: true, reason: null };

/** Checks each existing path (absolute, already resolved); the first one non-admins can write decides. */
export async function checkPathsTrust(paths: string[]): Promise<PathTrust> {
  if (!(await isElevated())) return TRUSTED;
  for (const target of paths) {
    const verdict = process.platform === 'win32' ? await checkWindowsAcl(target) : await checkPosixOwnership(target);
    if (!verdict.trusted) return verdict;
  }
  return TRUSTED;
}

/** A folder alone (the state folder). */
export function checkFolderTrust(folder: string): Promise<PathTrust> {
  return checkPathsTrust([folder]);
}

async function checkPosixOwnership(target: string): Promise<PathTrust> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) return TRUSTED;
  if (stat.uid !== 0) return { trusted: false, reason: `${target} is owned by uid ${stat.uid}, not root` };
  if (stat.mode & 0o022)
    return {
      trusted: false,
      reason: `${target} is writable by group or others (mode ${(stat.mode & 0o777).toString(8)})`,
    };
  return TRUSTED;
}

async function checkWindowsAcl(target: string): Promise<PathTrust> {
  const exists = await fs.stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) return TRUSTED;
  const run = await runBounded(system32('icacls.exe'), [target], { timeoutMs: 5000, maxBytes: 256 * 1024 });
  if (run.spawnError || run.timedOut)
    return {
      trusted: false,
      reason: `the rights on ${target} could not be read (icacls ${run.spawnError ?? 'timed out'})`,
    };
  if (run.exitCode !== 0) return TRUSTED;
  const writer = nonAdminWriter(run.stdout.toString('utf8'));
  return writer ? { trusted: false, reason: `${target} is writable by ${writer}` } : TRUSTED;
}

// A principal starts a word (the lookbehind): `[^\s\\]+\\Domain Users` tried at every character of a long word
// would take quadratic time.
const NON_ADMIN_ACE =
  /(?<![^\s\\])(Everyone|BUILTIN\\Users|NT AUTHORITY\\Authenticated Users|NT AUTHORITY\\INTERACTIVE|[^\s\\]+\\Domain Users):((?:\([^)]*\))+)/gi;
const WRITE_RIGHTS = new Set(['F', 'M', 'W', 'WD', 'AD', 'GA', 'GW', 'WDAC', 'WO']);

/** The first non-admin principal that `icacls` output shows with a right to write, or null. */
export function nonAdminWriter(icaclsOutput: string): string | null {
  for (const [, principal, rights] of icaclsOutput.matchAll(NON_ADMIN_ACE)) {
    // Rights come as groups such as (OI)(CI)(M) or (RX,W); inheritance flags are not rights.
    const granted = [...rights.matchAll(/\(([^)]*)\)/g)].flatMap((m) => m[1].split(','));
    if (granted.some((right) => WRITE_RIGHTS.has(right.trim().toUpperCase()))) return principal;
  }
  return null;
}

const READ_RIGHTS = new Set(['F', 'M', 'R', 'RX', 'GR', 'GA', 'RD']);

/** The first of Everyone, Users, Authenticated Users, INTERACTIVE or Domain Users that `icacls` output shows with
 * a right to read (a credentials file's check), or null. */
export function nonOwnerReader(icaclsOutput: string): string | null {
  for (const [, principal, rights] of icaclsOutput.matchAll(NON_ADMIN_ACE)) {
    const granted = [...rights.matchAll(/\(([^)]*)\)/g)].flatMap((m) => m[1].split(','));
    if (granted.some((right) => READ_RIGHTS.has(right.trim().toUpperCase()))) return principal;
  }
  return null;
}
