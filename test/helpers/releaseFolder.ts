// Release folders as `npm run release` lays them out (tetra-doctor-<version>/ with the exe, install.ps1,
// uninstall.ps1, the Remediation scripts and tetra-doctor-<version>.intunewin), made for the deploy tests with the
// project's own .intunewin writer (build/release/intunewin.mjs) from a stand-in exe of a few hundred KB.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './paths';

/** build/release/intunewin.mjs as the tests call it (a build script in JavaScript, so typed here once). */
interface IntunewinWriter {
  makeIntunewin(options: {
    sourceDir: string;
    setupFile: string;
    outputFile: string;
    mtime?: Date;
    keySeed?: string;
  }): Promise<{ outputFile: string; detection: Record<string, string | number> }>;
}

export const loadIntunewinWriter = () =>
  import(path.join(ROOT, 'build/release/intunewin.mjs')) as Promise<IntunewinWriter>;

export interface ReleaseFolder {
  dir: string;
  version: string;
  /** The encrypted content inside the .intunewin: what the upload must deliver byte for byte. */
  encrypted: Buffer;
  detectionScript: Buffer;
  remediationScript: Buffer;
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tetra-release-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** A release of `version`; `scriptNote` changes the detection script (a new release's scripts differ). */
export async function makeRelease(version: string, scriptNote = ''): Promise<ReleaseFolder> {
  const writer = await loadIntunewinWriter();
  const dir = path.join(mkdtempSync(path.join(scratch, 'r-')), `tetra-doctor-${version}`);
  const source = path.join(dir, '..', 'source');
  mkdirSync(dir, { recursive: true });
  mkdirSync(source, { recursive: true });
  // Not compressible, so the package is several upload blocks of the tests' block size.
  const exe = randomBytes(300_000);
  const files: Record<string, Buffer> = {
    'tetra-doctor.exe': Buffer.concat([exe, Buffer.from(version)]),
    'install.ps1': Buffer.from(`# installs tetra-doctor ${version}\r\nexit 0\r\n`),
    'uninstall.ps1': Buffer.from('# removes tetra-doctor\r\nexit 0\r\n'),
  };
  for (const [name, data] of Object.entries(files)) {
    writeFileSync(path.join(source, name), data);
    writeFileSync(path.join(dir, name), data);
  }
  for (const script of ['Detect-TetraDefinitions.ps1', 'Remediate-TetraDefinitions.ps1'])
    copyFileSync(path.join(ROOT, 'intune', script), path.join(dir, script));
  if (scriptNote)
    writeFileSync(
      path.join(dir, 'Detect-TetraDefinitions.ps1'),
      `# ${scriptNote}\r\n${readFileSync(path.join(dir, 'Detect-TetraDefinitions.ps1'), 'utf8')}`,
    );
  const outputFile = path.join(dir, `tetra-doctor-${version}.intunewin`);
  await writer.makeIntunewin({
    sourceDir: source,
    setupFile: 'install.ps1',
    outputFile,
    mtime: new Date(Date.UTC(2026, 0, 1)),
  });
  const { readZip } = await import('./intunewinReader');
  const outer = await readZip(readFileSync(outputFile));
  return {
    dir,
    version,
    encrypted: outer.get('IntuneWinPackage/Contents/IntunePackage.intunewin')!,
    detectionScript: readFileSync(path.join(dir, 'Detect-TetraDefinitions.ps1')),
    remediationScript: readFileSync(path.join(dir, 'Remediate-TetraDefinitions.ps1')),
  };
}
