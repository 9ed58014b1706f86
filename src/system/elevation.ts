// Whether this process runs elevated (SYSTEM or an elevated administrator on Windows, root elsewhere). Only an
// elevated run can hand its rights to someone else, so only an elevated run checks who can write what it trusts.
import { runBounded } from './runBounded';
import { system32 } from './windowsPaths';

let cached: Promise<boolean> | null = null;

export function isElevated(): Promise<boolean> {
  cached ??= process.platform === 'win32' ? isElevatedOnWindows() : Promise.resolve(process.getuid?.() === 0);
  return cached;
}

async function isElevatedOnWindows(): Promise<boolean> {
  const run = await runBounded(system32('whoami.exe'), ['/groups'], { timeoutMs: 5000, maxBytes: 256 * 1024 });
  return isElevatedGroupList(run.stdout.toString('utf8'));
}

/** High (S-1-16-12288) or System (S-1-16-16384) mandatory level: an elevated administrator or SYSTEM. */
export function isElevatedGroupList(whoamiGroups: string): boolean {
  return /S-1-16-(12288|16384)\b/.test(whoamiGroups);
}
