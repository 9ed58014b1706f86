// Deterministic zip archives for the release: entries in a fixed (sorted) order, one fixed time stamp and one file
// mode for every entry, no extra fields that vary between machines. The same input bytes give the same archive.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ZipFile } from 'yazl';

/** Every regular file under dir, as paths relative to it with forward slashes, in byte order of those paths. */
export function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/**
 * The DOS date and time in a zip entry are local wall-clock fields; yazl fills them from the Date's local-time
 * parts. A Date made from the UTC parts of `when`, read back as local time, gives the same fields in every time
 * zone, so the archive does not depend on the TZ of the machine that builds it.
 */
function zoneFreeDate(when) {
  return new Date(
    when.getUTCFullYear(),
    when.getUTCMonth(),
    when.getUTCDate(),
    when.getUTCHours(),
    when.getUTCMinutes(),
    when.getUTCSeconds(),
  );
}

/**
 * Writes a zip of `entries` ([{ name, data, compress? }], in the order given) and returns its bytes. Only the DOS
 * time stamp is written (forceDosTimestamp): the "UT" extra field would carry a UTC time that differs by zone.
 */
export function zipBuffer(entries, mtime) {
  const zip = new ZipFile();
  const options = { mtime: zoneFreeDate(mtime), mode: 0o100644, forceDosTimestamp: true };
  for (const { name, data, compress = true } of entries) zip.addBuffer(data, name, { ...options, compress });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks = [];
    zip.outputStream.on('data', (chunk) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * A zip of every file under dir, each stored under `prefix` + its relative path; deflated, except the files for
 * which `stored(name)` is true (data that is compressed already, where deflate only spends time).
 */
export function zipFolder(dir, mtime, prefix = '', stored = () => false) {
  const entries = listFiles(dir).map((name) => ({
    name: `${prefix}${name}`,
    data: readFileSync(path.join(dir, ...name.split('/'))),
    compress: !stored(name),
  }));
  return zipBuffer(entries, mtime);
}
