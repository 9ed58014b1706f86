// Reads and removes the Authenticode signature of a PE (Windows .exe) file, per the PE/COFF specification.
//
// The signature lives in the attribute certificate table, which is not mapped into memory: the optional header's
// data directory entry 4 (IMAGE_DIRECTORY_ENTRY_SECURITY) holds its *file offset* and size, and signing tools
// append it at the very end of the file. Removing it means zeroing that entry and cutting the file at the offset.
// A signature left in place would be invalid once the SEA blob is injected, and Windows would then show the
// executable as tampered with rather than simply unsigned; the organisation signs the result itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const SECURITY_DIRECTORY = 4;

/** Locates the header fields needed here; throws on anything that is not a well-formed PE image. */
export function peLayout(buf) {
  if (buf.length < 64 || buf.readUInt16LE(0) !== 0x5a4d) throw new Error('not a PE file: no MZ header');
  const peOffset = buf.readUInt32LE(0x3c);
  if (peOffset + 24 > buf.length || buf.readUInt32LE(peOffset) !== 0x00004550)
    throw new Error('not a PE file: no PE signature');
  const sizeOfOptionalHeader = buf.readUInt16LE(peOffset + 20);
  const optional = peOffset + 24;
  const magic = buf.readUInt16LE(optional);
  let dataDirectories;
  let numberOfRvaAndSizes;
  if (magic === 0x10b) {
    numberOfRvaAndSizes = buf.readUInt32LE(optional + 92);
    dataDirectories = optional + 96;
  } else if (magic === 0x20b) {
    numberOfRvaAndSizes = buf.readUInt32LE(optional + 108);
    dataDirectories = optional + 112;
  } else {
    throw new Error(`not a PE file: optional header magic 0x${magic.toString(16)}`);
  }
  if (dataDirectories + numberOfRvaAndSizes * 8 > optional + sizeOfOptionalHeader)
    throw new Error('malformed PE: data directories overrun the optional header');
  return { checksumOffset: optional + 64, dataDirectories, numberOfRvaAndSizes };
}

/** The attribute certificate table's file offset and size, or null when the file is not signed. */
export function certificateTable(buf) {
  const layout = peLayout(buf);
  if (layout.numberOfRvaAndSizes <= SECURITY_DIRECTORY) return null;
  const entry = layout.dataDirectories + SECURITY_DIRECTORY * 8;
  const offset = buf.readUInt32LE(entry);
  const size = buf.readUInt32LE(entry + 4);
  if (offset === 0 && size === 0) return null;
  return { entry, offset, size };
}

/**
 * The PE checksum: 16-bit one's-complement-style sum of the file with the checksum field taken as zero, plus the length.
 * One's-complement addition is associative, so the words are summed plainly (exact: an 84 MB image sums to under 2^42)
 * and the carries folded in once at the end; read through a Uint16Array, that is eight times faster than word by word.
 */
export function peChecksum(buf) {
  const { checksumOffset } = peLayout(buf);
  const aligned = buf.byteOffset % 2 === 0 ? buf : Buffer.from(buf);
  const words = new Uint16Array(aligned.buffer, aligned.byteOffset, Math.floor(buf.length / 2));
  let sum = 0;
  for (let i = 0; i < words.length; i++) sum += words[i];
  // The checksum field itself counts as zero; an odd last byte counts as a word of its own.
  sum -= buf.readUInt16LE(checksumOffset) + buf.readUInt16LE(checksumOffset + 2);
  if (buf.length % 2 === 1) sum += buf[buf.length - 1];
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return (sum + buf.length) >>> 0;
}

/** Writes the correct checksum into the optional header (in place) and returns the buffer. */
export function updatePeChecksum(buf) {
  buf.writeUInt32LE(peChecksum(buf), peLayout(buf).checksumOffset);
  return buf;
}

/**
 * Returns a copy of the image without its Authenticode signature (the same bytes when there is none).
 * Refuses files whose certificate table is not the last thing in the file: cutting there would lose data.
 */
export function removeSignature(buf) {
  const table = certificateTable(buf);
  if (!table) return { image: buf, removed: false };
  if (table.offset + table.size !== buf.length) {
    throw new Error(
      `certificate table at ${table.offset} (+${table.size}) does not end the file (${buf.length} bytes); refusing to cut`,
    );
  }
  if (table.offset % 8 !== 0 || table.size < 8) throw new Error('malformed certificate table');
  const image = Buffer.from(buf.subarray(0, table.offset));
  image.fill(0, table.entry, table.entry + 8);
  updatePeChecksum(image);
  return { image, removed: true };
}

// node build/pe-signature.mjs IN [OUT]: reports the signature of IN; with OUT, writes IN without it.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [input, output] = process.argv.slice(2);
  if (!input) {
    process.stderr.write('usage: node build/pe-signature.mjs IN.exe [OUT.exe]\n');
    process.exit(2);
  }
  const buf = readFileSync(input);
  const table = certificateTable(buf);
  const checksum = buf.readUInt32LE(peLayout(buf).checksumOffset);
  process.stdout.write(
    `${JSON.stringify({ file: input, signed: table !== null, certificateTable: table && { offset: table.offset, size: table.size }, checksum, checksumValid: checksum === peChecksum(buf) })}\n`,
  );
  if (output) writeFileSync(output, removeSignature(buf).image);
}
