// npm run release (after npm run build): the folder an admin deploys as it is, and a zip of it.
//
//   release/tetra-doctor-<version>/
//     tetra-doctor.exe                 the Windows executable with tetra-doctor's own version resource (resedit),
//                                      signed with osslsigncode when --sign-pkcs12 is given
//     install.ps1, uninstall.ps1       deploy/
//     settings.example.json            deploy/
//     intune/*.ps1, rmm/*.ps1          the Intune Remediations and RMM scripts
//     tetra-doctor-<version>.intunewin the Intune Win32 app: the exe, install/uninstall and the example settings
//     README.txt                       deploy/README.txt, ten lines
//     SHA256SUMS                       every other file, `sha256sum -c` format
//   release/tetra-doctor-<version>.zip
//
// Reproducible: every time stamp is the release date of this version in CHANGELOG.md (SOURCE_DATE_EPOCH wins),
// files go into every archive in a fixed order, and the .intunewin's keys are derived from its content and a seed
// (TETRA_DOCTOR_INTUNEWIN_KEY_SEED, else a fixed one; see docs/install.md), so two builds of the same sources give
// the same bytes. With --random-intunewin-keys the keys are random instead, as Microsoft's tool makes them.
//
// Usage: node build/release/release.mjs [--out-dir DIR] [--sign-pkcs12 FILE] [--timestamp-url URL]
//          [--random-intunewin-keys]
// The PKCS#12 password is read from the environment variable TETRA_DOCTOR_SIGN_PASSWORD (never an argument).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { NtExecutable, NtExecutableResource, Resource } from 'resedit';
import { ROOT } from '../node-binaries.mjs';
import { updatePeChecksum } from '../pe-signature.mjs';
import { makeIntunewin } from './intunewin.mjs';
import { listFiles, zipFolder } from './zip.mjs';

export const PASSWORD_VARIABLE = 'TETRA_DOCTOR_SIGN_PASSWORD';
export const SEED_VARIABLE = 'TETRA_DOCTOR_INTUNEWIN_KEY_SEED';
/** The seed when none is given: the package content is the public release itself, so the keys guard no secret. */
const DEFAULT_SEED = 'tetra-doctor release';
const EXE_NAME = 'tetra-doctor.exe';
/** What the .intunewin carries: what install.ps1 needs on the endpoint. */
const INTUNEWIN_PAYLOAD = [EXE_NAME, 'install.ps1', 'uninstall.ps1', 'settings.example.json'];
const LANG_EN_US = 1033;
const CODEPAGE_UNICODE = 1200;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const log = (message) => process.stderr.write(`release: ${message}\n`);

export function packageVersion(root = ROOT) {
  return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
}

/** The date of this version's entry in CHANGELOG.md ("## 0.1.0 - 2026-12-07"), or SOURCE_DATE_EPOCH. */
export function releaseDate(root, version, env = process.env) {
  if (env.SOURCE_DATE_EPOCH) {
    const seconds = Number(env.SOURCE_DATE_EPOCH);
    if (!Number.isInteger(seconds) || seconds < 315532800)
      throw new Error('SOURCE_DATE_EPOCH must be a time after 1980');
    return new Date(seconds * 1000);
  }
  const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
  const escaped = version.replace(/[.+]/g, '\\$&');
  const match = new RegExp(`^## ${escaped} - (\\d{4}-\\d{2}-\\d{2})\\s*$`, 'm').exec(changelog);
  if (!match) throw new Error(`CHANGELOG.md has no "## ${version} - YYYY-MM-DD" entry: add one for this release`);
  return new Date(`${match[1]}T00:00:00Z`);
}

/** The exe's version resource: tetra-doctor's names and version instead of Node's. */
export function stampVersionResource(image, version, nodeVersion) {
  const exe = NtExecutable.from(image);
  const resources = NtExecutableResource.from(exe);
  const RT_VERSION = 16;
  resources.entries = resources.entries.filter((entry) => entry.type !== RT_VERSION);
  const info = Resource.VersionInfo.createEmpty();
  info.lang = LANG_EN_US;
  const [major, minor, patch] = version.split(/[.+-]/).map(Number);
  info.setFileVersion(major, minor, patch, 0, LANG_EN_US);
  info.setProductVersion(major, minor, patch, 0, LANG_EN_US);
  info.setStringValues(
    { lang: LANG_EN_US, codepage: CODEPAGE_UNICODE },
    {
      CompanyName: 'tetra-doctor',
      FileDescription: 'tetra-doctor: Cisco Secure Endpoint TETRA definitions diagnosis',
      FileVersion: version,
      InternalName: 'tetra-doctor',
      LegalCopyright: 'tetra-doctor; embeds Node.js (MIT license)',
      OriginalFilename: EXE_NAME,
      ProductName: 'tetra-doctor',
      ProductVersion: version,
      Comments: `Node.js ${nodeVersion} single executable application`,
    },
  );
  info.outputToResourceEntries(resources.entries);
  resources.outputResource(exe);
  // The resource section changed: the header checksum must be true to the new file, as signing tools expect.
  return updatePeChecksum(Buffer.from(exe.generate()));
}

/** Signs with osslsigncode; the password goes through stdin, never the command line. */
export function signExecutable(unsignedFile, signedFile, { pkcs12, password, timestampUrl, signingTime }) {
  const args = ['sign', '-pkcs12', pkcs12, '-readpass', '-', '-h', 'sha256', '-n', 'tetra-doctor'];
  // A fixed signing time (the release date) keeps a signature without a time stamp reproducible.
  if (timestampUrl) args.push('-ts', timestampUrl);
  else args.push('-time', String(Math.floor(signingTime.getTime() / 1000)));
  args.push('-in', unsignedFile, '-out', signedFile);
  rmSync(signedFile, { force: true });
  execFileSync('osslsigncode', args, { input: `${password}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
}

/** The scripts' .NOTES name their release; a copy that names another is refused (npm run scripts:sync fixes it). */
function checkScriptRelease(file, version) {
  const text = readFileSync(file, 'utf8');
  const release = /^\s*Release:\s+tetra-doctor (\S+)\s*$/m.exec(text)?.[1];
  if (release !== version)
    throw new Error(
      `${path.relative(ROOT, file)} says Release ${release ?? '(none)'}, not ${version}: npm run scripts:sync`,
    );
}

function copyScripts(root, folder, version) {
  const files = [
    ...['install.ps1', 'uninstall.ps1', 'settings.example.json'].map((name) => [`deploy/${name}`, name]),
    ...['intune', 'rmm'].flatMap((dir) =>
      listFiles(path.join(root, dir)).map((name) => [`${dir}/${name}`, `${dir}/${name}`]),
    ),
  ];
  for (const [from, to] of files) {
    const source = path.join(root, from);
    if (source.endsWith('.ps1')) checkScriptRelease(source, version);
    mkdirSync(path.dirname(path.join(folder, to)), { recursive: true });
    copyFileSync(source, path.join(folder, to));
  }
}

function writeSums(folder) {
  const lines = listFiles(folder).map((name) => `${sha256(readFileSync(path.join(folder, name)))}  ${name}`);
  writeFileSync(path.join(folder, 'SHA256SUMS'), `${lines.join('\n')}\n`);
}

/** dist/executables.json gains a `release` entry: the exe as released, signed or not, beside the unsigned build. */
function recordInManifest(distDir, record) {
  const file = path.join(distDir, 'executables.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  manifest.release = record;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function makeRelease({
  root = ROOT,
  outDir = path.join(root, 'release'),
  distDir = path.join(root, 'dist'),
  signPkcs12,
  timestampUrl,
  randomKeys = false,
  env = process.env,
} = {}) {
  const version = packageVersion(root);
  const date = releaseDate(root, version, env);
  const name = `tetra-doctor-${version}`;
  const built = path.join(distDir, 'tetra-doctor-win-x64.exe');
  if (!existsSync(built)) throw new Error(`${path.relative(root, built)} is missing: run npm run build first`);
  const manifest = JSON.parse(readFileSync(path.join(distDir, 'executables.json'), 'utf8'));

  const folder = path.join(outDir, name);
  rmSync(folder, { recursive: true, force: true });
  rmSync(`${folder}.zip`, { force: true });
  mkdirSync(folder, { recursive: true });

  const stamped = stampVersionResource(readFileSync(built), version, manifest.nodeVersion);
  const exeFile = path.join(folder, EXE_NAME);
  const exeRecord = { unsigned: { bytes: stamped.length, sha256: sha256(stamped) }, signed: null };
  if (signPkcs12) {
    const password = env[PASSWORD_VARIABLE];
    if (password === undefined) throw new Error(`--sign-pkcs12 needs the key's password in ${PASSWORD_VARIABLE}`);
    const unsignedFile = path.join(outDir, `.${name}-unsigned.exe`);
    writeFileSync(unsignedFile, stamped);
    try {
      signExecutable(unsignedFile, exeFile, { pkcs12: signPkcs12, password, timestampUrl, signingTime: date });
    } catch (err) {
      throw new Error(`osslsigncode could not sign: ${String(err.stderr ?? err.message).trim()}`, { cause: err });
    } finally {
      rmSync(unsignedFile, { force: true });
    }
    const signed = readFileSync(exeFile);
    exeRecord.signed = { bytes: signed.length, sha256: sha256(signed), timestamped: Boolean(timestampUrl) };
    log(`signed ${EXE_NAME}${timestampUrl ? ` with a time stamp from ${timestampUrl}` : ''}`);
  } else {
    writeFileSync(exeFile, stamped);
  }

  copyScripts(root, folder, version);
  writeFileSync(
    path.join(folder, 'README.txt'),
    readFileSync(path.join(root, 'deploy', 'README.txt'), 'utf8')
      .replaceAll('{{VERSION}}', version)
      .replace(/\r?\n/g, '\r\n'),
  );

  const staging = path.join(outDir, `.${name}-intunewin`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    for (const file of INTUNEWIN_PAYLOAD) copyFileSync(path.join(folder, file), path.join(staging, file));
    const keySeed = randomKeys ? undefined : (env[SEED_VARIABLE] ?? DEFAULT_SEED);
    await makeIntunewin({
      sourceDir: staging,
      setupFile: 'install.ps1',
      outputFile: path.join(folder, `${name}.intunewin`),
      mtime: date,
      keySeed,
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }

  writeSums(folder);
  // The .intunewin is a zip of encrypted content: deflating it again cost 0.8 s per release and saved nothing.
  const zip = await zipFolder(folder, date, `${name}/`, (file) => file.endsWith('.intunewin'));
  writeFileSync(`${folder}.zip`, zip);

  const files = Object.fromEntries(
    listFiles(folder).map((file) => {
      const bytes = readFileSync(path.join(folder, file));
      return [file, { bytes: bytes.length, sha256: sha256(bytes) }];
    }),
  );
  recordInManifest(distDir, { version, folder: path.relative(root, folder).split(path.sep).join('/'), exe: exeRecord });
  return { version, folder, zip: `${folder}.zip`, files, zipBytes: zip.length, zipSha256: sha256(zip), exe: exeRecord };
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  const { values } = parseArgs({
    options: {
      'out-dir': { type: 'string' },
      'sign-pkcs12': { type: 'string' },
      'timestamp-url': { type: 'string' },
      'random-intunewin-keys': { type: 'boolean', default: false },
    },
  });
  const started = Date.now();
  try {
    const result = await makeRelease({
      outDir: values['out-dir'] ? path.resolve(values['out-dir']) : undefined,
      signPkcs12: values['sign-pkcs12'] ? path.resolve(values['sign-pkcs12']) : undefined,
      timestampUrl: values['timestamp-url'],
      randomKeys: values['random-intunewin-keys'],
    });
    for (const [file, { bytes }] of Object.entries(result.files)) log(`${file}: ${bytes} bytes`);
    log(`${path.relative(process.cwd(), result.zip)}: ${result.zipBytes} bytes, sha256 ${result.zipSha256}`);
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    log(`failed: ${err.message}`);
    process.exit(1);
  }
}
