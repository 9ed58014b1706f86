// Trust anchors for the TLS probes, as the connector trusts: on Windows its schannel verifies against the Windows
// certificate store only, so tetra-doctor does too (the store, read by Node 22.15+, plus the admin's --ca-file).
// Elsewhere there is no connector to imitate: the runtime's roots, the OS store where readable, and --ca-file.
//
// Beside the anchors, two sets explain a failure or a suspicious success (see chainTrust.ts): the runtime's bundled
// roots stand for "a public bundle", and the store itself is checked for Cisco's required roots.
//
// Test seams (hidden options, documented in docs/windows.md): --test-trust-store FILE stands in for the Windows
// store (and turns on the Windows rules on any platform), --test-public-roots FILE for the public bundle. Neither is
// ever active unless given on the command line.
import tls from 'node:tls';

type CaReader = (store: 'default' | 'system' | 'bundled' | 'extra') => string[];

export interface TrustInputs {
  /** PEM text of --ca-file. */
  caPem: string | null;
  testTrustStorePem?: string | null;
  testPublicRootsPem?: string | null;
}

export interface TrustAnchors {
  secureContext: tls.SecureContext;
  /** The machine's trusted root store as DER, when it is what the TLS check trusts (Windows, or the test seam). */
  store: () => Buffer[] | null;
  /** A public root bundle as DER: the runtime's bundled roots (Mozilla's list). */
  publicRoots: () => Buffer[];
  /** Roots the admin declared with --ca-file (a private root such as Private Cloud's is no inspection). */
  declared: Buffer[];
}

export function trustAnchorsFor(inputs: TrustInputs): TrustAnchors {
  const reader = (tls as unknown as { getCACertificates?: CaReader }).getCACertificates;
  const declaredPem = inputs.caPem;
  const storePem =
    inputs.testTrustStorePem != null
      ? splitPem(inputs.testTrustStorePem)
      : process.platform === 'win32'
        ? safeRead(reader, 'system')
        : null;
  const publicPem =
    inputs.testPublicRootsPem != null
      ? splitPem(inputs.testPublicRootsPem)
      : (safeRead(reader, 'bundled') ?? [...tls.rootCertificates]);
  const anchors = storePem
    ? [...storePem]
    : reader
      ? [...(safeRead(reader, 'default') ?? []), ...(safeRead(reader, 'system') ?? [])]
      : [...tls.rootCertificates];
  if (declaredPem) anchors.push(declaredPem);
  return {
    secureContext: tls.createSecureContext({ ca: anchors }),
    // Decoded only when a chain has to be explained, and only to DER: parsing some hundred roots as certificates
    // costs more than the handshake (see chainTrust.ts, which parses only the few whose subject matches).
    store: storePem ? once(() => storePem.map(pemToDer)) : () => null,
    publicRoots: once(() => publicPem.map(pemToDer)),
    declared: declaredPem ? splitPem(declaredPem).map(pemToDer) : [],
  };
}

function safeRead(reader: CaReader | undefined, which: 'default' | 'system' | 'bundled'): string[] | null {
  if (!reader) return null;
  try {
    return reader(which);
  } catch {
    return null;
  }
}

/** Every BEGIN...END CERTIFICATE block, found by position: a lazy pattern would scan from each BEGIN to the end of a
 * file of BEGINs without END (quadratic time). */
export function splitPem(text: string): string[] {
  const blocks: string[] = [];
  for (let at = text.indexOf(PEM_BEGIN); at >= 0;) {
    const end = text.indexOf(PEM_END, at + PEM_BEGIN.length + 1);
    if (end < 0) break;
    const block = text.slice(at, end + PEM_END.length);
    // As the pattern did: a block starts at the last BEGIN before its END.
    const last = block.lastIndexOf(PEM_BEGIN);
    blocks.push(block.slice(last));
    at = text.indexOf(PEM_BEGIN, end + PEM_END.length);
  }
  return blocks;
}

const PEM_BEGIN = '-----BEGIN CERTIFICATE-----';
const PEM_END = '-----END CERTIFICATE-----';

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
}

function once<T>(make: () => T): () => T {
  let value: { v: T } | null = null;
  return () => (value ??= { v: make() }).v;
}
