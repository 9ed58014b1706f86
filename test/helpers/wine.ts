// Runs the Windows executable for real under Wine, with Windows programs (compiled here with mingw-w64) standing in
// for the connector's AmpCLI.exe and sfc.exe.
//
// Facts about Debian 12's Wine 8 that shape this helper:
// - One prefix costs about 5 s and 700 MB, so there is one, under .cache/wine-prefix, reused across runs; a stamp
//   file marks it complete, and a lock keeps two test processes from creating it at once.
// - Node refuses to start unless Wine reports Windows 10 (a registry value in the prefix).
// - Each `wine` call would start and stop a wineserver; one persistent server kept for the whole run saves that.
//   (Debian's /usr/bin/wineserver wrapper adds -p0 before our options; ours come later and win.)
// - A Windows program's stdout must be a file: a Unix pipe makes Node fail with EBADF. So is stderr here.
// - Linux paths reach Windows programs through the Z: drive (Z:\tmp\... is /tmp/...).
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { CliRun } from './cli';
import { makeEndpoint, NOW, type Endpoint, type EndpointOptions } from './endpoint';
import { CACHE, IN_CI, ROOT, WINDOWS_EXE, withLock } from './exe';

const WINE_PREFIX = path.join(CACHE, 'wine-prefix');
const READY_STAMP = path.join(WINE_PREFIX, '.tetra-doctor-ready');
const FAKES_SRC = path.join(ROOT, 'test/fixtures-src');
const MINGW_GCC = 'x86_64-w64-mingw32-gcc';

export const wineEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  WINEPREFIX: WINE_PREFIX,
  WINEDEBUG: '-all',
  // No Mono or Gecko: nothing here needs .NET or a browser engine, and asking for them costs seconds.
  WINEDLLOVERRIDES: 'mscoree,mshtml=',
  // No windows: the prefix is created headless.
  DISPLAY: '',
});

/** The path a Windows program under Wine sees for a Linux path. */
/** On Windows a root missing from the store makes the probes ask Windows Update whether it can be fetched
 * (docs/windows.md): under Wine that question goes to a closed port on loopback, unless a test names its own URL. */
function rootUpdateOnLoopback(args: string[]): string[] {
  const endpointCommand = ['detect', 'probe', 'remediate', 'collect'].includes(args[0]);
  return endpointCommand && !args.includes('--test-root-update-url')
    ? ['--test-root-update-url', 'http://127.0.0.1:9/trustedr/en/']
    : [];
}

export const winPath = (linuxPath: string) => `Z:${path.resolve(linuxPath).replace(/\//g, '\\')}`;

function exec(file: string, args: string[], timeoutMs = 120_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env: wineEnv(), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({
        code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
        output: `${stdout}${stderr}${err ? ` ${err.message}` : ''}`,
      });
    });
  });
}

/** Why Wine tests cannot run on this machine, or null when they can. */
function wineMissing(): string | null {
  const lacking = ['wine', MINGW_GCC].filter(
    (tool) => spawnSync(tool, ['--version'], { stdio: 'ignore', env: wineEnv() }).status !== 0,
  );
  return lacking.length ? `${lacking.join(' and ')} not installed (run .ci/install-wine.sh)` : null;
}

async function ensurePrefix(): Promise<void> {
  await withLock('wine-prefix', async () => {
    if (existsSync(READY_STAMP)) return;
    rmSync(WINE_PREFIX, { recursive: true, force: true });
    mkdirSync(WINE_PREFIX, { recursive: true });
    const boot = await exec('wineboot', ['--init'], 300_000);
    if (boot.code !== 0) throw new Error(`wineboot --init failed (${boot.code}): ${boot.output}`);
    const reg = await exec('wine', ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f']);
    if (reg.code !== 0) throw new Error(`setting the Windows version failed (${reg.code}): ${reg.output}`);
    // wineboot returns before the registry is flushed to the prefix's files; wait for the server to finish.
    await exec('wineserver', ['-w'], 120_000);
    writeFileSync(READY_STAMP, `${new Date().toISOString()}\n`);
  });
}

interface Fakes {
  ampCli: string;
  sfc: string;
}

/** Compiles the stand-in Windows programs once per source version, into .cache/fakes/<hash>/. */
async function compileFakes(): Promise<Fakes> {
  const sources = { ampCli: 'ampcli.c', sfc: 'sfc.c' } as const;
  const hash = createHash('sha256');
  for (const file of Object.values(sources)) hash.update(readFileSync(path.join(FAKES_SRC, file)));
  const dir = path.join(CACHE, 'fakes', hash.digest('hex').slice(0, 16));
  const fakes: Fakes = { ampCli: path.join(dir, 'AmpCLI.exe'), sfc: path.join(dir, 'sfc.exe') };
  if (Object.values(fakes).every((f) => existsSync(f))) return fakes;
  return withLock('wine-fakes', async () => {
    mkdirSync(dir, { recursive: true });
    for (const [name, source] of Object.entries(sources) as Array<[keyof Fakes, string]>) {
      if (existsSync(fakes[name])) continue;
      const scratch = `${fakes[name]}.${process.pid}.tmp`;
      const cc = await exec(MINGW_GCC, [
        '-municode',
        '-O2',
        '-s',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-o',
        scratch,
        path.join(FAKES_SRC, source),
      ]);
      if (cc.code !== 0) throw new Error(`compiling ${source} failed: ${cc.output}`);
      copyFileSync(scratch, fakes[name]);
      rmSync(scratch, { force: true });
    }
    return fakes;
  });
}

interface WindowsEndpointOptions extends Omit<EndpointOptions, 'ampCliScript'> {
  /** AmpCLI.exe hangs instead of answering (for the posture time limit). */
  ampCliHangs?: boolean;
}

interface WindowsEndpoint extends Endpoint {
  /** The install folder as the Windows executable sees it (Z:\tmp\...). */
  winRoot: string;
  /** What the fake sfc.exe recorded in the live version folder: one line per call, its path then its arguments. */
  sfcCalls(): string[];
}

export interface Wine {
  fakes: Fakes;
  /** Runs dist/tetra-doctor-win-x64.exe under Wine; stdout and stderr go through files (see above). */
  run(args: string[], options?: { timeoutMs?: number; now?: string | null; env?: NodeJS.ProcessEnv }): Promise<CliRun>;
  /** Runs any Windows program under Wine the same way (no --now added). */
  runProgram(
    program: string,
    args: string[],
    options?: { timeoutMs?: number; env?: NodeJS.ProcessEnv },
  ): Promise<CliRun>;
  /** A fixture install folder whose .exe files are real Windows programs. */
  endpoint(options?: WindowsEndpointOptions): WindowsEndpoint;
  close(): Promise<void>;
}

/**
 * Prepares Wine for a test file: the prefix, the fakes, and a persistent wineserver owned by this process (when
 * one is already running for the prefix, it is used and left alone). close() stops the server this call started.
 */
export async function startWine(): Promise<Wine> {
  await ensurePrefix();
  const fakes = await compileFakes();
  // Persistent for a minute after the last Wine program ends, not for ever: it goes away by itself after the last test
  // file that uses the prefix, and close() never has to kill it (which would kill another file's programs too).
  let server: ChildProcess | null = spawn('wineserver', ['--persistent=60', '--foreground'], {
    env: wineEnv(),
    stdio: 'ignore',
  });
  const serverExited = new Promise<void>((resolve) => server?.once('exit', () => resolve()));
  // A second wineserver for the same prefix exits at once; give it the moment to do so, and then do not own it.
  const early = await Promise.race([
    serverExited.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 300)),
  ]);
  if (early) server = null;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tetra-wine-'));
  let runs = 0;

  const runProgram: Wine['runProgram'] = (program, args, options = {}) => {
    const n = runs++;
    const outFile = path.join(scratch, `${n}.out`);
    const errFile = path.join(scratch, `${n}.err`);
    const out = openSync(outFile, 'w');
    const err = openSync(errFile, 'w');
    const started = Date.now();
    return new Promise<CliRun>((resolve, reject) => {
      const child = spawn('wine', [program, ...args], {
        env: { ...wineEnv(), NO_COLOR: '1', ...options.env },
        stdio: ['ignore', out, err],
      });
      closeSync(out);
      closeSync(err);
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        const stdout = readFileSync(outFile, 'utf8');
        const stderr = readFileSync(errFile, 'utf8');
        let json: unknown;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = null;
        }
        resolve({ code, stdout, stderr, ms: Date.now() - started, rssKiB: null, json });
      });
    });
  };

  const run: Wine['run'] = (args, options = {}) => {
    const now = options.now === undefined ? NOW : options.now;
    return runProgram(WINDOWS_EXE, [...args, ...(now ? ['--now', now] : []), ...rootUpdateOnLoopback(args)], options);
  };

  const endpoint = (options: WindowsEndpointOptions = {}): WindowsEndpoint => {
    const { ampCliHangs, ...rest } = options;
    const e = makeEndpoint(rest);
    // Replace the shell-script stand-ins with Windows programs, in every version folder.
    for (const entry of readdirSync(e.root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(e.root, entry.name);
      if (existsSync(path.join(dir, 'AmpCLI.exe'))) copyFileSync(fakes.ampCli, path.join(dir, 'AmpCLI.exe'));
      if (existsSync(path.join(dir, 'sfc.exe'))) copyFileSync(fakes.sfc, path.join(dir, 'sfc.exe'));
    }
    if (ampCliHangs) e.write(`${path.basename(e.versionDir)}/hang`, '');
    return {
      ...e,
      winRoot: winPath(e.root),
      sfcCalls: () => {
        const file = path.join(e.versionDir, 'sfc.calls');
        return existsSync(file) ? readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean) : [];
      },
    };
  };

  return {
    fakes,
    run,
    runProgram,
    endpoint,
    close: async () => {
      rmSync(scratch, { recursive: true, force: true });
      // The server is left to end by itself (--persistent=60): `wineserver --kill` would also end the Wine programs
      // of another test file that shares the prefix and runs beside this one (tap runs two files at once).
      server?.unref();
      server = null;
    },
  };
}

/** Why the Windows tests cannot run here (null when they can); in CI a missing Wine is an error, not a skip. */
export function wineSkipReason(): string | null {
  const missing = wineMissing();
  if (missing && IN_CI) throw new Error(`Wine tests are mandatory in CI: ${missing}`);
  return missing;
}
