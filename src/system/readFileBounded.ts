// Reads a file that someone else may have planted or damaged, in bounded time and memory: opened without blocking
// (a FIFO opened for reading would otherwise wait for a writer forever), checked to be a regular file on the open
// handle (never by the size `stat` reports: /dev/zero and a FIFO both show 0), and read only up to its cap while
// reading. A FIFO, a device, a directory, or (unless asked to follow) a symbolic link is that source's failure.
import { constants, promises as fs, closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export interface BoundedReadOptions {
  /** The most bytes read; a file that holds more fails (or, with `tail`, gives its last maxBytes). */
  maxBytes: number;
  /** Follow a symbolic link in the last path component (default false: a link is refused with O_NOFOLLOW). */
  followLinks?: boolean;
  /** Read the last maxBytes of a longer file instead of failing (logs, history). */
  tail?: boolean;
}

export type BoundedRead =
  | { state: 'ok'; bytes: Buffer; /** True when `tail` skipped the file's beginning. */ truncated: boolean }
  | { state: 'missing' }
  | { state: 'failed'; error: string };

/** O_NONBLOCK and O_NOFOLLOW do not exist on Windows (undefined there): named pipes and reparse points are caught by fstat. */
function openFlags(followLinks: boolean): number {
  const nonBlock = constants.O_NONBLOCK ?? 0;
  const noFollow = followLinks ? 0 : (constants.O_NOFOLLOW ?? 0);
  return constants.O_RDONLY | nonBlock | noFollow;
}

function openFailure(file: string, err: unknown): BoundedRead {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { state: 'missing' };
  // O_NOFOLLOW on a link fails with ELOOP (Linux) or EMLINK (FreeBSD).
  if (code === 'ELOOP' || code === 'EMLINK')
    return { state: 'failed', error: `${file} is a symbolic link, which is not followed` };
  return { state: 'failed', error: `${file} could not be opened (${code ?? (err as Error).message})` };
}

/** What a handle that is not a regular file is, in words an admin recognises; null for a regular file. */
function nonRegularKind(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Why a handle that is not a regular file is refused. */
export function notRegularReason(file: string, stats: Stats): string | null {
  const kind = nonRegularKind(stats);
  return kind === null ? null : `${file} is ${kind}, not a regular file`;
}

class NotRegularFileError extends Error {}

/**
 * Opens a file for streaming reads (fleet inputs) the same way: without blocking, following links, and refused
 * unless the opened handle is a regular file, so that a swap after a check changes nothing. The caller closes it.
 */
export async function openRegularFile(file: string): Promise<fs.FileHandle> {
  const handle = await fs.open(file, openFlags(true));
  try {
    const kind = nonRegularKind(await handle.stat());
    if (kind !== null) throw new NotRegularFileError(`not a regular file (${kind})`);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

export async function readFileBounded(file: string, options: BoundedReadOptions): Promise<BoundedRead> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, openFlags(options.followLinks ?? false));
  } catch (err) {
    return openFailure(file, err);
  }
  try {
    const stats = await handle.stat();
    const notRegular = notRegularReason(file, stats);
    if (notRegular) return { state: 'failed', error: notRegular };
    // For a regular file the size is a fair guide to where the tail starts; the read itself never trusts it.
    const start = options.tail ? Math.max(0, stats.size - options.maxBytes) : 0;
    const buffer = Buffer.alloc(Math.min(options.maxBytes + 1, 64 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start + total);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
      total += bytesRead;
      if (total > options.maxBytes) {
        if (options.tail) break;
        return { state: 'failed', error: `${file} holds more than the ${options.maxBytes} bytes read` };
      }
    }
    const bytes = Buffer.concat(chunks, total);
    return { state: 'ok', bytes: options.tail ? bytes.subarray(0, options.maxBytes) : bytes, truncated: start > 0 };
  } catch (err) {
    return {
      state: 'failed',
      error: `${file} could not be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The same, synchronously: for the command line's own checks (--ca-file), before anything runs. */
export function readFileBoundedSync(file: string, options: BoundedReadOptions): BoundedRead {
  let fd: number;
  try {
    fd = openSync(file, openFlags(options.followLinks ?? false));
  } catch (err) {
    return openFailure(file, err);
  }
  try {
    const notRegular = notRegularReason(file, fstatSync(fd));
    if (notRegular) return { state: 'failed', error: notRegular };
    const buffer = Buffer.alloc(64 * 1024);
    const chunks: Buffer[] = [];
    let total = 0;
    for (
      let n = readSync(fd, buffer, 0, buffer.length, total);
      n > 0;
      n = readSync(fd, buffer, 0, buffer.length, total)
    ) {
      chunks.push(Buffer.from(buffer.subarray(0, n)));
      total += n;
      if (total > options.maxBytes)
        return { state: 'failed', error: `${file} holds more than the ${options.maxBytes} bytes read` };
    }
    return { state: 'ok', bytes: Buffer.concat(chunks, total), truncated: false };
  } catch (err) {
    return {
      state: 'failed',
      error: `${file} could not be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    };
  } finally {
    closeSync(fd);
  }
}

/** Text of a bounded read, or the reason it failed; `missing` is reported as a failure worded by the caller. */
export async function readTextBounded(
  file: string,
  options: BoundedReadOptions,
): Promise<{ state: 'ok'; text: string } | { state: 'missing' } | { state: 'failed'; error: string }> {
  const read = await readFileBounded(file, options);
  return read.state === 'ok' ? { state: 'ok', text: read.bytes.toString('utf8') } : read;
}
