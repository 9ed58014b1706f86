// The bad-input matrix's building blocks: what a case is, and the ways a case runs the bundled CLI against hostile
// inputs (fixture installs, planted files, misbehaving servers). Each class of inputs has its file in cases/.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliOptions, type CliRun } from '../helpers/cli';
import { findPwsh } from '../helpers/pwsh';
import { localXml, makeEndpoint, postureJson, policyXml, type EndpointOptions } from '../helpers/endpoint';
import { startPath, type PathOptions } from '../helpers/pathServers';
import {
  endlessBody,
  redirectLoop,
  startBlackHole,
  startProxy,
  startRaw,
  trickle,
  type Running,
} from '../helpers/servers';

export {
  endlessBody,
  localXml,
  makeEndpoint,
  policyXml,
  postureJson,
  redirectLoop,
  runCli,
  startBlackHole,
  startPath,
  startProxy,
  startRaw,
  trickle,
};
export type { CliRun, EndpointOptions, PathOptions, Running };

/** A further assertion on a run: null when met, else what went wrong. */
export interface Check {
  name: string;
  check(run: CliRun): string | null;
}

export interface Case {
  id: string;
  /** The source or class of input (the doc's "source" column). */
  area: string;
  input: string;
  exit: number;
  /** Findings that must be reported (others may be too); [] means none at all; null means not checked. */
  codes: string[] | null;
  run(): Promise<CliRun>;
  /** What stdout holds: one JSON result (default), a `line` result, or `text` for a person. */
  output?: 'json' | 'line' | 'text';
  /** Assertions of the case's own class (no secret in any form, one marker, no escape sequence...). */
  checks?: Check[];
  /** The peak RSS a run may reach, when the class needs more than the matrix's MAX_RSS_MB (and says why). */
  maxRssMb?: number;
}

/** The peak RSS of one run of the CLI, unless its case says otherwise. */
export const MAX_RSS_MB = 150;

/**
 * When a case's child process is killed: only a run far past any bound. How long a case may take is the test's
 * bound, scaled by a baseline run measured in the same test; a kill at a fixed 30 s made a loaded machine (load 18
 * on 2 cores) fail FG2, 5000 Graph pages, as "exit null, no report".
 */
export const KILL_AFTER_MS = 300_000;

export const cleanup: Array<() => unknown> = [];

export function detectOffline(endpoint: EndpointOptions, extra: string[] = []) {
  return async () => {
    const e = makeEndpoint(endpoint);
    cleanup.push(e.remove);
    return runCli(
      ['detect', '--amp-dir', e.root, '--offline', '--format', 'json', '--posture-timeout-ms', '1500', ...extra],
      { measureRss: true },
    );
  };
}

/** Detect with a healthy update path and the given versions.id server behaviour. */
export function detectWithReference(reference: PathOptions['reference']) {
  return async () => {
    const path = await startPath({ reference });
    const e = makeEndpoint();
    cleanup.push(path.close, e.remove);
    return runCli(['detect', '--amp-dir', e.root, '--format', 'json', ...path.args], { measureRss: true });
  };
}

export function probeWith(start: () => Promise<Running>, args: (server: Running) => string[]) {
  return async () => {
    const server = await start();
    cleanup.push(server.close);
    return runCli(['probe', '--format', 'json', '--timeout-ms', '2500', ...args(server)], {
      now: null,
      measureRss: true,
    });
  };
}

export function probePath(options: PathOptions) {
  return async () => {
    const path = await startPath(options);
    cleanup.push(path.close);
    return runCli(['probe', '--format', 'json', ...path.args, '--timeout-ms', '2500'], { now: null, measureRss: true });
  };
}

/**
 * Probe a healthy path through a misbehaving proxy. A proxy that fails at once gets a deadline it never needs, so that
 * a loaded machine's slow start cannot turn its failure into a timeout; one that stalls (`stalls`) is cut at 2.5 s.
 */
export function viaProxy(start: () => Promise<Running>, { stalls = false } = {}) {
  return async () => {
    const [path, proxy] = await Promise.all([startPath(), start()]);
    cleanup.push(path.close, proxy.close);
    return runCli(
      [
        'probe',
        '--format',
        'json',
        ...path.args,
        '--timeout-ms',
        stalls ? '2500' : '15000',
        '--proxy',
        `http://user:S3NTINEL-pw@127.0.0.1:${proxy.port}`,
      ],
      { now: null, measureRss: true },
    );
  };
}

export const ampCli = (body: string): EndpointOptions => ({ ampCliScript: body });
export const failedPosture: EndpointOptions = { posture: null };
export const utf16 = (text: string) => Buffer.from(text, 'utf16le');
export const bomb = (root: string) =>
  `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><${root}>&j;</${root}>`;
export const deep = (n: number) => `<config>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</config>`;
export const padded = (xml: string, megabytes: number) =>
  xml.replace('<config>', `<config><!--${'x'.repeat(megabytes * 1024 * 1024)}-->`);
export const notConfig = '<?xml version="1.0"?><settings><tetra>1</tetra></settings>';

/** A fresh folder removed after the matrix. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export type Planted = 'fifo' | 'link-to-fifo' | 'link-to-dev-zero' | 'directory' | 'link-to-directory';
export const PLANTED: Planted[] = ['fifo', 'link-to-fifo', 'link-to-dev-zero', 'directory', 'link-to-directory'];
export const PLANTED_WORDS: Record<Planted, string> = {
  fifo: 'a FIFO',
  'link-to-fifo': 'a symbolic link to a FIFO',
  'link-to-dev-zero': 'a symbolic link to /dev/zero',
  directory: 'a directory',
  'link-to-directory': 'a symbolic link to a directory',
};

/** Puts something that is not a regular file where a file is read. */
export function plant(file: string, kind: Planted): void {
  rmSync(file, { recursive: true, force: true });
  const target = `${file}.target`;
  if (kind === 'fifo') execFileSync('mkfifo', [file]);
  if (kind === 'link-to-fifo') {
    execFileSync('mkfifo', [target]);
    symlinkSync(target, file);
  }
  if (kind === 'link-to-dev-zero') symlinkSync('/dev/zero', file);
  if (kind === 'directory') execFileSync('mkdir', [file]);
  if (kind === 'link-to-directory') {
    execFileSync('mkdir', [target]);
    symlinkSync(target, file);
  }
}

/** `probe --format json` of an update server nothing listens on (127.0.0.1:9), with `extra` arguments: for inputs
 * that fail before or beside the path (proxy credentials, a CA file, a policy's PAC settings). */
export function probeNowhere(extra: string[], timeoutMs = 2500): Promise<CliRun> {
  return run(
    [
      'probe',
      '--format',
      'json',
      '--update-server',
      'https://127.0.0.1:9/',
      '--timeout-ms',
      String(timeoutMs),
      ...extra,
    ],
    { now: null },
  );
}

/** Runs the CLI, measuring its peak RSS. */
export function run(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return runCli(args, { measureRss: true, ...options });
}

/** Runs a PowerShell script the way Intune and RMM agents do (-NoProfile -File), as a run of the matrix. */
export function runScript(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(findPwsh() ?? 'pwsh', ['-NoProfile', '-NonInteractive', '-File', file, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started, rssKiB: null, json: null });
    });
  });
}
