// build/release/intunewin.mjs, read back by the independent reader in test/helpers/intunewinReader.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { openIntunewin } from '../helpers/intunewinReader';
import { loadIntunewinWriter } from '../helpers/releaseFolder';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'intunewin-'));
t.teardown(() => rmSync(scratch, { recursive: true, force: true }));

const source = path.join(scratch, 'source');
mkdirSync(path.join(source, 'scripts'), { recursive: true });
const sourceFiles: Record<string, Buffer> = {
  'install.ps1': Buffer.from('Write-Output "install"\r\n'),
  'tetra-doctor.exe': Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251)),
  'scripts/remediate.ps1': Buffer.from('exit 0\r\n'),
  'empty.txt': Buffer.alloc(0),
};
for (const [name, data] of Object.entries(sourceFiles)) writeFileSync(path.join(source, ...name.split('/')), data);

t.test('the package decrypts with its own Detection.xml to the source folder', async (t) => {
  const { makeIntunewin } = await loadIntunewinWriter();
  const outputFile = path.join(scratch, 'a.intunewin');
  const result = await makeIntunewin({ sourceDir: source, setupFile: 'install.ps1', outputFile });
  t.equal(result.outputFile, outputFile);
  const opened = await openIntunewin(readFileSync(outputFile));
  t.same(opened.outerNames, [
    'IntuneWinPackage/Contents/IntunePackage.intunewin',
    'IntuneWinPackage/Metadata/Detection.xml',
  ]);
  t.equal(opened.detection.Name, 'install.ps1');
  t.equal(opened.detection.SetupFile, 'install.ps1');
  t.equal(opened.detection.FileName, 'IntunePackage.intunewin');
  t.equal(opened.detection.ProfileIdentifier, 'ProfileVersion1');
  t.equal(opened.detection.FileDigestAlgorithm, 'SHA256');
  for (const [field, value] of Object.entries(result.detection))
    t.equal(String(value), opened.detection[field as keyof typeof opened.detection], `returned ${field}`);
  t.equal(Buffer.from(opened.detection.EncryptionKey, 'base64').length, 32, 'a 256-bit key');
  t.equal(Buffer.from(opened.detection.MacKey, 'base64').length, 32, 'a 256-bit MAC key');
  t.equal(Buffer.from(opened.detection.InitializationVector, 'base64').length, 16, 'a 128-bit IV');
  t.same([...opened.files.keys()].sort(), Object.keys(sourceFiles).sort(), 'the same files');
  for (const [name, data] of Object.entries(sourceFiles)) t.ok(opened.files.get(name)?.equals(data), `${name} bytes`);
});

t.test('a changed byte in the encrypted content fails the HMAC', async (t) => {
  const { makeIntunewin } = await loadIntunewinWriter();
  const outputFile = path.join(scratch, 'b.intunewin');
  await makeIntunewin({ sourceDir: source, setupFile: 'install.ps1', outputFile });
  const data = readFileSync(outputFile);
  // The content entry is stored, so its bytes sit in the archive as they are; flip one in the ciphertext.
  const at = data.indexOf(Buffer.from('IntunePackage.intunewin')) + 'IntunePackage.intunewin'.length + 100;
  data[at] = data[at]! ^ 0xff;
  await t.rejects(openIntunewin(data), /HMAC mismatch/);
});

t.test('random keys differ per package; a key seed makes the package reproducible', async (t) => {
  const { makeIntunewin } = await loadIntunewinWriter();
  const mtime = new Date(Date.UTC(2026, 0, 2, 3, 4, 6));
  const write = async (name: string, keySeed?: string) => {
    const outputFile = path.join(scratch, name);
    await makeIntunewin({ sourceDir: source, setupFile: 'install.ps1', outputFile, mtime, keySeed });
    return readFileSync(outputFile);
  };
  const [random1, random2] = [await write('r1.intunewin'), await write('r2.intunewin')];
  t.notOk(random1.equals(random2), 'two random-key packages differ');
  const seeded1 = await write('s1.intunewin', 'seed');
  const seeded2 = await write('s2.intunewin', 'seed');
  t.ok(seeded1.equals(seeded2), 'the same seed gives the same bytes');
  t.notOk(seeded1.equals(await write('s3.intunewin', 'other seed')), 'another seed, other bytes');
  const opened = await openIntunewin(seeded1);
  t.ok(opened.files.get('install.ps1')?.equals(sourceFiles['install.ps1']!), 'a seeded package decrypts too');
});

t.test('a setup file that is not in the source folder is refused', async (t) => {
  const { makeIntunewin } = await loadIntunewinWriter();
  await t.rejects(
    makeIntunewin({ sourceDir: source, setupFile: 'missing.ps1', outputFile: path.join(scratch, 'c.intunewin') }),
    /missing\.ps1/,
  );
});
