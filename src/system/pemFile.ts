// The one reader of a PEM file given on the command line (--ca-file, --console-ca-file, --splunk-ca-file, the test
// trust seams).
import { MAX_CA_FILE_BYTES, parseOption } from '../contract/options';
import { readFileBoundedSync } from './readFileBounded';

/**
 * A regular file only (a FIFO would block, a device never end), opened without blocking and read up to `maxBytes`.
 * What it throws names the file, never its contents; the caller adds the option's name.
 */
export function readPemFile(file: string, maxBytes = MAX_CA_FILE_BYTES): string {
  const read = readFileBoundedSync(file, { maxBytes, followLinks: true });
  if (read.state === 'missing') throw new Error(`${file} does not exist`);
  if (read.state === 'failed') throw new Error(read.error);
  return read.bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** A CA file: a PEM file that holds at least one certificate. */
export function readCaFile(file: string): string {
  const text = readPemFile(file);
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${file} holds no PEM certificate`);
  return text;
}

/** Every CA-file option (`--ca-file`, `--console-ca-file`, `--splunk-ca-file`) is read by this one function. */
export function readCaFileOption(option: string, file: string): string {
  return parseOption(option, () => readCaFile(file));
}

/** A PEM option that may hold no certificate yet (the test trust seams), up to `maxBytes`. */
export function readPemOption(option: string, file: string, maxBytes: number): string {
  return parseOption(option, () => readPemFile(file, maxBytes));
}
