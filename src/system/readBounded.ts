// Reads a small text file the user named (--ca-file) without letting it block or grow: a regular file only (not
// a FIFO or a device such as /dev/zero), opened without blocking, and refused beyond a size.
import { constants, promises as fs } from 'node:fs';

export async function readSmallTextFile(file: string, maxBytes: number): Promise<string> {
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
    if (stat.size > maxBytes) throw new Error(`${file} is ${stat.size} bytes, more than the ${maxBytes} read`);
    const buffer = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes + 1, 0);
    if (bytesRead > maxBytes) throw new Error(`${file} is more than ${maxBytes} bytes`);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
