// A private certificate authority for the tests' HTTPS servers, with OCSP and CRL URLs in what it issues.
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

interface Issued {
  certPem: string;
  keyPem: string;
}

export interface TestCa extends Issued {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  issue(options: LeafOptions): Promise<Issued>;
}

export interface LeafOptions {
  hostnames?: string[];
  ocspUrls?: string[];
  crlUrls?: string[];
  notBefore?: Date;
  notAfter?: Date;
}

let serial = 1;

export async function createCa(name = 'tetra-doctor test CA'): Promise<TestCa> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: String(serial++).padStart(2, '0'),
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const ca: TestCa = {
    cert,
    keys,
    certPem: cert.toString('pem'),
    keyPem: await keyToPem(keys.privateKey),
    issue: (options) => issueLeaf(ca, options),
  };
  return ca;
}

async function issueLeaf(ca: TestCa, options: LeafOptions): Promise<Issued> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const hostnames = options.hostnames ?? ['localhost', '127.0.0.1', '::1'];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(
      hostnames.map((h) => ({ type: /^[\d.]+$|:/.test(h) ? ('ip' as const) : ('dns' as const), value: h })),
    ),
  ];
  if (options.ocspUrls?.length) {
    extensions.push(
      new x509.AuthorityInfoAccessExtension({
        ocsp: options.ocspUrls.map((value) => new x509.GeneralName('url', value)),
      }),
    );
  }
  if (options.crlUrls?.length) {
    extensions.push(new x509.CRLDistributionPointsExtension(options.crlUrls));
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: String(serial++).padStart(2, '0'),
    subject: `CN=${hostnames[0]}`,
    issuer: ca.cert.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 30 * DAY),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALG,
    extensions,
  });
  return { certPem: cert.toString('pem'), keyPem: await keyToPem(keys.privateKey) };
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
}
