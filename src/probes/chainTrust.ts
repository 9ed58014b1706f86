// Explains where a served chain's trust comes from, as the connector sees it:
// - it ends in a root no public bundle has and the admin did not declare: TLS inspection (Cisco's servers' traffic
//   must not be decrypted), whether or not the machine trusts that root;
// - it ends in a public root that the machine's store lacks: the connector (store only) fails where a runtime with
//   its own bundle passes, so the root is named, and Cisco's required roots are looked up in the store.
import { createHash, X509Certificate } from 'node:crypto';
import type { TrustAnchors } from './trustAnchors';

/** The roots the connector needs in Cert:\LocalMachine\Root, by SHA-1 thumbprint (Cisco TechNote 216943; Cisco's
 * Secure Endpoint health checker checks the same list). */
const CISCO_REQUIRED_ROOTS: ReadonlyArray<{ name: string; sha1: string }> = [
  { name: 'Microsoft Root Certificate Authority 2010', sha1: '3B1EFD3A66EA28B16697394703A72CA340A05BD5' },
  { name: 'GlobalSign', sha1: 'D69B561148F01C77C54578C10926DF5B856976AD' },
  { name: 'Microsoft Root Certificate Authority', sha1: 'CDD4EEAE6000AC7F40C3802C171E30148030C072' },
  { name: 'Baltimore CyberTrust Root', sha1: 'D4DE20D05E66FC53FE1A50882C78DB2852CAE474' },
  { name: 'AAA Certificate Services', sha1: 'D1EB23A46D17D68FD92564C2F1F1601764D8E349' },
  { name: 'GlobalSign Root CA', sha1: 'B1BC968BD4F49D622AA89A81F2150152A41D829C' },
  { name: 'Starfield Class 2 Certification Authority', sha1: 'AD7E1C28B064EF8F6003402014C3D0E3370EB58A' },
  { name: 'DigiCert Global Root CA', sha1: 'A8985D3A65E5E5C4B2D7D66D40C6DD2FB19C5436' },
  {
    name: 'VeriSign Class 3 Public Primary Certification Authority - G5',
    sha1: '4EB6D578499B1CCF5F581EAD56BE3D9B6744A5E5',
  },
  { name: 'Go Daddy Class 2 Certification Authority', sha1: '2796BAE63F1801E277261BA0D77770028F20EEE4' },
  { name: 'DigiCert Assured ID Root CA', sha1: '0563B8630D62D75ABBC8AB1E4BDFB5A899B24D43' },
  { name: 'DigiCert Trusted Root G4', sha1: 'DDFB16CD4931C973A2037D3FC83A4D7D775D05E4' },
  { name: 'QuoVadis Root CA 2', sha1: 'CA3AFBCF1240364B44B216208880483919937CF7' },
  { name: 'USERTrust RSA Certification Authority', sha1: '2B8F1B57330DBBA2D07A6C51F70EE90DDAB9AD8E' },
  {
    name: 'Microsoft Identity Verification Root Certificate Authority 2020',
    sha1: 'F40042E2E5F7E8EF8189FED15519AECE42C3BFA2',
  },
  { name: 'IdenTrust Commercial Root CA 1', sha1: 'DF717EAA4AD94EC9558499602D48DE5FBCF03A25' },
];

export type ChainVerdict =
  { kind: 'inspected'; root: string } | { kind: 'root_missing'; root: string; thumbprint: string } | { kind: 'fine' };

/** What the chain ends in; `verified` says whether the TLS check (store + --ca-file) accepted it. */
export function judgeChain(chainDer: Buffer[], anchors: TrustAnchors, verified: boolean): ChainVerdict {
  const chain = parseChain(chainDer);
  const top = chain[chain.length - 1];
  if (!top) return { kind: 'fine' };
  const issuerName = issuerNameDer(top.raw);
  if (findIssuer(top, issuerName, anchors.declared)) return { kind: 'fine' };
  const publicRoot = findIssuer(top, issuerName, anchors.publicRoots());
  if (!publicRoot) return { kind: 'inspected', root: describe(selfSigned(top) ? top.subject : top.issuer) };
  if (verified) return { kind: 'fine' };
  const store = anchors.store();
  // Without a known store (Linux, no seam) the verification failure is about something else.
  if (store === null || findIssuer(top, issuerName, store)) return { kind: 'fine' };
  return { kind: 'root_missing', root: describe(publicRoot.subject), thumbprint: thumbprint(publicRoot.raw) };
}

/** Names of Cisco's required roots that the store lacks; null when the store is not known. */
export function requiredRootsMissing(anchors: TrustAnchors): string[] | null {
  const store = anchors.store();
  if (store === null) return null;
  const present = new Set(store.map(thumbprint));
  return CISCO_REQUIRED_ROOTS.filter((root) => !present.has(root.sha1)).map((root) => root.name);
}

function parseChain(chain: Buffer[]): X509Certificate[] {
  const certs: X509Certificate[] = [];
  for (const der of chain) {
    try {
      certs.push(new X509Certificate(der));
    } catch {
      break;
    }
  }
  return certs;
}

function selfSigned(cert: X509Certificate): boolean {
  return cert.subject === cert.issuer && cert.checkIssued(cert);
}

/**
 * The root among `roots` (DER) that is this certificate itself (a served root) or signed it. A root's DER holds its
 * subject name verbatim, so only roots containing the certificate's issuer name bytes are parsed and checked: a
 * store of hundreds costs a byte search, not hundreds of certificate parses.
 */
function findIssuer(cert: X509Certificate, issuerName: Buffer | null, roots: Buffer[]): X509Certificate | null {
  for (const der of roots) {
    if (der.equals(cert.raw)) return cert;
    if (issuerName && der.indexOf(issuerName) < 0) continue;
    let root: X509Certificate;
    try {
      root = new X509Certificate(der);
    } catch {
      continue;
    }
    if (cert.checkIssued(root) && safeVerify(cert, root)) return root;
  }
  return null;
}

function safeVerify(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** The SHA-1 thumbprint Windows shows (and Cisco lists): SHA-1 of the certificate's DER. */
export function thumbprint(der: Buffer): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

/** The issuer Name's DER bytes: Certificate SEQUENCE > tbsCertificate SEQUENCE > [0] version? > serial > signature
 * algorithm > issuer. Null when the DER is not shaped like that (then every root is checked). */
export function issuerNameDer(der: Buffer): Buffer | null {
  try {
    const certificate = readTlv(der, 0);
    const tbs = readTlv(der, certificate.contentStart);
    let at = tbs.contentStart;
    const first = readTlv(der, at);
    if (der[at] === 0xa0) at = first.end; // explicit version
    at = readTlv(der, at).end; // serial number
    at = readTlv(der, at).end; // signature algorithm
    const issuer = readTlv(der, at);
    return der[at] === 0x30 ? der.subarray(at, issuer.end) : null;
  } catch {
    return null;
  }
}

function readTlv(der: Buffer, at: number): { contentStart: number; end: number } {
  if (at + 2 > der.length) throw new Error('truncated');
  let length = der[at + 1];
  let contentStart = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw new Error('unsupported length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[at + 2 + i];
    contentStart += bytes;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error('truncated');
  return { contentStart, end };
}

/** A distinguished name for messages: one line, printable ASCII, bounded (it comes from the network). */
function describe(dn: string): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(dn)?.[1];
  const text = (cn ?? dn.split('\n').join(', ')).replace(/[^\x20-\x7e]/g, '?');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
