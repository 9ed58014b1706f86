// npm run release, end to end: the release folder and zip made from the built executables, read back with tools
// that share no code with the writer: exiftool for the version resource, osslsigncode for the signature, Node's
// crypto and yauzl for the .intunewin, Wine for running the released exe. One unsigned and one signed release are
// made (each about half a minute) and shared by every assertion below.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { NOW } from '../helpers/endpoint';
import { DIST, ensureExecutables, IN_CI, ROOT, runNode } from '../helpers/exe';
import { openIntunewin, readZipEntries } from '../helpers/intunewinReader';
import { startWine, wineSkipReason } from '../helpers/wine';

t.setTimeout(900_000);

const VERSION: string = require('../../package.json').version;
const NAME = `tetra-doctor-${VERSION}`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, maxBuffer: 16 << 20, timeout: 600_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

/** A tool the test needs from Debian (.ci/install-release.sh), or why it cannot run. */
async function missingTool(tool: string): Promise<string | null> {
  const found = await run('sh', ['-c', `command -v ${tool}`]);
  if (found.code === 0) return null;
  const reason = `${tool} is not installed (.ci/install-release.sh installs it)`;
  if (IN_CI) throw new Error(reason);
  return reason;
}

/** A self-made code-signing certificate and its PKCS#12 file, with openssl. */
async function makeSigner(dir: string, password: string): Promise<{ p12: string; cert: string }> {
  const key = path.join(dir, 'signer.key');
  const cert = path.join(dir, 'signer.pem');
  const p12 = path.join(dir, 'signer.p12');
  const subject = ['-subj', '/CN=tetra-doctor test signer', '-addext', 'extendedKeyUsage=codeSigning'];
  const made = await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    ...subject,
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  if (made.code !== 0) throw new Error(`openssl req: ${made.stderr}`);
  const exported = await run('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    key,
    '-in',
    cert,
    '-out',
    p12,
    '-passout',
    `pass:${password}`,
  ]);
  if (exported.code !== 0) throw new Error(`openssl pkcs12: ${exported.stderr}`);
  return { p12, cert };
}

t.test('release', async (t) => {
  const notBuilt = await ensureExecutables();
  if (notBuilt) {
    t.plan(0, `skipping the release tests: ${notBuilt}`);
    return;
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tetra-release-'));
  t.teardown(() => rmSync(scratch, { recursive: true, force: true }));
  const outDir = path.join(scratch, 'unsigned');
  const started = Date.now();
  const made = await runNode('build/release/release.mjs', ['--out-dir', outDir]);
  t.equal(made.code, 0, 'npm run release exits 0', { output: made.output });
  t.comment(`release made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const folder = path.join(outDir, NAME);
  const exe = path.join(folder, 'tetra-doctor.exe');

  t.test('the folder holds what an admin deploys, and the zip holds the folder', async (t) => {
    const entries = await readZipEntries(readFileSync(`${folder}.zip`));
    const zipped = new Map(entries.map((entry) => [entry.name, entry.bytes]));
    const expected = [
      'README.txt',
      'SHA256SUMS',
      'install.ps1',
      'intune/Detect-TetraDefinitions.ps1',
      'intune/Remediate-TetraDefinitions.ps1',
      'rmm/DattoRMM-TetraDoctor-Monitor.ps1',
      'rmm/DattoRMM-TetraDoctor.ps1',
      'rmm/Invoke-TetraDoctor.ps1',
      'rmm/NinjaOne-TetraDoctor.ps1',
      'settings.example.json',
      `${NAME}.intunewin`,
      'tetra-doctor.exe',
      'uninstall.ps1',
    ];
    t.same([...zipped.keys()].sort(), expected.map((f) => `${NAME}/${f}`).sort(), 'the zip lists the folder');
    for (const file of expected)
      t.ok(zipped.get(`${NAME}/${file}`)?.equals(readFileSync(path.join(folder, file))), `${file}: same bytes`);
    const methods = new Map(entries.map((entry) => [entry.name, entry.method]));
    t.equal(methods.get(`${NAME}/tetra-doctor.exe`), 8, 'the exe is deflated');
    t.equal(methods.get(`${NAME}/${NAME}.intunewin`), 0, 'the .intunewin (encrypted content) is stored as it is');
    const readme = readFileSync(path.join(folder, 'README.txt'), 'utf8');
    t.equal(readme.trimEnd().split('\r\n').length, 10, 'README.txt: ten lines');
    t.match(readme, `tetra-doctor ${VERSION}`);
  });

  t.test('SHA256SUMS lists every other file with its hash', async (t) => {
    const lines = readFileSync(path.join(folder, 'SHA256SUMS'), 'utf8').trim().split('\n');
    t.equal(lines.length, 12);
    for (const line of lines) {
      const [hash, file] = line.split('  ');
      t.equal(sha256(readFileSync(path.join(folder, file!))), hash, file);
    }
    const check = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder });
    t.equal(check.code, 0, 'sha256sum -c accepts it', { output: check.stdout + check.stderr });
  });

  t.test('exiftool reads tetra-doctor version resource', async (t) => {
    const missing = await missingTool('exiftool');
    if (missing) {
      t.plan(0, missing);
      return;
    }
    const read = await run('exiftool', ['-j', exe]);
    t.equal(read.code, 0, 'exiftool exits 0', { stderr: read.stderr });
    const [info] = JSON.parse(read.stdout) as Record<string, string>[];
    t.equal(info!.ProductName, 'tetra-doctor');
    t.equal(info!.FileVersion, VERSION);
    t.equal(info!.ProductVersion, VERSION);
    t.equal(info!.OriginalFileName, 'tetra-doctor.exe');
    t.equal(info!.InternalName, 'tetra-doctor');
    t.equal(info!.FileVersionNumber, `${VERSION}.0`);
    t.match(info!.FileDescription, /tetra-doctor/);
    t.not(info!.CompanyName, 'Node.js', 'not Node.js');
    t.notMatch(JSON.stringify(info), /node\.exe|Node\.js JavaScript Runtime/, 'nothing left of node.exe');
  });

  t.test('the .intunewin decrypts with its Detection.xml to the files in the folder', async (t) => {
    const opened = await openIntunewin(readFileSync(path.join(folder, `${NAME}.intunewin`)));
    t.equal(opened.detection.SetupFile, 'install.ps1');
    t.same(
      [...opened.files.keys()].sort(),
      ['install.ps1', 'settings.example.json', 'tetra-doctor.exe', 'uninstall.ps1'],
      'what install.ps1 needs',
    );
    for (const [file, bytes] of opened.files)
      t.ok(bytes.equals(readFileSync(path.join(folder, file))), `${file}: the same bytes as the release folder`);
  });

  t.test('the scripts name this release in their .NOTES', async (t) => {
    for (const file of [
      'install.ps1',
      'uninstall.ps1',
      'intune/Detect-TetraDefinitions.ps1',
      'rmm/Invoke-TetraDoctor.ps1',
    ])
      t.match(readFileSync(path.join(folder, file), 'utf8'), `Release:     tetra-doctor ${VERSION}`, file);
  });

  // Signed: a second release with a self-made code-signing certificate.
  const password = 'pass word "with" $pecials';
  const signedDir = path.join(scratch, 'signed');
  let signer: { p12: string; cert: string } | null = null;
  const osslMissing = await missingTool('osslsigncode');
  t.test('--sign-pkcs12 signs the exe, and osslsigncode verify accepts it', async (t) => {
    if (osslMissing) {
      t.plan(0, osslMissing);
      return;
    }
    signer = await makeSigner(scratch, password);
    const signed = await runNode(
      'build/release/release.mjs',
      ['--out-dir', signedDir, '--sign-pkcs12', signer.p12],
      600_000,
      {
        TETRA_DOCTOR_SIGN_PASSWORD: password,
      },
    );
    t.equal(signed.code, 0, 'exit 0', { output: signed.output });
    t.notMatch(signed.output, password, 'the password is never printed');
    const signedExe = path.join(signedDir, NAME, 'tetra-doctor.exe');
    const verify = await run('osslsigncode', ['verify', '-in', signedExe, '-CAfile', signer.cert]);
    t.equal(verify.code, 0, 'osslsigncode verify exits 0', { output: verify.stdout + verify.stderr });
    t.match(verify.stdout, /Signature verification: ok/);
    const unsignedVerify = await run('osslsigncode', ['verify', '-in', exe, '-CAfile', signer.cert]);
    t.not(unsignedVerify.code, 0, 'the unsigned release exe does not verify');
    const signedBytes = readFileSync(signedExe);
    const sums = readFileSync(path.join(signedDir, NAME, 'SHA256SUMS'), 'utf8');
    t.match(sums, `${sha256(signedBytes)}  tetra-doctor.exe`, 'SHA256SUMS describes the signed exe');
    const manifest = JSON.parse(readFileSync(path.join(DIST, 'executables.json'), 'utf8'));
    t.equal(manifest.release.exe.signed.sha256, sha256(signedBytes), 'executables.json: the signed exe');
    t.equal(manifest.release.exe.unsigned.sha256, sha256(readFileSync(exe)), 'beside the unsigned one');
    t.ok(manifest.outputs['win-x64'].sha256, 'and the build it came from');
    const wrongPassword = await runNode(
      'build/release/release.mjs',
      ['--out-dir', path.join(scratch, 'wrong'), '--sign-pkcs12', signer.p12],
      600_000,
      {
        TETRA_DOCTOR_SIGN_PASSWORD: 'not it',
      },
    );
    t.equal(wrongPassword.code, 1, 'a wrong password fails the release');
    t.match(wrongPassword.output, /osslsigncode could not sign/);
  });

  t.test('under Wine, the released exe (unsigned and signed) runs --version and detect', async (t) => {
    const noWine = wineSkipReason();
    if (noWine) {
      t.plan(0, `Wine: ${noWine}`);
      return;
    }
    const wine = await startWine();
    t.teardown(wine.close);
    const exes = [exe, path.join(signedDir, NAME, 'tetra-doctor.exe')].filter((file) => existsSync(file));
    for (const program of exes) {
      const label = program === exe ? 'unsigned' : 'signed';
      const version = await wine.runProgram(program, ['--version']);
      t.equal(version.code, 0, `${label}: --version exits 0`);
      t.equal(version.stdout.trim(), VERSION, `${label}: --version prints the package version`);
      const e = wine.endpoint();
      const detect = await wine.runProgram(program, [
        'detect',
        '--offline',
        '--format',
        'json',
        '--amp-dir',
        e.winRoot,
        '--now',
        NOW,
      ]);
      e.remove();
      t.equal(detect.code, 0, `${label}: detect exits 0 on the healthy fixture`, {
        stdout: detect.stdout,
        stderr: detect.stderr,
      });
      const json = detect.json as { status: string; tool: { version: string } } | null;
      t.equal(json?.status, 'healthy', `${label}: healthy`);
      t.equal(json?.tool.version, VERSION, `${label}: tool.version`);
    }
    t.ok(statSync(exe).size > 0);
  });
});
