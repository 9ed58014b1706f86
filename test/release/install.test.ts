// deploy/install.ps1 and uninstall.ps1 under pwsh, against temporary Program Files and ProgramData roots: install,
// reinstall (idempotent), a settings.json beside the script copied in, failures in the exit code, uninstall with
// and without -RemoveData. The rights step runs icacls.exe under Wine where Wine is installed; Wine's icacls.exe is
// a stub that sets no rights and exits 0 on any arguments, so the arguments are checked as text and the rights
// themselves only on Windows. Both scripts are also checked for Windows PowerShell 5.1 syntax and pure ASCII, like
// the Intune and RMM scripts.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { ROOT } from '../helpers/paths';
import { PWSH_FILE_TIMEOUT_MS, runScript, tempDir, withPwsh } from '../helpers/pwsh';
import { asciiProblems, checkPs51Syntax } from '../helpers/pwsh-syntax';
import { startWine, wineEnv, wineSkipReason } from '../helpers/wine';

t.setTimeout(PWSH_FILE_TIMEOUT_MS);

const SCRIPTS = ['install.ps1', 'uninstall.ps1'].map((name) => path.join(ROOT, 'deploy', name));
const ACL_ARGS = '/inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F /q';

/** A package folder as the .intunewin unpacks it: the scripts and an exe (any bytes stand in for it here). */
function makePackage(dir: string, exeBytes: string): string {
  const pkg = path.join(dir, 'package');
  mkdirSync(pkg, { recursive: true });
  for (const script of SCRIPTS) copyFileSync(script, path.join(pkg, path.basename(script)));
  writeFileSync(path.join(pkg, 'tetra-doctor.exe'), exeBytes);
  return pkg;
}

/** An icacls stand-in that records its arguments and exits with `code`, or passes them to Wine's icacls.exe. */
function fakeIcacls(dir: string, code: number, viaWine = false): { program: string; log: string } {
  const log = path.join(dir, `icacls-${code}-${viaWine}.log`);
  const program = path.join(dir, `icacls-${code}-${viaWine}.sh`);
  const run = viaWine
    ? // The folder is a Linux path; Wine sees it under Z:. Wine's output goes through a file: the programs Wine
      // starts in the background (its services, the persistent wineserver) would hold a pipe open, and pwsh reads
      // the pipe to its end, long after icacls.exe has exited.
      'target="Z:$(printf %s "$1" | tr / \\\\\\\\)"; shift; wine icacls.exe "$target" "$@" >"$0.out" 2>&1; ' +
      'code=$?; cat "$0.out"; exit $code'
    : `exit ${code}`;
  writeFileSync(program, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\n${run}\n`);
  chmodSync(program, 0o755);
  return { program, log };
}

t.test('both scripts are pure ASCII and name this release', async (t: Test) => {
  const version = require('../../package.json').version;
  for (const script of SCRIPTS) {
    const bytes = readFileSync(script);
    t.same(asciiProblems(bytes), [], script);
    t.match(bytes.toString('utf8'), `Release:     tetra-doctor ${version}`);
  }
});

withPwsh(t, 'install.ps1 and uninstall.ps1', async (t, pwsh: string) => {
  t.test('Windows PowerShell 5.1 syntax', async (t: Test) => {
    const result = checkPs51Syntax(pwsh, SCRIPTS);
    t.same(result.problems, [], 'parses, nothing PowerShell 7-only');
  });

  const { dir, cleanup } = tempDir('td-install-');
  t.teardown(cleanup);
  const programFiles = path.join(dir, 'Program Files');
  const programData = path.join(dir, 'ProgramData');
  const installed = path.join(programFiles, 'tetra-doctor', 'tetra-doctor.exe');
  const dataDir = path.join(programData, 'tetra-doctor');
  const roots = ['-ProgramFilesRoot', programFiles, '-ProgramDataRoot', programData];

  t.test('install, reinstall with a newer exe and a settings file, fail, uninstall', async (t: Test) => {
    const icacls = fakeIcacls(dir, 0);
    const pkg = makePackage(dir, 'exe version 1');
    const first = await runScript(pwsh, path.join(pkg, 'install.ps1'), [...roots, '-Icacls', icacls.program]);
    t.equal(first.code, 0, 'install exits 0', { stderr: first.stderr });
    t.equal(first.stderr, '');
    t.equal(readFileSync(installed, 'utf8'), 'exe version 1', 'the exe is installed');
    t.ok(existsSync(dataDir), 'the data folder exists');
    t.same(readFileSync(icacls.log, 'utf8').trim().split('\n'), [`${dataDir} ${ACL_ARGS}`], 'icacls closes the folder');

    writeFileSync(path.join(pkg, 'tetra-doctor.exe'), 'exe version 2');
    writeFileSync(path.join(pkg, 'settings.json'), '{"region":"eu"}');
    writeFileSync(path.join(dataDir, 'history.jsonl'), 'kept\n');
    const again = await runScript(pwsh, path.join(pkg, 'install.ps1'), [...roots, '-Icacls', icacls.program]);
    t.equal(again.code, 0, 'reinstall exits 0');
    t.equal(readFileSync(installed, 'utf8'), 'exe version 2', 'the newer exe replaced the old one');
    t.notOk(existsSync(`${installed}.partial`), 'no partial copy left');
    t.equal(readFileSync(path.join(dataDir, 'settings.json'), 'utf8'), '{"region":"eu"}', 'settings.json copied in');
    t.equal(readFileSync(path.join(dataDir, 'history.jsonl'), 'utf8'), 'kept\n', 'the state is kept');
    t.equal(readFileSync(icacls.log, 'utf8').trim().split('\n').length, 2, 'the rights are set again');
    const third = await runScript(pwsh, path.join(pkg, 'install.ps1'), [...roots, '-Icacls', icacls.program]);
    t.equal(third.code, 0, 'a third run changes nothing and exits 0');

    const failing = fakeIcacls(dir, 5);
    const aclFails = await runScript(pwsh, path.join(pkg, 'install.ps1'), [...roots, '-Icacls', failing.program]);
    t.equal(aclFails.code, 1, 'icacls failing is exit 1');
    t.match(aclFails.stderr, /setting the rights on .* failed: icacls exited 5/);
    const noIcacls = await runScript(pwsh, path.join(pkg, 'install.ps1'), [
      ...roots,
      '-Icacls',
      path.join(dir, 'none'),
    ]);
    t.equal(noIcacls.code, 1, 'no icacls at all is exit 1, not success');
    const empty = path.join(dir, 'empty-package');
    mkdirSync(empty);
    copyFileSync(SCRIPTS[0]!, path.join(empty, 'install.ps1'));
    const noExe = await runScript(pwsh, path.join(empty, 'install.ps1'), [...roots, '-Icacls', icacls.program]);
    t.equal(noExe.code, 1, 'a package without the exe is exit 1');
    t.match(noExe.stderr, /copying tetra-doctor.exe .* failed: .*tetra-doctor.exe is missing/);

    const uninstall = path.join(pkg, 'uninstall.ps1');
    const keep = await runScript(pwsh, uninstall, roots);
    t.equal(keep.code, 0, 'uninstall exits 0');
    t.notOk(existsSync(path.join(programFiles, 'tetra-doctor')), 'the program folder is gone');
    t.ok(existsSync(path.join(dataDir, 'settings.json')), 'settings kept without -RemoveData');
    const all = await runScript(pwsh, uninstall, [...roots, '-RemoveData']);
    t.equal(all.code, 0);
    t.notOk(existsSync(dataDir), '-RemoveData removes the data folder');
    const nothing = await runScript(pwsh, uninstall, [...roots, '-RemoveData']);
    t.equal(nothing.code, 0, 'nothing left to remove is success');
  });

  t.test('the rights step under Wine: install.ps1 runs icacls.exe and goes on when it exits 0', async (t: Test) => {
    const noWine = wineSkipReason();
    if (noWine) {
      t.plan(0, `icacls needs Windows or Wine: ${noWine}`);
      return;
    }
    const wine = await startWine();
    t.teardown(wine.close);
    const icacls = fakeIcacls(dir, 0, true);
    const pkg = makePackage(path.join(dir, 'wine'), 'exe');
    const run = await runScript(pwsh, path.join(pkg, 'install.ps1'), [...roots, '-Icacls', icacls.program], {
      env: wineEnv() as Record<string, string>,
      limitMs: 300_000,
    });
    t.equal(run.code, 0, 'install.ps1 exits 0 when icacls.exe does', { stderr: run.stderr });
    t.same(readFileSync(icacls.log, 'utf8').trim().split('\n'), [`${dataDir} ${ACL_ARGS}`]);
    t.comment(
      'Wine 8\'s icacls.exe is a stub ("This is dummy icacls, not performing ACL manipulations"): it sets no rights and ' +
        'exits 0 whatever its arguments, so this run cannot tell right arguments from wrong ones. The arguments are ' +
        'checked against ACL_ARGS above; the rights they give (inheritance removed, SYSTEM and Administrators only) ' +
        'can only be read back on Windows.',
    );
  });
});
