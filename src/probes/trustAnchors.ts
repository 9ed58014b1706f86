// Trust anchors for TLS probes: the runtime's roots, the operating system's store where the runtime can read it
// (Node 22.15+ reads the Windows store, which is what schannel trusts), and the admin's --ca-file.
import tls from 'node:tls';

type CaReader = (store: 'default' | 'system' | 'bundled' | 'extra') => string[];

export async function secureContextFor(caPem: string | null): Promise<tls.SecureContext> {
  return tls.createSecureContext({ ca: trustAnchors(caPem) });
}

function trustAnchors(caPem: string | null): string[] {
  const getCACertificates = (tls as unknown as { getCACertificates?: CaReader }).getCACertificates;
  const anchors = getCACertificates ? [...getCACertificates('default'), ...safeSystemStore(getCACertificates)] : [...tls.rootCertificates];
  if (caPem) anchors.push(caPem);
  return anchors;
}

function safeSystemStore(read: CaReader): string[] {
  try {
    return read('system');
  } catch {
    return [];
  }
}
