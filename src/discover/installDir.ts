// Finds the connector's install root and its live version folder.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InstallInfo, ServiceInfo } from '../types';
import { checkFolderTrust } from './folderTrust';
import { readInstallDirFromRegistry } from './registry';
import { listConnectorServices, serviceVersionFolder } from './services';

const VERSION_FOLDER = /^\d+(\.\d+){1,3}$/;

export async function discoverInstall(ampDirOption: string | null): Promise<InstallInfo> {
  const { root, via } = await chooseRoot(ampDirOption);
  const base: InstallInfo = { found: false, root, via, liveVersion: null, versionDir: null, reason: null, untrusted: null };
  if (!(await isDirectory(root))) return { ...base, reason: `install folder ${root} does not exist` };
  const [highest, services] = await Promise.all([findLiveVersion(root), listConnectorServices()]);
  const live = await chooseLiveVersion(root, highest, services ?? []);
  const withServices = services ? { ...base, services } : base;
  if (!live.liveVersion) return { ...withServices, reason: `no version folder under ${root} holds sfc.exe` };
  const { liveVersion } = live;
  const trust = await checkFolderTrust(root, [liveVersion, `${liveVersion}/AmpCLI.exe`, `${liveVersion}/sfc.exe`, 'local.xml', 'policy.xml']);
  return { ...withServices, ...live, found: true, liveVersion, versionDir: path.join(root, liveVersion), untrusted: trust.reason };
}

/**
 * Cisco's deployment guide takes the live folder from the CiscoAMP service's image path; the highest folder holding
 * sfc.exe is the fallback (no service readable, e.g. off Windows). A higher folder than the service's is an upgrade
 * waiting for a reboot.
 */
export async function chooseLiveVersion(root: string, highest: string | null, services: ServiceInfo[]): Promise<Pick<InstallInfo, 'liveVersion' | 'liveVia' | 'pendingVersion'>> {
  // A running service is the one in use; among several, the newest.
  const candidates = [...services].sort((a, b) => Number(b.running) - Number(a.running));
  for (const service of candidates) {
    const folder = service.imagePath ? serviceVersionFolder(service.imagePath, root) : null;
    if (folder && VERSION_FOLDER.test(folder) && (await isFile(path.join(root, folder, 'sfc.exe')))) {
      const pendingVersion = highest && compareVersions(highest, folder) > 0 ? highest : null;
      return { liveVersion: folder, liveVia: 'service', pendingVersion };
    }
  }
  return { liveVersion: highest, liveVia: 'highest', pendingVersion: null };
}

async function chooseRoot(ampDirOption: string | null): Promise<{ root: string; via: InstallInfo['via'] }> {
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
