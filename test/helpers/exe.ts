// The single-file executables (dist/tetra-doctor-linux-x64, dist/tetra-doctor-win-x64.exe) for the tests: built on
// demand by build/sea.mjs when missing or older than the bundle, once for all test files (a lock folder keeps two
// test processes from building at the same time). Building needs the official Node binaries, cached under .cache/
// after the first download from the npm registry; where they cannot be had, the executable tests skip, except in CI.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE, runCli, type CliOptions, type CliRun } from './cli';
import { ROOT } from './paths';

export { ROOT };
export const DIST = path.join(ROOT, 'dist');
export const CACHE = path.join(ROOT, '.cache');
export const LINUX_EXE = path.join(DIST, 'tetra-doctor-linux-x64');
export const WINDOWS_EXE = path.join(DIST, 'tetra-doctor-win-x64.exe');
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export interface Manifest {
  nodeVersion: string;
  builderSha256: string;
  bundleSha256: string;
  blobSha256: string;
  outputs: Record<string, { file: string; bytes: number; sha256: string }>;
}

export const sha256File = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
export const seaNodeVersion = (): string =>
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).config.seaNodeVersion;

/** The fingerprint of the build scripts and libraries that build/sea.mjs records (build/sea-fingerprint.cjs). */
const { builderSha256 } = require(path.join(ROOT, 'build', 'sea-fingerprint.cjs')) as { builderSha256(): string };

export function readManifest(dir = DIST): Manifest | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'executables.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** Why the executables in dist/ cannot be used as they are, or null when they match the bundle and the pinned Node. */
function staleness(): string | null {
  const manifest = readManifest();
  if (!manifest) return 'not built yet';
  if (manifest.nodeVersion !== seaNodeVersion())
    return `built with Node ${manifest.nodeVersion}, pinned ${seaNodeVersion()}`;
  if (!existsSync(BUNDLE) || manifest.bundleSha256 !== sha256File(BUNDLE)) return 'the bundle changed';
  if (manifest.builderSha256 !== builderSha256()) return 'the build scripts changed';
  for (const output of Object.values(manifest.outputs)) {
    const file = path.join(DIST, output.file);
    if (!existsSync(file) || statSync(file).size !== output.bytes) return `${output.file} is missing or changed`;
  }
  return null;
}

export function runNode(
  script: string,
  args: string[],
  timeoutMs = 600_000,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, script), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, output: `${stdout}${stderr}${err && code === null ? String(err) : ''}` });
      },
    );
  });
}

/**
 * Holds a lock folder under .cache/ while fn runs, waiting while another process holds it. The folder names its
 * owner's pid, so that a lock left by a killed test run is broken at once rather than waited out.
 */
export async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(CACHE, `${name}.lock`);
  const owner = path.join(lock, 'pid');
  mkdirSync(CACHE, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (lockIsStale(lock, owner)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockIsStale(lock: string, owner: string): boolean {
  try {
    const pid = Number(readFileSync(owner, 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return true;
    if (code === 'EPERM') return false;
    // No pid written yet (the owner is between mkdir and write) or unreadable: stale only when old.
    try {
      return Date.now() - statSync(lock).mtimeMs > 60_000;
    } catch {
      return false;
    }
  }
}

let ensured: Promise<string | null> | null = null;

/**
 * Makes sure both executables are built from the current bundle. Resolves to null when they are ready, or to the
 * reason they are not (for a plain skip message). In CI a build failure rejects: there the executables are required.
 */
export function ensureExecutables(): Promise<string | null> {
  ensured ??= withLock('sea-build', async () => {
    if (!existsSync(BUNDLE)) {
      const bundled = await runNode('build/bundle.mjs', []);
      if (bundled.code !== 0) throw new Error(`bundling failed:\n${bundled.output}`);
    }
    const why = staleness();
    if (why === null) return null;
    const build = await runNode('build/sea.mjs', []);
    if (build.code === 0 && staleness() === null) return null;
    const failure =
      build.output.split('\n').find((line) => line.startsWith('sea: build failed')) ??
      build.output.trim().split('\n').slice(-3).join(' | ');
    const reason = `the single executables could not be built (${why}; build/sea.mjs exited ${build.code}): ${failure}`;
    if (IN_CI) throw new Error(reason);
    return reason;
  });
  return ensured;
}

/** Runs the Linux executable the way runCli runs the bundle. */
export function runLinuxExe(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return runCli(args, { ...options, command: [LINUX_EXE] });
}
