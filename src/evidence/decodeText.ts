// Windows tools write UTF-8 with or without a BOM and UTF-16LE with or without one; read them all.

export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3).toString('utf8');
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return swapBytes(bytes.subarray(2)).toString('utf16le');
  }
  if (looksLikeUtf16(bytes, 1)) return bytes.toString('utf16le');
  if (looksLikeUtf16(bytes, 0)) return swapBytes(bytes).toString('utf16le');
  return bytes.toString('utf8');
}

/** ASCII text in UTF-16 has a zero in every other byte; `zeroAt` 1 means little-endian. */
function looksLikeUtf16(bytes: Buffer, zeroAt: 0 | 1): boolean {
  const sample = Math.min(bytes.length - (bytes.length % 2), 512);
  if (sample < 4) return false;
  let zeros = 0;
  for (let i = zeroAt; i < sample; i += 2) if (bytes[i] === 0 && bytes[i + (zeroAt ? -1 : 1)] !== 0) zeros++;
  return zeros >= (sample / 2) * 0.9;
}

function swapBytes(bytes: Buffer): Buffer {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  return Buffer.from(even).swap16();
}
