// What counts as a revocation answer, as CryptoAPI judges it: a DER OCSPResponse with status `successful` whose
// basic response speaks of the certificate asked about (RFC 6960), or a DER CertificateList issued and signed by the
// certificate's issuer (RFC 5280). Anything else (a block page, a login page, HTML, a truncated body) is that URL
// failing. The request is a real OCSP request for the certificate, built from it and its issuer, sent by GET as
// RFC 6960 appendix A.1 allows (CryptoAPI does the same for small requests).
import { createHash, verify, X509Certificate } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, CertificateList } from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse,
  CertID,
  id_pkix_ocsp_basic,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  Request,
  TBSRequest,
} from '@peculiar/asn1-ocsp';

/** What a valid answer said about the certificate. */
export type RevocationStatus = 'good' | 'revoked' | 'unknown';

/** A certificate and its issuer (null when the chain did not hold it: then no OCSP request can be made). */
export interface CertificatePair {
  cert: Buffer;
  issuer: Buffer | null;
}

/** Thrown for an answer that is not one: the message is the attempt's `error`. */
export class NotAnAnswer extends Error {}

const SHA1 = '1.3.14.3.2.26';

/** The GET URL of an OCSP request for the certificate (base64 of the DER request, URL-escaped, after a slash). */
export function ocspRequestUrl(responder: string, pair: CertificatePair): string {
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({ requestList: [new Request({ reqCert: certIdOf(pair) })] }),
  });
  const encoded = encodeURIComponent(Buffer.from(AsnConvert.serialize(request)).toString('base64'));
  return `${responder.replace(/\/+$/, '')}/${encoded}`;
}

/** CertID (SHA-1, as CryptoAPI sends it): the issuer's name and key hashed, and the certificate's serial number. */
function certIdOf(pair: CertificatePair): CertID {
  if (!pair.issuer) throw new NotAnAnswer('the issuer is not in the served chain: no OCSP request can be made');
  const cert = AsnConvert.parse(pair.cert, Certificate);
  const issuer = AsnConvert.parse(pair.issuer, Certificate);
  const sha1 = (bytes: ArrayBuffer) => new OctetString(createHash('sha1').update(Buffer.from(bytes)).digest());
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1, parameters: null }),
    issuerNameHash: sha1(AsnConvert.serialize(cert.tbsCertificate.issuer)),
    issuerKeyHash: sha1(issuer.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
    serialNumber: cert.tbsCertificate.serialNumber,
  });
}

/** The status a DER OCSP response gives the certificate; throws NotAnAnswer when it is not a valid answer. */
export function readOcspResponse(body: Buffer, pair: CertificatePair): RevocationStatus {
  const { issuer } = pair;
  if (!issuer) throw new NotAnAnswer('the issuer is not in the served chain: no OCSP answer can be checked');
  const response = parseOr(body, OCSPResponse, 'not a DER OCSP response');
  if (response.responseStatus !== OCSPResponseStatus.successful)
    throw new NotAnAnswer(
      `OCSP response status ${OCSPResponseStatus[response.responseStatus] ?? response.responseStatus}`,
    );
  if (response.responseBytes?.responseType !== id_pkix_ocsp_basic)
    throw new NotAnAnswer('the OCSP response is not a basic response');
  const basic = parseOr(
    Buffer.from(response.responseBytes.response.buffer),
    BasicOCSPResponse,
    'not a basic OCSP response',
  );
  const asked = AsnConvert.serialize(certIdOf(pair));
  const single = basic.tbsResponseData.responses.find((r) =>
    Buffer.from(AsnConvert.serialize(r.certID)).equals(Buffer.from(asked)),
  );
  if (!single) throw new NotAnAnswer('the OCSP response does not speak of the certificate asked about');
  if (!ocspSignedByIssuer(basic, issuer))
    throw new NotAnAnswer("the OCSP response is not signed by the certificate's issuer or its delegated responder");
  if (single.certStatus.revoked) return 'revoked';
  return single.certStatus.unknown !== undefined ? 'unknown' : 'good';
}

/** The status a DER CRL gives the certificate; throws NotAnAnswer for anything else, or a CRL of another issuer. */
export function readCrl(body: Buffer, pair: CertificatePair): RevocationStatus {
  const crl = parseOr(body, CertificateList, 'not a DER CRL');
  const cert = AsnConvert.parse(pair.cert, Certificate);
  const crlIssuer = Buffer.from(AsnConvert.serialize(crl.tbsCertList.issuer));
  if (!crlIssuer.equals(Buffer.from(AsnConvert.serialize(cert.tbsCertificate.issuer))))
    throw new NotAnAnswer("the CRL was issued by another issuer than the certificate's");
  if (pair.issuer) {
    const signed = signedBy(
      Buffer.from(crl.tbsCertListRaw ?? AsnConvert.serialize(crl.tbsCertList)),
      crl.signatureAlgorithm.algorithm,
      Buffer.from(crl.signature),
      new X509Certificate(pair.issuer),
    );
    if (signed === false) throw new NotAnAnswer("the CRL is not signed by the certificate's issuer");
  }
  const serial = Buffer.from(cert.tbsCertificate.serialNumber);
  const listed = (crl.tbsCertList.revokedCertificates ?? []).some((r) => Buffer.from(r.userCertificate).equals(serial));
  return listed ? 'revoked' : 'good';
}

function parseOr<T>(body: Buffer, type: new () => T, problem: string): T {
  try {
    return AsnConvert.parse(body, type);
  } catch {
    throw new NotAnAnswer(`${problem}${describeBody(body)}`);
  }
}

/** A hint at what came instead (HTML, text), without quoting outside text. */
function describeBody(body: Buffer): string {
  if (body.length === 0) return ' (empty body)';
  const head = body.subarray(0, 64).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return ' (an HTML page)';
  const printable = [...head].every((c) => c === '\t' || c === '\n' || c === '\r' || (c >= ' ' && c <= '~'));
  return printable ? ' (text)' : ` (${body.length} bytes)`;
}

/** Signed by the issuer itself, or by a responder certificate the issuer signed (RFC 6960 4.2.2.2). */
function ocspSignedByIssuer(basic: BasicOCSPResponse, issuerDer: Buffer): boolean {
  const tbs = Buffer.from(basic.tbsResponseDataRaw ?? AsnConvert.serialize(basic.tbsResponseData));
  const signature = Buffer.from(basic.signature);
  const algorithm = basic.signatureAlgorithm.algorithm;
  const issuer = new X509Certificate(issuerDer);
  if (signedBy(tbs, algorithm, signature, issuer) !== false) return true;
  return (basic.certs ?? []).some((c) => {
    try {
      const responder = new X509Certificate(Buffer.from(AsnConvert.serialize(c)));
      return responder.verify(issuer.publicKey) && signedBy(tbs, algorithm, signature, responder) === true;
    } catch {
      return false;
    }
  });
}

/** Signature algorithms by OID, as the hash Node's verify() takes (RSA PKCS#1 v1.5 and ECDSA). */
const HASH_OF: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

/** True or false when checked; null for an algorithm not in the table (then it is not held against the answer). */
function signedBy(tbs: Buffer, algorithm: string, signature: Buffer, signer: X509Certificate): boolean | null {
  const hash = HASH_OF[algorithm];
  if (!hash) return null;
  try {
    return verify(hash, tbs, signer.publicKey, signature);
  } catch {
    return false;
  }
}
