// Runs the bundled CLI as a child process, the way scripts and admins run it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { NOW } from './endpoint';

export const BUNDLE = path.resolve(__dirname, '../../dist/tetra-doctor.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Pin "now" so that fixtures do not age (default: the fixtures' NOW). */
  now?: string | null;
  command?: string[];
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const now = options.now === undefined ? NOW : options.now;
  const fullArgs = [...(options.command ?? [process.execPath, BUNDLE]), ...args, ...(now ? ['--now', now] : [])];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(fullArgs[0], fullArgs.slice(1), { env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: unknown = null;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = null;
      }
      resolve({ code, stdout, stderr, ms: Date.now() - started, json });
    });
  });
}
