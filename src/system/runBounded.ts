// Runs a program directly (never through a shell), with a time limit and a cap on what it may print.
import { spawn } from 'node:child_process';

export interface BoundedRun {
  exitCode: number | null;
  stdout: Buffer;
  timedOut: boolean;
  truncated: boolean;
  /** Set when the program could not be started at all. */
  spawnError: string | null;
}

export interface BoundedRunLimits {
  timeoutMs: number;
  maxBytes: number;
}

export function runBounded(file: string, args: string[], limits: BoundedRunLimits): Promise<BoundedRun> {
  try {
    return startBounded(file, args, limits);
  } catch (err) {
    // Node reports most start failures as an 'error' event, but throws for the rest (E2BIG, EPERM, UNKNOWN: seen
    // under load in Wine; a security product that blocks the start may give others). A program that cannot start is a
    // finding, not a crash.
    const spawnError = err instanceof Error ? err.message : String(err);
    return Promise.resolve({ exitCode: null, stdout: Buffer.alloc(0), timedOut: false, truncated: false, spawnError });
  }
}

function startBounded(file: string, args: string[], limits: BoundedRunLimits): Promise<BoundedRun> {
  // spawn() runs before the Promise: a throw from it reaches runBounded's catch instead of rejecting the Promise.
  // On POSIX the child leads its own process group, so a kill reaches whatever it started too.
  const ownGroup = process.platform !== 'win32';
  const child = spawn(file, args, {
    shell: false,
    windowsHide: true,
    detached: ownGroup,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let truncated = false;
    let settled = false;
    const finish = (exitCode: number | null, spawnError: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ exitCode, stdout: Buffer.concat(chunks), timedOut, truncated, spawnError });
    };

    const kill = () => {
      try {
        if (ownGroup && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      // A grandchild may still hold the pipe open: stop waiting for it.
      child.stdout.destroy();
      finish(null, null);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, limits.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = limits.maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size = limits.maxBytes;
        truncated = true;
        kill();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    child.on('error', (err) => finish(null, err.message));
    child.on('close', (code) => finish(code, null));
  });
}
