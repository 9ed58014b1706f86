// Running elevated (SYSTEM under Intune), tetra-doctor executes AmpCLI.exe and sfc.exe from the install folder and
// trusts what local.xml says. If people without admin rights could write there, that would hand them SYSTEM, so
// such a folder is refused. Unelevated runs cannot escalate anything and are not checked.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runBounded } from '../evidence/runBounded';

export interface FolderTrust {
  trusted: boolean;
  reason: string | null;
}

const TRUSTED: FolderTrust = { trusted: true, reason: null };

/** Checks the folder and the named files in it. */
export async function checkFolderTrust(folder: string, files: string[] = []): Promise<FolderTrust> {
  if (process.platform === 'win32') return (await isElevatedOnWindows()) ? checkWindowsAcl(folder) : TRUSTED;
  if (process.getuid?.() !== 0) return TRUSTED;
  for (const target of [folder, ...files.map((f) => path.join(folder, f))]) {
    const verdict = await checkPosixOwnership(target);
    if (!verdict.trusted) return verdict;
  }
  return TRUSTED;
}

async function checkPosixOwnership(target: string): Promise<FolderTrust> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) return TRUSTED;
  if (stat.uid !== 0) return { trusted: false, reason: `${target} is owned by uid ${stat.uid}, not root` };
  if (stat.mode & 0o022) return { trusted: false, reason: `${target} is writable by group or others (mode ${(stat.mode & 0o777).toString(8)})` };
  return TRUSTED;
}

const SYSTEM32 = () => path.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32');

async function isElevatedOnWindows(): Promise<boolean> {
  const run = await runBounded(path.join(SYSTEM32(), 'whoami.exe'), ['/groups'], { timeoutMs: 5000, maxBytes: 256 * 1024 });
  return isElevatedGroupList(run.stdout.toString('utf8'));
}

/** High (S-1-16-12288) or System (S-1-16-16384) mandatory level: an elevated administrator or SYSTEM. */
export function isElevatedGroupList(whoamiGroups: string): boolean {
  return /S-1-16-(12288|16384)\b/.test(whoamiGroups);
}

async function checkWindowsAcl(folder: string): Promise<FolderTrust> {
  const run = await runBounded(path.join(SYSTEM32(), 'icacls.exe'), [folder], { timeoutMs: 5000, maxBytes: 256 * 1024 });
  if (run.exitCode !== 0) return TRUSTED;
  const writer = nonAdminWriter(run.stdout.toString('utf8'));
  return writer ? { trusted: false, reason: `${folder} is writable by ${writer}` } : TRUSTED;
}

const NON_ADMIN_ACE = /(Everyone|BUILTIN\\Users|NT AUTHORITY\\Authenticated Users|NT AUTHORITY\\INTERACTIVE|[^\s\\]+\\Domain Users):((?:\([^)]*\))+)/gi;
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
