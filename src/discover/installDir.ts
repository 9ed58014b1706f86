// Finds the connector's install root and its live version folder, and decides whether it may be trusted.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InstallInfo } from '../types';
import { readInstallDirFromRegistry } from './registry';
import { TrustedInstall, type InstallVia } from './trustedInstall';

const VERSION_FOLDER = /^\d+(\.\d+){1,3}$/;

/** What discovery found: no install, an install that must not be run or read (and why), or a trusted one. */
export type Discovery =
  | { state: 'absent'; root: string; via: InstallVia; reason: string }
  | { state: 'untrusted'; root: string; via: InstallVia; liveVersion: string; reason: string }
  | { state: 'trusted'; install: TrustedInstall };

export async function discoverInstall(ampDirOption: string | null): Promise<Discovery> {
  const { root, via } = await chooseRoot(ampDirOption);
  if (!(await isDirectory(root))) return { state: 'absent', root, via, reason: `install folder ${root} does not exist` };
  const liveVersion = await findLiveVersion(root);
  if (!liveVersion) return { state: 'absent', root, via, reason: `no version folder under ${root} holds sfc.exe` };
  const established = await TrustedInstall.establish(root, via, liveVersion);
  if (established instanceof TrustedInstall) return { state: 'trusted', install: established };
  return { state: 'untrusted', root, via, liveVersion, reason: established.untrusted };
}

/** The plain description of a discovery that the snapshot keeps and the result shows. */
export function installInfo(discovery: Discovery): InstallInfo {
  if (discovery.state === 'trusted') {
    const { root, via, liveVersion } = discovery.install;
    return { found: true, root, via, liveVersion, versionDir: path.join(root, liveVersion), reason: null, untrusted: null };
  }
  if (discovery.state === 'untrusted') {
    const { root, via, liveVersion, reason } = discovery;
    return { found: true, root, via, liveVersion, versionDir: path.join(root, liveVersion), reason: null, untrusted: reason };
  }
  return { found: false, root: discovery.root, via: discovery.via, liveVersion: null, versionDir: null, reason: discovery.reason, untrusted: null };
}

async function chooseRoot(ampDirOption: string | null): Promise<{ root: string; via: InstallVia }> {
  if (ampDirOption) return { root: path.resolve(ampDirOption), via: 'option' };
  const fromRegistry = await readInstallDirFromRegistry();
  if (fromRegistry) return { root: fromRegistry, via: 'registry' };
  // ProgramW6432 names the 64-bit Program Files even from a 32-bit host.
  const programFiles = process.env.ProgramW6432 ?? process.env.ProgramFiles ?? 'C:\\Program Files';
  return { root: path.join(programFiles, 'Cisco', 'AMP'), via: 'default' };
}

/** Several version folders coexist after upgrades; the highest one that holds sfc.exe is the live one. */
export async function findLiveVersion(root: string): Promise<string | null> {
  let entries: string[];
  try {
    entries = await fs.readdir(root);
  } catch {
    return null;
  }
  const versions = entries.filter((name) => VERSION_FOLDER.test(name)).sort(compareVersions).reverse();
  for (const version of versions) {
    if (await isFile(path.join(root, version, 'sfc.exe'))) return version;
  }
  return null;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

async function isDirectory(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isDirectory(), () => false);
}

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isFile(), () => false);
}
