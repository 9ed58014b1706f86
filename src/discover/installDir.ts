// Finds the connector's install root and its live version folder, and decides whether it may be trusted.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InstallInfo, ServiceInfo } from '../contract/types';
import { readInstallDirFromRegistry } from './registry';
import { listConnectorServices, serviceVersionFolder } from './services';
import { TrustedInstall, type InstallVia } from './trustedInstall';

const VERSION_FOLDER = /^\d+(\.\d+){1,3}$/;

/** What discovery found: no install, an install that must not be run or read (and why), or a trusted one. */
export type Discovery = (
  | { state: 'absent'; root: string; via: InstallVia; reason: string }
  | { state: 'untrusted'; root: string; via: InstallVia; liveVersion: string; reason: string }
  | { state: 'trusted'; install: TrustedInstall }
) & { notes: DiscoveryNotes };

/** What discovery learnt beside the folder: the CiscoAMP services (Windows), how the live folder was chosen, and a
 * newer folder waiting for a reboot. */
interface DiscoveryNotes {
  services?: ServiceInfo[];
  liveVia?: 'service' | 'highest';
  pendingVersion?: string | null;
}

export async function discoverInstall(ampDirOption: string | null): Promise<Discovery> {
  const { root, via } = await chooseRoot(ampDirOption);
  if (!(await isDirectory(root)))
    return { state: 'absent', root, via, reason: `install folder ${root} does not exist`, notes: {} };
  const [highest, services] = await Promise.all([findLiveVersion(root), listConnectorServices()]);
  const live = await chooseLiveVersion(root, highest, services ?? []);
  const notes: DiscoveryNotes = {
    ...(services ? { services } : {}),
    liveVia: live.liveVia,
    pendingVersion: live.pendingVersion,
  };
  const liveVersion = live.liveVersion;
  if (!liveVersion)
    return { state: 'absent', root, via, reason: `no version folder under ${root} holds sfc.exe`, notes };
  const established = await TrustedInstall.establish(root, via, liveVersion);
  if (established instanceof TrustedInstall) return { state: 'trusted', install: established, notes };
  return { state: 'untrusted', root, via, liveVersion, reason: established.untrusted, notes };
}

/**
 * Cisco's deployment guide takes the live folder from the CiscoAMP service's image path; the highest folder holding
 * sfc.exe is the fallback (no service readable, e.g. off Windows). A higher folder than the service's is an upgrade
 * waiting for a reboot.
 */
export async function chooseLiveVersion(
  root: string,
  highest: string | null,
  services: ServiceInfo[],
): Promise<{ liveVersion: string | null; liveVia: 'service' | 'highest'; pendingVersion: string | null }> {
  // A running service is the one in use.
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

/** The plain description of a discovery that the snapshot keeps and the result shows. */
export function installInfo(discovery: Discovery): InstallInfo {
  const { notes } = discovery;
  if (discovery.state !== 'absent') {
    // A refused install is still found: where it is and which version is live are known, only its use is refused.
    const { root, via, liveVersion } = discovery.state === 'trusted' ? discovery.install : discovery;
    return {
      found: true,
      root,
      via,
      liveVersion,
      versionDir: path.join(root, liveVersion),
      reason: null,
      untrusted: discovery.state === 'untrusted' ? discovery.reason : null,
      ...notes,
    };
  }
  return {
    found: false,
    root: discovery.root,
    via: discovery.via,
    liveVersion: null,
    versionDir: null,
    reason: discovery.reason,
    untrusted: null,
    ...(notes.services ? { services: notes.services } : {}),
  };
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
async function findLiveVersion(root: string): Promise<string | null> {
  let entries: string[];
  try {
    entries = await fs.readdir(root);
  } catch {
    return null;
  }
  const versions = entries
    .filter((name) => VERSION_FOLDER.test(name))
    .sort(compareVersions)
    .reverse();
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
  return fs.stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}
