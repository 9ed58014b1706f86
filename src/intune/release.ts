// What `intune deploy` takes from a release folder (tetra-doctor-<version>/, written by `npm run release`): the one
// .intunewin (tetra-doctor-<version>.intunewin, its version is the release's), the uninstall script beside the setup
// file it names, and the two Remediation scripts (at the top or in intune/). Every read is bounded.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readFileBoundedSync } from '../system/readFileBounded';
import { readIntunewin, type IntunewinPackage } from './intunewin';

const DETECTION_SCRIPT = 'Detect-TetraDefinitions.ps1';
const REMEDIATION_SCRIPT = 'Remediate-TetraDefinitions.ps1';
const MAX_SCRIPT_BYTES = 1024 * 1024;
const PACKAGE_NAME = /^tetra-doctor-(\d+\.\d+\.\d+)(?:[-+][0-9A-Za-z.-]+)?\.intunewin$/;

export interface Release {
  /** package.json's version, as the release is named (0.1.0). */
  version: string;
  /** The exe's FileVersion: the version's three numbers and a fourth 0, what a file-version detection rule compares. */
  fileVersion: string;
  packageFile: string;
  intunewin: IntunewinPackage;
  /** The setup file and its uninstall twin, both in the package (install.ps1 and uninstall.ps1, or .cmd). */
  uninstallFile: string;
  detectionScript: Buffer;
  remediationScript: Buffer;
}

class ReleaseError extends Error {}

export async function readRelease(dir: string): Promise<Release> {
  if (!isDirectory(dir)) throw new ReleaseError(`the release folder ${dir} does not exist or is not a folder`);
  const packages = readdirSync(dir).filter((name) => name.toLowerCase().endsWith('.intunewin'));
  if (packages.length !== 1)
    throw new ReleaseError(
      `the release folder ${dir} must hold exactly one .intunewin (it holds ${packages.length}${packages.length ? `: ${packages.join(', ')}` : ''})`,
    );
  const name = PACKAGE_NAME.exec(packages[0]);
  if (!name) throw new ReleaseError(`${packages[0]} is not named tetra-doctor-<version>.intunewin`);
  const packageFile = path.join(dir, packages[0]);
  const intunewin = await readIntunewin(packageFile);
  return {
    version: packages[0].slice('tetra-doctor-'.length, -'.intunewin'.length),
    fileVersion: `${name[1]}.0`,
    packageFile,
    intunewin,
    uninstallFile: uninstallTwin(dir, intunewin.setupFile),
    detectionScript: readScript(dir, DETECTION_SCRIPT),
    remediationScript: readScript(dir, REMEDIATION_SCRIPT),
  };
}

function uninstallTwin(dir: string, setupFile: string): string {
  const match = /^install\.(ps1|cmd)$/i.exec(setupFile);
  if (!match) throw new ReleaseError(`the package's setup file is ${setupFile}, not install.ps1 or install.cmd`);
  const uninstall = `uninstall.${match[1].toLowerCase()}`;
  if (!isFile(path.join(dir, uninstall)))
    throw new ReleaseError(`the release folder ${dir} has no ${uninstall} beside ${setupFile}`);
  return uninstall;
}

function readScript(dir: string, name: string): Buffer {
  const where = [path.join(dir, name), path.join(dir, 'intune', name)].find(isFile);
  if (!where) throw new ReleaseError(`the release folder ${dir} has no ${name} (nor intune/${name})`);
  const read = readFileBoundedSync(where, { maxBytes: MAX_SCRIPT_BYTES });
  if (read.state !== 'ok')
    throw new ReleaseError(`${where} cannot be read${read.state === 'failed' ? `: ${read.error}` : ''}`);
  return read.bytes;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
