// Benchmarks of the single-file executables, for docs/benchmarks.md (bench/run.mjs calls benchExecutables()):
// - start-up: the executable's `--version` against the bare embedded Node running an empty script, as a ratio;
// - `detect --offline` over a fixture install folder: wall time and peak RSS for the bundle on this machine's
//   Node, the Linux executable, and the Windows executable under Wine (when Wine is installed);
// - file sizes.
// Every time is the median of several runs. Wall times come from the clock around the child process; CPU time
// (user + system) and peak RSS from GNU time (`/usr/bin/time`, Debian package `time`) when it is there. On a busy
// machine wall times swing; CPU times hold steadier, so ratios are given for both.
// Run alone: node bench/executables.mjs
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builderSha256 } from '../build/sea-fingerprint.cjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const CACHE = path.join(ROOT, '.cache');
const BUNDLE = path.join(DIST, 'tetra-doctor.cjs');
export const LINUX_EXE = path.join(DIST, 'tetra-doctor-linux-x64');
const WINDOWS_EXE = path.join(DIST, 'tetra-doctor-win-x64.exe');
const GNU_TIME = '/usr/bin/time';
const WINE_PREFIX = path.join(CACHE, 'wine-prefix');

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value, digits = 0) => Number(value.toFixed(digits));
const mib = (bytes) => round(bytes / 1048576, 1);
const hasGnuTime = () =>
  existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;

/**
 * Runs a command once; stdout and stderr go to files (Windows programs under Wine need a file, not a pipe).
 * Returns wall ms, and CPU ms and peak RSS in KiB when GNU time is available.
 */
export function runOnce(command, args, { env = process.env, cwd = ROOT } = {}) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tetra-bench-'));
  const outFile = path.join(scratch, 'out');
  const timeFile = path.join(scratch, 'time');
  const out = openSync(outFile, 'w');
  const useTime = hasGnuTime();
  const [file, fileArgs] = useTime
    ? [GNU_TIME, ['-o', timeFile, '-f', '%e %U %S %M', command, ...args]]
    : [command, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, fileArgs, { env, cwd, stdio: ['ignore', out, out] });
    closeSync(out);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let cpuMs = null;
      let rssKiB = null;
      if (useTime) {
        const fields = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        cpuMs = (fields[1] + fields[2]) * 1000;
        rssKiB = fields[3];
      }
      const output = readFileSync(outFile, 'utf8');
      rmSync(scratch, { recursive: true, force: true });
      // GNU time reports a child's non-zero exit in its own output; the code here is the child's.
      resolve({ code, wallMs, cpuMs, rssKiB, output });
    });
  });
}

/**
 * Measures several commands with their runs interleaved (a, b, c, a, b, c, ...), so that a machine getting busier
 * or quieter during the benchmark moves every command alike. Each command gets one warm-up run first: the first
 * start of a 100 MB file pays for reading it from disk.
 */
async function measureInterleaved(subjects, { runs = 7, env, cwd } = {}) {
  const results = subjects.map(() => []);
  for (const s of subjects) await runOnce(s.command, s.args, { env, cwd });
  for (let i = 0; i < runs; i++) {
    for (const [index, s] of subjects.entries()) {
      const run = await runOnce(s.command, s.args, { env, cwd });
      if (s.expectCodes && !s.expectCodes.includes(run.code)) {
        throw new Error(
          `${path.basename(s.command)} ${s.args.join(' ')} exited ${run.code}: ${run.output.slice(0, 300)}`,
        );
      }
      results[index].push(run);
    }
  }
  return results.map((r) => ({
    runs,
    wallMs: median(r.map((x) => x.wallMs)),
    cpuMs: r[0].cpuMs === null ? null : median(r.map((x) => x.cpuMs)),
    rssKiB: r[0].rssKiB === null ? null : median(r.map((x) => x.rssKiB)),
  }));
}

export function seaNodeVersion() {
  return JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).config.seaNodeVersion;
}

/** Builds the executables when they are missing or older than the bundle or the build scripts (npm run bench bundles first). */
export function ensureExecutables() {
  if (!existsSync(BUNDLE))
    execFileSync(process.execPath, [path.join(ROOT, 'build/bundle.mjs')], { cwd: ROOT, stdio: 'inherit' });
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(DIST, 'executables.json'), 'utf8'));
  } catch {
    manifest = null;
  }
  const bundleSha = createHash('sha256').update(readFileSync(BUNDLE)).digest('hex');
  const fresh =
    manifest &&
    manifest.nodeVersion === seaNodeVersion() &&
    manifest.builderSha256 === builderSha256() &&
    manifest.bundleSha256 === bundleSha &&
    existsSync(LINUX_EXE) &&
    existsSync(WINDOWS_EXE);
  if (!fresh)
    execFileSync(process.execPath, [path.join(ROOT, 'build/sea.mjs')], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
}

/** A healthy install folder, dated now: local.xml, posture.out, and an AmpCLI.exe of the given kind. */
function makeInstallFolder(ampCli) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tetra-bench-amp-'));
  const versionDir = path.join(root, '8.1.7.21417');
  mkdirSync(versionDir, { recursive: true });
  const now = Math.floor(Date.now() / 1000);
  writeFileSync(
    path.join(root, 'local.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<config><agent><engine><stats><definitions>{"engineDefinitions":[{"defVersion":"1:90604","engine":"tetra"}]}</definitions></stats><tetra><lastupdate>${now - 7200}</lastupdate><lastsuccesstime>${now - 7200}</lastsuccesstime><lasterror>0</lasterror></tetra></engine></agent></config>\n`,
  );
  writeFileSync(
    path.join(versionDir, 'posture.out'),
    JSON.stringify({
      connected: true,
      running: true,
      connector_version: '8.1.7',
      engines: [
        {
          name: 'Tetra',
          enabled: true,
          definitions: [{ name: 'Tetra', version: 90604, last_successful_update: now - 7200 }],
        },
      ],
    }),
  );
  if (ampCli === 'script') {
    writeFileSync(path.join(versionDir, 'AmpCLI.exe'), '#!/bin/sh\ncat "$(dirname "$0")/posture.out"\n', {
      mode: 0o755,
    });
    writeFileSync(path.join(versionDir, 'sfc.exe'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  } else {
    copyFileSync(ampCli, path.join(versionDir, 'AmpCLI.exe'));
    copyFileSync(ampCli, path.join(versionDir, 'sfc.exe'));
  }
  return root;
}

/** What stands in the way of the Wine measurements, or null. */
function wineMissing() {
  for (const tool of ['wine', 'wineserver', 'x86_64-w64-mingw32-gcc']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0)
      return `${tool} is not installed (.ci/install-wine.sh)`;
  }
  if (!existsSync(path.join(WINE_PREFIX, '.tetra-doctor-ready')))
    return 'no Wine prefix under .cache/ yet (the Windows tests create it: npm test)';
  return null;
}

async function benchWindows(rows, winePlatformNode) {
  const env = {
    ...process.env,
    WINEPREFIX: WINE_PREFIX,
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    DISPLAY: '',
  };
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tetra-bench-wine-'));
  const ampCli = path.join(scratch, 'AmpCLI.exe');
  execFileSync('x86_64-w64-mingw32-gcc', [
    '-municode',
    '-O2',
    '-s',
    '-o',
    ampCli,
    path.join(ROOT, 'test/fixtures-src/ampcli.c'),
  ]);
  const emptyScript = path.join(scratch, 'empty.js');
  writeFileSync(emptyScript, '');
  const winEmpty = `Z:${emptyScript.replace(/\//g, '\\')}`;
  // One persistent wineserver for all runs, as in the tests; stopped at the end if this call started it.
  const server = spawn('wineserver', ['--persistent=60', '--foreground'], { env, stdio: 'ignore' });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const owned = !(await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 300))]));
  const amp = makeInstallFolder(ampCli);
  try {
    const runs = 5;
    const [bare, version, detect] = await measureInterleaved(
      [
        { command: 'wine', args: [winePlatformNode, winEmpty], expectCodes: [0] },
        { command: 'wine', args: [WINDOWS_EXE, '--version'], expectCodes: [0] },
        {
          command: 'wine',
          args: [WINDOWS_EXE, 'detect', '--offline', '--format', 'json', '--amp-dir', `Z:${amp.replace(/\//g, '\\')}`],
          expectCodes: [0],
        },
      ],
      { env, runs },
    );
    rows.push(
      {
        name: 'start-up, Windows exe under Wine (--version)',
        value: round(version.wallMs),
        unit: 'ms',
        note: `median of ${runs}, wall`,
      },
      {
        name: 'start-up, bare node.exe under Wine (empty script)',
        value: round(bare.wallMs),
        unit: 'ms',
        note: `median of ${runs}, wall`,
      },
      {
        name: 'start-up ratio under Wine, Windows exe / bare node.exe',
        value: round(version.wallMs / bare.wallMs, 2),
        unit: '×',
        note: 'wall; Wine start-up dominates both',
      },
    );
    rows.push({
      name: 'detect --offline, Windows exe under Wine',
      value: round(detect.wallMs),
      unit: 'ms',
      note: `median of ${runs}, wall; runs AmpCLI.exe (mingw fake) and sc.exe under Wine`,
    });
    if (detect.rssKiB !== null) {
      rows.push({
        name: 'detect --offline peak RSS, Windows exe under Wine',
        value: mib(detect.rssKiB * 1024),
        unit: 'MiB',
        note: 'GNU time of the wine process (the Windows program runs in it); wineserver not counted',
      });
    }
  } finally {
    rmSync(amp, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
    if (owned && server.exitCode === null) {
      spawnSync('wineserver', ['--kill'], { env, stdio: 'ignore' });
      await exited;
    }
  }
}

export async function benchExecutables() {
  ensureExecutables();
  const version = seaNodeVersion();
  const bareNode = path.join(CACHE, 'node', version, 'linux-x64', 'node');
  const bareNodeExe = path.join(CACHE, 'node', version, 'win-x64', 'node.exe');
  const rows = [];

  // File sizes.
  rows.push(
    {
      name: 'size, bundle (dist/tetra-doctor.cjs)',
      value: mib(statSync(BUNDLE).size),
      unit: 'MiB',
      note: 'needs a Node.js on the machine',
    },
    {
      name: 'size, Windows exe (dist/tetra-doctor-win-x64.exe)',
      value: mib(statSync(WINDOWS_EXE).size),
      unit: 'MiB',
      note: `official node.exe ${version}: ${mib(statSync(bareNodeExe).size)} MiB`,
    },
    {
      name: 'size, Linux exe (dist/tetra-doctor-linux-x64)',
      value: mib(statSync(LINUX_EXE).size),
      unit: 'MiB',
      note: `official node ${version} (not stripped): ${mib(statSync(bareNode).size)} MiB`,
    },
  );

  // Start-up against the embedded Node itself.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tetra-bench-'));
  const emptyScript = path.join(scratch, 'empty.js');
  writeFileSync(emptyScript, '');
  try {
    const runs = 9;
    const [bare, exe, bundleOnNode22] = await measureInterleaved(
      [
        { command: bareNode, args: [emptyScript], expectCodes: [0] },
        { command: LINUX_EXE, args: ['--version'], expectCodes: [0] },
        { command: bareNode, args: [BUNDLE, '--version'], expectCodes: [0] },
      ],
      { runs },
    );
    rows.push(
      {
        name: `start-up, bare node ${version} (empty script)`,
        value: round(bare.wallMs),
        unit: 'ms',
        note: `median of ${runs}, wall${bare.cpuMs !== null ? `; CPU ${round(bare.cpuMs)} ms` : ''}`,
      },
      {
        name: 'start-up, Linux exe (--version)',
        value: round(exe.wallMs),
        unit: 'ms',
        note: `median of ${runs}, wall${exe.cpuMs !== null ? `; CPU ${round(exe.cpuMs)} ms` : ''}`,
      },
      {
        name: `start-up, bundle on bare node ${version} (--version)`,
        value: round(bundleOnNode22.wallMs),
        unit: 'ms',
        note: 'the same script outside the executable: the SEA wrapping itself costs the difference',
      },
      {
        name: 'start-up ratio, Linux exe / bare node (wall)',
        value: round(exe.wallMs / bare.wallMs, 2),
        unit: '×',
        note: 'target at most 1.5×',
      },
    );
    if (exe.cpuMs !== null && bare.cpuMs) {
      rows.push({
        name: 'start-up ratio, Linux exe / bare node (CPU)',
        value: round(exe.cpuMs / bare.cpuMs, 2),
        unit: '×',
        note: 'user + system time; steadier than wall on a busy machine',
      });
    }

    // detect --offline over the same healthy install folder.
    const amp = makeInstallFolder('script');
    try {
      const args = ['detect', '--offline', '--format', 'json', '--amp-dir', amp];
      const subjects = [
        [`bundle on this machine's node ${process.version}`, process.execPath, [BUNDLE, ...args]],
        ['Linux exe', LINUX_EXE, args],
      ];
      const measured = await measureInterleaved(
        subjects.map(([, command, commandArgs]) => ({ command, args: commandArgs, expectCodes: [0] })),
        { runs },
      );
      for (const [index, [label]] of subjects.entries()) {
        const m = measured[index];
        rows.push({
          name: `detect --offline, ${label}`,
          value: round(m.wallMs),
          unit: 'ms',
          note: `median of ${runs}, wall${m.cpuMs !== null ? `; CPU ${round(m.cpuMs)} ms` : ''}`,
        });
        if (m.rssKiB !== null)
          rows.push({
            name: `detect --offline peak RSS, ${label}`,
            value: mib(m.rssKiB * 1024),
            unit: 'MiB',
            note: 'GNU time, maximum resident set size',
          });
      }
    } finally {
      rmSync(amp, { recursive: true, force: true });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const noWine = wineMissing();
  if (noWine) rows.push({ name: 'Windows exe under Wine', value: null, unit: '', note: `not measured: ${noWine}` });
  else await benchWindows(rows, bareNodeExe);
  if (!hasGnuTime())
    rows.push({
      name: 'peak RSS',
      value: null,
      unit: '',
      note: 'not measured: /usr/bin/time (Debian package time) is not installed',
    });
  return rows;
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  for (const row of await benchExecutables())
    process.stdout.write(`${row.name}: ${row.value ?? '-'} ${row.unit}${row.note ? ` (${row.note})` : ''}\n`);
}
