// Reads a Win32 app package (.intunewin) for the upload: the outer zip holds IntuneWinPackage/Metadata/Detection.xml
// (the setup file, the sizes and the encryption info Intune needs at commit) and
// IntuneWinPackage/Contents/IntunePackage.intunewin (the encrypted content, uploaded as it is). Nothing is decrypted:
// Intune does that with the keys it gets at commit. The zip is read with yauzl, the XML with fast-xml-parser.
import { XMLParser } from 'fast-xml-parser';
import yauzl from 'yauzl';
import { readFileBoundedSync } from '../system/readFileBounded';

const DETECTION_ENTRY = 'IntuneWinPackage/Metadata/Detection.xml';
const CONTENTS_FOLDER = 'IntuneWinPackage/Contents/';

/** Intune takes Win32 apps up to 30 GB; tetra-doctor's package is tens of MB. This cap keeps memory bounded. */
const MAX_PACKAGE_BYTES = 1024 * 1024 * 1024;
const MAX_DETECTION_XML_BYTES = 1024 * 1024;

/** Graph's fileEncryptionInfo, from Detection.xml's EncryptionInfo. */
interface FileEncryptionInfo {
  encryptionKey: string;
  macKey: string;
  initializationVector: string;
  mac: string;
  profileIdentifier: string;
  fileDigest: string;
  fileDigestAlgorithm: string;
}

export interface IntunewinPackage {
  /** The setup file Intune runs (Detection.xml SetupFile), relative to the package's root. */
  setupFile: string;
  /** The content file's name (Detection.xml FileName), as the content file is named in Intune. */
  fileName: string;
  /** The size of the unencrypted content (UnencryptedContentSize). */
  size: number;
  /** The encrypted content, uploaded as it is. */
  encrypted: Buffer;
  encryptionInfo: FileEncryptionInfo;
}

class PackageError extends Error {}

export async function readIntunewin(file: string): Promise<IntunewinPackage> {
  const read = readFileBoundedSync(file, { maxBytes: MAX_PACKAGE_BYTES, followLinks: true });
  if (read.state === 'missing') throw new PackageError(`${file} does not exist`);
  if (read.state === 'failed') throw new PackageError(`${file} cannot be read: ${read.error}`);
  const entries = await zipEntries(read.bytes, file);
  const xml = entries.get(DETECTION_ENTRY);
  if (!xml) throw new PackageError(`${file} is not an .intunewin: it has no ${DETECTION_ENTRY}`);
  const detection = parseDetection(xml.toString('utf8'), file);
  const encrypted = entries.get(CONTENTS_FOLDER + detection.fileName);
  if (!encrypted) throw new PackageError(`${file} has no ${CONTENTS_FOLDER}${detection.fileName}`);
  // HMAC (32) || IV (16) || at least one AES block: anything shorter cannot be the content Detection.xml describes.
  if (encrypted.length < 64) throw new PackageError(`${file}: the encrypted content is too short to be one`);
  return { ...detection, encrypted };
}

function parseDetection(xml: string, file: string): Omit<IntunewinPackage, 'encrypted'> {
  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({ parseTagValue: false, ignoreAttributes: true, processEntities: true }).parse(xml);
  } catch {
    throw new PackageError(`${file}: Detection.xml is not XML`);
  }
  const info = doc.ApplicationInfo as Record<string, unknown> | undefined;
  const enc = info?.EncryptionInfo as Record<string, unknown> | undefined;
  const text = (from: Record<string, unknown> | undefined, tag: string): string => {
    const value = from?.[tag];
    if (typeof value !== 'string' || value.trim() === '')
      throw new PackageError(`${file}: Detection.xml has no ${tag}`);
    return value.trim();
  };
  const size = Number(text(info, 'UnencryptedContentSize'));
  if (!Number.isSafeInteger(size) || size <= 0)
    throw new PackageError(`${file}: Detection.xml's UnencryptedContentSize is not a size`);
  const fileName = text(info, 'FileName');
  if (!/^[\w.-]+$/.test(fileName)) throw new PackageError(`${file}: Detection.xml's FileName is not a plain file name`);
  return {
    setupFile: text(info, 'SetupFile'),
    fileName,
    size,
    encryptionInfo: {
      encryptionKey: text(enc, 'EncryptionKey'),
      macKey: text(enc, 'MacKey'),
      initializationVector: text(enc, 'InitializationVector'),
      mac: text(enc, 'Mac'),
      profileIdentifier: text(enc, 'ProfileIdentifier'),
      fileDigest: text(enc, 'FileDigest'),
      fileDigestAlgorithm: text(enc, 'FileDigestAlgorithm'),
    },
  };
}

/** The two entries we need, by name; the rest of the zip is skipped unread. */
function zipEntries(data: Buffer, file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => reject(new PackageError(`${file} is not a readable zip: ${(err as Error).message}`));
    yauzl.fromBuffer(data, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return fail(err);
      const found = new Map<string, Buffer>();
      zip.on('error', fail);
      zip.on('end', () => resolve(found));
      zip.on('entry', (entry: yauzl.Entry) => {
        const wanted = entry.fileName === DETECTION_ENTRY || entry.fileName.startsWith(CONTENTS_FOLDER);
        const cap = entry.fileName === DETECTION_ENTRY ? MAX_DETECTION_XML_BYTES : MAX_PACKAGE_BYTES;
        if (!wanted || entry.fileName.endsWith('/')) return zip.readEntry();
        if (entry.uncompressedSize > cap) return fail(new Error(`${entry.fileName} is larger than ${cap} bytes`));
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return fail(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', fail);
          stream.on('end', () => {
            found.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
