// Runs the bundled CLI as a child process, the way scripts and admins run it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NOW } from './endpoint';
import { schemaErrors } from './schema';

import { BUNDLE, ROOT } from './paths';

export { BUNDLE };
const RSS_PROBE = path.join(ROOT, 'bench', 'rss-probe.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  rssKiB: number | null;
  json: any;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Pin "now" so that fixtures do not age (default: the fixtures' NOW). */
  now?: string | null;
  command?: string[];
  /** Record the child's peak RSS (KiB) in `rssKiB`. */
  measureRss?: boolean;
  /** Kills the child (SIGKILL) when aborted: a run cut off half-way. */
  signal?: AbortSignal;
}

let testStateDir: string | null = null;

/** detect keeps history; tests keep theirs in a private folder, not the machine's real one. */
function defaultStateDir(args: string[]): string[] {
  if (!['detect', 'remediate', 'collect'].includes(args[0]) || args.includes('--state-dir')) return [];
  if (!testStateDir) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-state-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    testStateDir = dir;
  }
  return ['--state-dir', testStateDir];
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const now = options.now === undefined ? NOW : options.now;
  const rssFile = options.measureRss
    ? path.join(os.tmpdir(), `tetra-rss-${process.pid}-${Math.random().toString(36).slice(2)}`)
    : null;
  const runner = options.command ?? [process.execPath, ...(rssFile ? ['--require', RSS_PROBE] : []), BUNDLE];
  const fullArgs = [...runner, ...args, ...(now ? ['--now', now] : []), ...defaultStateDir(args)];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '1', ...options.env, ...(rssFile ? { TETRA_RSS_FILE: rssFile } : {}) };
    const child = spawn(fullArgs[0], fullArgs.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    options.signal?.addEventListener('abort', () => child.kill('SIGKILL'));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = null;
      }
      const rssKiB = rssFile && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : null;
      if (rssFile) rmSync(rssFile, { force: true });
      // Every JSON result a test sees keeps the published contract (schema/), whatever the test asserts on it.
      const broken = schemaErrors(json);
      if (broken) return reject(new Error(`${broken}\nstdout: ${stdout.slice(0, 2000)}`));
      resolve({ code, stdout, stderr, ms: Date.now() - started, rssKiB, json });
    });
  });
}

/** A failed probe's whole run (start-up, the network chunk, output): what the CLI costs on this machine right now. */
export function baselineRun(): Promise<CliRun> {
  return runCli(['probe', '--update-server', 'https://127.0.0.1:1/', '--timeout-ms', '1', '--format', 'json'], {
    now: null,
  });
}

/**
 * A limit for "stopped promptly" that load cannot break: `quietMs` plus ten baseline runs measured now, in the test
 * that asks, and always short of `wrongMs`, the time the wrong behaviour (waiting out a window) would take.
 */
export async function promptLimit(quietMs: number, wrongMs: number): Promise<number> {
  return Math.min(wrongMs - 1, quietMs + 10 * (await baselineRun()).ms);
}
