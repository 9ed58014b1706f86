// Runs the PowerShell scripts under intune/ and rmm/ the way Intune and RMM agents do
// (`pwsh -NoProfile -ExecutionPolicy Bypass -File <script> ...`) against fake tetra-doctor executables.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export { ROOT as REPO_ROOT } from './paths';
import { ROOT as REPO_ROOT } from './paths';
export const INTUNE_DIR = join(REPO_ROOT, 'intune');
export const RMM_DIR = join(REPO_ROOT, 'rmm');

/** pwsh on PATH, else the one `dotnet tool install --global PowerShell` puts in ~/.dotnet/tools, else null. */
export function findPwsh(): string | null {
  const names = process.platform === 'win32' ? ['pwsh.exe'] : ['pwsh'];
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  dirs.push(join(homedir(), '.dotnet', 'tools'));
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

const SKIP_MESSAGE = 'PowerShell tests skipped: pwsh not found on PATH or in ~/.dotnet/tools (run .ci/install-pwsh.sh)';

interface TapLike {
  test(name: string, fn: (t: any) => Promise<void> | void): unknown;
  skip(name: string, ...rest: unknown[]): unknown;
  fail(message: string): unknown;
}

/**
 * Registers `fn` as a subtest when pwsh exists. Without pwsh it is skipped with a plain message,
 * except under CI=true, where a missing pwsh is a failure: the scripts must be tested there.
 * The fake executables are POSIX shell scripts, so `posixOnly` suites skip on Windows.
 */
export function withPwsh(
  t: TapLike,
  name: string,
  fn: (t: any, pwsh: string) => Promise<void>,
  posixOnly = true,
): void {
  const pwsh = findPwsh();
  if (!pwsh) {
    if (process.env.CI === 'true')
      t.fail(
        `${name}: pwsh not found on PATH or in ~/.dotnet/tools, and CI=true makes the PowerShell tests mandatory (run .ci/install-pwsh.sh)`,
      );
    else t.skip(`${name}: ${SKIP_MESSAGE}`);
    return;
  }
  if (posixOnly && process.platform === 'win32') {
    t.skip(`${name}: the fake executables are POSIX shell scripts; skipped on Windows`);
    return;
  }
  t.test(name, (tt: any) => fn(tt, pwsh));
}

export interface ScriptRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
  lines: string[];
  lastLine: string;
  ms: number;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Hard limit for the whole pwsh run (default 120 s: generous, machines running other suites are slow); the test fails rather than hangs. */
  limitMs?: number;
}

/** Runs a script as Intune does: no profile, policy bypassed, -File, arguments after the path. */
export function runScript(pwsh: string, script: string, args: string[], options: RunOptions = {}): Promise<ScriptRun> {
  const started = Date.now();
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  // pwsh's first-run banner and telemetry must not depend on the machine.
  env.POWERSHELL_TELEMETRY_OPTOUT = '1';
  env.POWERSHELL_UPDATECHECK = 'Off';
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      pwsh,
      ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script, ...args],
      {
        env: env as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const limit = setTimeout(() => child.kill('SIGKILL'), options.limitMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(limit);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      const stdoutBytes = Buffer.concat(out);
      const stdout = stdoutBytes.toString('latin1');
      const lines = stdout.split(/\r?\n/).filter((line) => line !== '');
      resolvePromise({
        code,
        signal,
        stdout,
        stderr: Buffer.concat(err).toString('utf8'),
        stdoutBytes,
        lines,
        lastLine: lines.length > 0 ? lines[lines.length - 1] : '',
        ms: Date.now() - started,
      });
    });
  });
}

/** A pwsh wrapper script that defines stand-ins (e.g. Ninja-Property-Set), then runs `script` with `args`. */
export function writeWrapper(dir: string, name: string, prelude: string, script: string, args: string[]): string {
  const quoted = args.map((arg) => (/^-[A-Za-z]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "''")}'`));
  const path = join(dir, name);
  writeFileSync(path, `${prelude}\n& '${script.replace(/'/g, "''")}' ${quoted.join(' ')}\nexit $LASTEXITCODE\n`);
  return path;
}

export interface FakeExe {
  /** Bytes on stdout (written exactly as given). */
  stdout?: string | Buffer;
  stderr?: string | Buffer;
  exitCode?: number;
  /** Hang: starts a child `sleep` and waits for it, recording both pids. */
  hang?: boolean;
}

export interface FakeExeHandle {
  path: string;
  /** What the fake was called with, one argument a line; null when it never ran. */
  args(): string[] | null;
  /** Pids of the fake's shell and its sleeping child (hang only). */
  pids(): number[];
}

let fakeCounter = 0;

/** An executable shell script standing in for tetra-doctor.exe (or ninjarmm-cli.exe). */
export function fakeExe(dir: string, spec: FakeExe): FakeExeHandle {
  fakeCounter += 1;
  const base = join(dir, `fake-${fakeCounter}`);
  writeFileSync(`${base}.out`, spec.stdout ?? '');
  writeFileSync(`${base}.err`, spec.stderr ?? '');
  const body = [
    '#!/bin/sh',
    `: > '${base}.args'`,
    `for a in "$@"; do printf '%s\\n' "$a" >> '${base}.args'; done`,
    `cat '${base}.out'`,
    `cat '${base}.err' >&2`,
  ];
  if (spec.hang) {
    body.push(`echo $$ > '${base}.pids'`, 'sleep 300 &', `echo $! >> '${base}.pids'`, 'wait');
  }
  body.push(`exit ${spec.exitCode ?? 0}`);
  const path = `${base}.sh`;
  writeFileSync(path, `${body.join('\n')}\n`);
  chmodSync(path, 0o755);
  return {
    path,
    args: () =>
      existsSync(`${base}.args`)
        ? readFileSync(`${base}.args`, 'utf8')
            .split('\n')
            .filter((a) => a !== '')
        : null,
    pids: () =>
      existsSync(`${base}.pids`) ? readFileSync(`${base}.pids`, 'utf8').split(/\s+/).filter(Boolean).map(Number) : [],
  };
}

/** True while the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !/^\d+ \(.*\) [ZX] /.test(stat);
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** tetra-doctor's --format line for a given status and exit code, as the real renderer shapes it. */
export function toolLine(status: string, exitCode: number, extra = '', summary = 'Summary text.'): string {
  return `TETRA-DOCTOR status=${status} exit=${exitCode} host=PC1 version=90512 latest=90604 behind=92 lastupdate=2023-05-15T15:28:47.000Z age_h=74 lasterror=-2100 connector=8.1.7 codes=DEFINITIONS_STALE,LASTERROR_PROXY_AUTH${extra} at=2026-11-27T20:55:31.912Z | ${summary}`;
}

/** How the exit status of a process looks on this platform (POSIX keeps the low 8 bits). */
export function platformExitCode(code: number): number {
  return process.platform === 'win32' ? code : code & 0xff;
}

export function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** Runs pwsh once synchronously (used by the syntax test). */
export function runPwshSync(pwsh: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(pwsh, ['-NoProfile', '-NonInteractive', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

export interface ScriptJob {
  script: string;
  args: string[];
  options?: RunOptions;
}

/**
 * Runs several scripts at once (pwsh start-up is CPU-bound and slow, waiting on timeouts is not), results in
 * the order given. Each is still its own `pwsh -File` child process.
 */
export async function runMany(pwsh: string, jobs: ScriptJob[], concurrency = 3): Promise<ScriptRun[]> {
  const results: ScriptRun[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index];
      results[index] = await runScript(pwsh, job.script, job.args, job.options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  return results;
}

/**
 * pwsh takes 1-2 s of CPU to start; on a machine busy with other suites a file can need minutes of wall time.
 * Raise the file's timeout above tap's default so slowness is not reported as a failure.
 */
export const PWSH_FILE_TIMEOUT_MS = 600_000;
