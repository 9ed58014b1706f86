// Trust anchors for TLS probes: the runtime's roots, the operating system's store where the runtime can read it
// (Node 22.15+ reads the Windows store, which is what schannel trusts), and the admin's --ca-file.
import tls from 'node:tls';
import { MAX_CA_FILE_BYTES } from '../options';
import { readFileBounded } from '../system/readFileBounded';

type CaReader = (store: 'default' | 'system' | 'bundled' | 'extra') => string[];

export async function secureContextFor(caFile: string | null): Promise<tls.SecureContext> {
  return tls.createSecureContext({ ca: await trustAnchors(caFile) });
}

async function trustAnchors(caFile: string | null): Promise<string[]> {
  const getCACertificates = (tls as unknown as { getCACertificates?: CaReader }).getCACertificates;
  const anchors = getCACertificates ? [...getCACertificates('default'), ...safeSystemStore(getCACertificates)] : [...tls.rootCertificates];
  if (caFile) {
    // Checked on the command line already; read again bounded, as it may have been swapped for a FIFO since.
    const read = await readFileBounded(caFile, { maxBytes: MAX_CA_FILE_BYTES, followLinks: true });
    if (read.state !== 'ok') throw new Error(read.state === 'missing' ? `${caFile} does not exist` : read.error);
    anchors.push(read.bytes.toString('utf8'));
  }
  return anchors;
}

function safeSystemStore(read: CaReader): string[] {
  try {
    return read('system');
  } catch {
    return [];
  }
}
