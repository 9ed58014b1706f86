// Trust anchors for TLS probes: the runtime's roots, the operating system's store where the runtime can read it
// (Node 22.15+ reads the Windows store, which is what schannel trusts), and the admin's --ca-file.
import { promises as fs } from 'node:fs';
import tls from 'node:tls';

type CaReader = (store: 'default' | 'system' | 'bundled' | 'extra') => string[];

export async function secureContextFor(caFile: string | null): Promise<tls.SecureContext> {
  return tls.createSecureContext({ ca: await trustAnchors(caFile) });
}

async function trustAnchors(caFile: string | null): Promise<string[]> {
  const getCACertificates = (tls as unknown as { getCACertificates?: CaReader }).getCACertificates;
  const anchors = getCACertificates ? [...getCACertificates('default'), ...safeSystemStore(getCACertificates)] : [...tls.rootCertificates];
  if (caFile) anchors.push(await fs.readFile(caFile, 'utf8'));
  return anchors;
}

function safeSystemStore(read: CaReader): string[] {
  try {
    return read('system');
  } catch {
    return [];
  }
}
