// Writes a Win32 app package (.intunewin) for Microsoft Intune on any platform, from the format's public
// description (Microsoft's Win32 Content Prep Tool writes the same layout):
//
//   outer zip
//     IntuneWinPackage/Contents/IntunePackage.intunewin   the encrypted inner zip
//     IntuneWinPackage/Metadata/Detection.xml             ApplicationInfo: Name, UnencryptedContentSize,
//                                                         FileName, SetupFile, EncryptionInfo
//   inner zip            the source folder, every file at its relative path
//   IntunePackage.intunewin = HMAC(32) || IV(16) || AES-256-CBC(PKCS#7)(inner zip)
//                             HMAC = HMAC-SHA256(MacKey, IV || ciphertext)
//   EncryptionInfo       EncryptionKey, MacKey, InitializationVector, Mac (base64), ProfileIdentifier
//                        "ProfileVersion1", FileDigest = base64 SHA-256 of the inner zip, FileDigestAlgorithm
//                        "SHA256"; UnencryptedContentSize is the inner zip's length in bytes.
//
// Keys: by default the encryption key, MAC key and IV are random (crypto.randomBytes), as the Microsoft tool makes
// them. With `keySeed` they are derived (HKDF-SHA256) from the seed and the inner zip's digest instead, so that the
// same sources and seed give a byte-identical package: that is what a reproducible release needs. Intune receives
// the keys with the upload in either case; the encryption protects the content in Intune's storage, not from the
// admin who uploads it.
import { createCipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipBuffer, zipFolder } from './zip.mjs';

const INNER_FILE_NAME = 'IntunePackage.intunewin';
const CONTENTS_ENTRY = `IntuneWinPackage/Contents/${INNER_FILE_NAME}`;
const DETECTION_ENTRY = 'IntuneWinPackage/Metadata/Detection.xml';
/** The ToolVersion attribute the Microsoft tool writes; readers ignore it, but it keeps the file recognisable. */
const TOOL_VERSION = '1.8.6.0';
/** The time stamp of every zip entry when the caller gives none (zip cannot store dates before 1980). */
const DEFAULT_MTIME = new Date(Date.UTC(1980, 0, 1));

const KEY_BYTES = 32;
const IV_BYTES = 16;

/** Random keys, or keys derived from a seed and the inner zip's digest (one HKDF expansion per key). */
function packageKeys(keySeed, digest) {
  if (keySeed === undefined)
    return { encryptionKey: randomBytes(KEY_BYTES), macKey: randomBytes(KEY_BYTES), iv: randomBytes(IV_BYTES) };
  const derive = (label, length) =>
    Buffer.from(hkdfSync('sha256', Buffer.from(keySeed), digest, `tetra-doctor intunewin ${label}`, length));
  return {
    encryptionKey: derive('encryption key', KEY_BYTES),
    macKey: derive('mac key', KEY_BYTES),
    iv: derive('initialization vector', IV_BYTES),
  };
}

/** HMAC || IV || AES-256-CBC ciphertext (PKCS#7 padding is the Node cipher's default). */
function encryptContent(plain, { encryptionKey, macKey, iv }) {
  const cipher = createCipheriv('aes-256-cbc', encryptionKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const mac = createHmac('sha256', macKey).update(iv).update(ciphertext).digest();
  return { encrypted: Buffer.concat([mac, iv, ciphertext]), mac };
}

const escapeXml = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch],
  );

/** Detection.xml in the element order of the Microsoft tool's files. */
function detectionXml(name, detection) {
  const element = (tag, value, indent) => `${indent}<${tag}>${escapeXml(value)}</${tag}>`;
  const info = [
    'EncryptionKey',
    'MacKey',
    'InitializationVector',
    'Mac',
    'ProfileIdentifier',
    'FileDigest',
    'FileDigestAlgorithm',
  ].map((tag) => element(tag, detection[tag], '    '));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<ApplicationInfo xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ToolVersion="${TOOL_VERSION}">`,
    element('Name', name, '  '),
    element('UnencryptedContentSize', detection.UnencryptedContentSize, '  '),
    element('FileName', detection.FileName, '  '),
    element('SetupFile', detection.SetupFile, '  '),
    '  <EncryptionInfo>',
    ...info,
    '  </EncryptionInfo>',
    '</ApplicationInfo>',
    '',
  ].join('\r\n');
}

/**
 * Packages every file under `sourceDir` into `outputFile` (.intunewin). `setupFile` is the command Intune runs,
 * relative to sourceDir; it must be one of the files. `mtime` (a Date) is the time stamp of every zip entry.
 * `keySeed` (string or Buffer, optional) makes the keys deterministic; see the top of this file.
 * Returns { outputFile, detection }, detection holding the Detection.xml fields.
 */
export async function makeIntunewin({ sourceDir, setupFile, outputFile, mtime = DEFAULT_MTIME, keySeed }) {
  const setupPath = path.join(sourceDir, setupFile);
  if (!existsSync(setupPath) || !statSync(setupPath).isFile())
    throw new Error(`the setup file ${setupFile} is not a file in ${sourceDir}`);
  const inner = await zipFolder(sourceDir, mtime);
  const digest = createHash('sha256').update(inner).digest();
  const keys = packageKeys(keySeed, digest);
  const { encrypted, mac } = encryptContent(inner, keys);
  const detection = {
    FileName: INNER_FILE_NAME,
    SetupFile: setupFile,
    UnencryptedContentSize: inner.length,
    EncryptionKey: keys.encryptionKey.toString('base64'),
    MacKey: keys.macKey.toString('base64'),
    InitializationVector: keys.iv.toString('base64'),
    Mac: mac.toString('base64'),
    ProfileIdentifier: 'ProfileVersion1',
    FileDigest: digest.toString('base64'),
    FileDigestAlgorithm: 'SHA256',
  };
  const outer = await zipBuffer(
    [
      // Encrypted bytes do not compress; store them.
      { name: CONTENTS_ENTRY, data: encrypted, compress: false },
      { name: DETECTION_ENTRY, data: Buffer.from(detectionXml(path.basename(setupFile), detection), 'utf8') },
    ],
    mtime,
  );
  writeFileSync(outputFile, outer);
  return { outputFile, detection };
}
