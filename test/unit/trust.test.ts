// The trusted install as a type: only TrustedInstall.establish makes one, and it resolves every path and keeps it
// inside the install folder. (Who can write what is checked as root by test/e2e/trust.test.ts.)
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { discoverInstall } from '../../src/discover/installDir';
import { TrustedInstall } from '../../src/discover/trustedInstall';

function install(t: Test): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tetra-trust-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, '8.1.7.1'));
  for (const program of ['AmpCLI.exe', 'sfc.exe', 'ipsupporttool.exe']) {
    writeFileSync(path.join(root, '8.1.7.1', program), '#!/bin/sh\n');
    chmodSync(path.join(root, '8.1.7.1', program), 0o755);
  }
  writeFileSync(path.join(root, 'local.xml'), '<config/>');
  return root;
}

t.test('only establish makes a TrustedInstall; the compiler refuses the constructor', async (t) => {
  // `npm run typecheck` is the assertion here: were the constructor callable, this directive would be an error.
  // @ts-expect-error the constructor is private: a TrustedInstall cannot be made without the checks
  const forge = () => new TrustedInstall('/x', 'option', '1.0', {}, {});
  t.type(forge, 'function');
  const root = install(t);
  const found = await discoverInstall(root);
  t.equal(found.state, 'trusted');
  if (found.state !== 'trusted') return;
  t.equal(found.install.programPath('sfc.exe'), path.join(root, '8.1.7.1', 'sfc.exe'));
  t.equal(found.install.filePath('policy.xml'), path.join(root, 'policy.xml'), 'a missing file resolves to itself');
});

t.test('a link that leads out of the folder is untrusted; a link inside it is fine', async (t) => {
  const root = install(t);
  const outside = mkdtempSync(path.join(os.tmpdir(), 'tetra-trust-out-'));
  t.teardown(() => rmSync(outside, { recursive: true, force: true }));
  writeFileSync(path.join(outside, 'policy.xml'), '<config/>');
  symlinkSync(path.join(root, 'local.xml'), path.join(root, 'policy.xml'));
  t.equal((await discoverInstall(root)).state, 'trusted', 'inside: fine');
  rmSync(path.join(root, 'policy.xml'));
  symlinkSync(path.join(outside, 'policy.xml'), path.join(root, 'policy.xml'));
  const out = await discoverInstall(root);
  t.match(out, { state: 'untrusted', reason: /policy\.xml leads out of the install folder/ });
  rmSync(path.join(root, 'policy.xml'));
  symlinkSync(path.join(outside, 'gone.xml'), path.join(root, 'policy.xml'));
  t.match(
    await discoverInstall(root),
    { state: 'untrusted', reason: /link to a missing target/ },
    'a dangling link too',
  );
});
