// A private certificate authority for the tests' HTTPS servers, with OCSP and CRL URLs in what it issues, and the
// answers those URLs give: CRLs it signs and OCSP responses (RFC 6960) it signs for the certificates asked about,
// "revoked" for the serial numbers it was told to revoke.
import { createHash, sign, webcrypto } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse,
  CertStatus,
  id_pkix_ocsp_basic,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
} from '@peculiar/asn1-ocsp';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

interface Issued {
  certPem: string;
  keyPem: string;
  /** The serial number, hex, as the CA's revoke() takes it. */
  serial: string;
}

export interface TestCa extends Issued {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  issue(options: LeafOptions): Promise<Issued>;
  /** From now on its CRL lists this serial and its OCSP answers say "revoked" for it. */
  revoke(serial: string): void;
  /** A DER CRL signed by this CA. */
  crl(): Promise<Buffer>;
  /** A DER OCSP response signed by this CA, for an OCSP request (DER) or the GET path that carries one. */
  ocspAnswer(request: Buffer | string): Buffer;
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
  const revoked = new Set<string>();
  const keyPem = await keyToPem(keys.privateKey);
  const ca: TestCa = {
    cert,
    keys,
    certPem: cert.toString('pem'),
    keyPem,
    serial: cert.serialNumber,
    issue: (options) => issueLeaf(ca, options),
    revoke: (serialHex) => void revoked.add(normalSerial(serialHex)),
    crl: async () =>
      Buffer.from(
        (
          await x509.X509CrlGenerator.create({
            issuer: cert.subject,
            thisUpdate: new Date(Date.now() - DAY),
            nextUpdate: new Date(Date.now() + 7 * DAY),
            entries: [...revoked].map((serialNumber) => ({ serialNumber, revocationDate: new Date(Date.now() - DAY) })),
            signingKey: keys.privateKey,
            signingAlgorithm: ALG,
          })
        ).rawData,
      ),
    ocspAnswer: (request) => ocspAnswer(cert, keyPem, revoked, request),
  };
  return ca;
}

function normalSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+(?=.)/, '');
}

/** An OCSP request from a GET path (/<prefix>/<base64, URL-escaped>) or a POST body. */
function ocspRequestDer(request: Buffer | string): Buffer {
  if (Buffer.isBuffer(request)) return request;
  const last = request.split('/').filter(Boolean).pop() ?? '';
  return Buffer.from(decodeURIComponent(last), 'base64');
}

function ocspAnswer(ca: x509.X509Certificate, keyPem: string, revoked: Set<string>, request: Buffer | string): Buffer {
  let parsed: OCSPRequest;
  try {
    parsed = AsnConvert.parse(ocspRequestDer(request), OCSPRequest);
  } catch {
    return Buffer.from(AsnConvert.serialize(new OCSPResponse({ responseStatus: OCSPResponseStatus.malformedRequest })));
  }
  const now = new Date();
  const responses = parsed.tbsRequest.requestList.map(({ reqCert }) => {
    const serial = normalSerial(Buffer.from(reqCert.serialNumber).toString('hex'));
    const status = revoked.has(serial)
      ? new CertStatus({ revoked: new RevokedInfo({ revocationTime: new Date(now.getTime() - DAY) }) })
      : new CertStatus({ good: null });
    return new SingleResponse({ certID: reqCert, certStatus: status, thisUpdate: now });
  });
  const caCert = AsnConvert.parse(ca.rawData, Certificate);
  const keyHash = createHash('sha1')
    .update(Buffer.from(caCert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey))
    .digest();
  const data = new ResponseData({
    responderID: new ResponderID({ byKey: new OctetString(keyHash) }),
    producedAt: now,
    responses,
  });
  const tbs = Buffer.from(AsnConvert.serialize(data));
  const basic = new BasicOCSPResponse({
    tbsResponseData: data,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' }),
    signature: new Uint8Array(sign('sha256', tbs, keyPem)).buffer,
  });
  return Buffer.from(
    AsnConvert.serialize(
      new OCSPResponse({
        responseStatus: OCSPResponseStatus.successful,
        responseBytes: new ResponseBytes({
          responseType: id_pkix_ocsp_basic,
          response: new OctetString(AsnConvert.serialize(basic)),
        }),
      }),
    ),
  );
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
  return { certPem: cert.toString('pem'), keyPem: await keyToPem(keys.privateKey), serial: cert.serialNumber };
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
}
