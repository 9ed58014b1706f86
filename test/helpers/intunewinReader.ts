// An independent reader of .intunewin packages for the tests: only Node's crypto and yauzl (a zip reader that
// shares no code with the writer's yazl), written from the format's public description rather than from
// build/release/intunewin.mjs. It checks the HMAC before it decrypts, then the digest and the size.
import { createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import yauzl from 'yauzl';

export interface ZipEntry {
  name: string;
  /** The compression method: 0 stored, 8 deflated. */
  method: number;
  bytes: Buffer;
}

/** Every file entry of a zip, in the zip's order, with its compression method and its bytes. */
export function readZipEntries(data: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true, strictFileNames: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const entries: ZipEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return reject(streamErr ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({ name: entry.fileName, method: entry.compressionMethod, bytes: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Every file entry of a zip, by name, with its bytes. */
export async function readZip(data: Buffer): Promise<Map<string, Buffer>> {
  return new Map((await readZipEntries(data)).map((entry) => [entry.name, entry.bytes]));
}

interface DetectionFields {
  Name: string;
  UnencryptedContentSize: string;
  FileName: string;
  SetupFile: string;
  EncryptionKey: string;
  MacKey: string;
  InitializationVector: string;
  Mac: string;
  ProfileIdentifier: string;
  FileDigest: string;
  FileDigestAlgorithm: string;
}

/** The text of each element of Detection.xml that a reader needs (the file is flat and machine-written). */
function detectionFields(xml: string): DetectionFields {
  if (!/^<\?xml[^>]*\?>\s*<ApplicationInfo[\s>]/.test(xml))
    throw new Error('Detection.xml has no ApplicationInfo root');
  const field = (tag: string) => {
    const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
    if (!match) throw new Error(`Detection.xml has no ${tag}`);
    return match[1]!;
  };
  const names: (keyof DetectionFields)[] = [
    'Name',
    'UnencryptedContentSize',
    'FileName',
    'SetupFile',
    'EncryptionKey',
    'MacKey',
    'InitializationVector',
    'Mac',
    'ProfileIdentifier',
    'FileDigest',
    'FileDigestAlgorithm',
  ];
  return Object.fromEntries(names.map((name) => [name, field(name)])) as unknown as DetectionFields;
}

export interface OpenedPackage {
  detection: DetectionFields;
  /** The outer zip's entry names, in archive order. */
  outerNames: string[];
  /** The decrypted inner zip's files. */
  files: Map<string, Buffer>;
}

/** Opens a .intunewin: reads Detection.xml, verifies the HMAC, decrypts, verifies digest and size, unzips. */
export async function openIntunewin(data: Buffer): Promise<OpenedPackage> {
  const outer = await readZip(data);
  const xml = outer.get('IntuneWinPackage/Metadata/Detection.xml');
  if (!xml) throw new Error('no IntuneWinPackage/Metadata/Detection.xml');
  const detection = detectionFields(xml.toString('utf8'));
  const encrypted = outer.get(`IntuneWinPackage/Contents/${detection.FileName}`);
  if (!encrypted) throw new Error(`no IntuneWinPackage/Contents/${detection.FileName}`);
  const key = Buffer.from(detection.EncryptionKey, 'base64');
  const macKey = Buffer.from(detection.MacKey, 'base64');
  const iv = Buffer.from(detection.InitializationVector, 'base64');
  const storedMac = encrypted.subarray(0, 32);
  if (!encrypted.subarray(32, 48).equals(iv)) throw new Error('the IV in the content is not the one in Detection.xml');
  if (!storedMac.equals(Buffer.from(detection.Mac, 'base64'))) throw new Error('the MAC in the content is not Mac');
  const computed = createHmac('sha256', macKey).update(encrypted.subarray(32)).digest();
  if (!timingSafeEqual(computed, storedMac)) throw new Error('HMAC mismatch');
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  const inner = Buffer.concat([decipher.update(encrypted.subarray(48)), decipher.final()]);
  if (createHash('sha256').update(inner).digest('base64') !== detection.FileDigest) throw new Error('digest mismatch');
  if (String(inner.length) !== detection.UnencryptedContentSize) throw new Error('size mismatch');
  return { detection, outerNames: [...outer.keys()], files: await readZip(inner) };
}
