// The OCSP responders (AIA) and CRL distribution points named in a certificate: where schannel checks revocation.
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  Certificate,
  CRLDistributionPoints,
  id_ad_ocsp,
  id_ce_cRLDistributionPoints,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';

export interface RevocationUrls {
  ocsp: string[];
  crl: string[];
}

export function revocationUrls(der: Buffer): RevocationUrls {
  const urls: RevocationUrls = { ocsp: [], crl: [] };
  const certificate = AsnConvert.parse(der, Certificate);
  for (const extension of certificate.tbsCertificate.extensions ?? []) {
    const value = extension.extnValue.buffer;
    if (extension.extnID === id_pe_authorityInfoAccess) {
      for (const access of AsnConvert.parse(value, AuthorityInfoAccessSyntax)) {
        const uri = access.accessLocation.uniformResourceIdentifier;
        if (access.accessMethod === id_ad_ocsp && uri) urls.ocsp.push(uri);
      }
    } else if (extension.extnID === id_ce_cRLDistributionPoints) {
      for (const point of AsnConvert.parse(value, CRLDistributionPoints)) {
        for (const name of point.distributionPoint?.fullName ?? []) {
          if (name.uniformResourceIdentifier) urls.crl.push(name.uniformResourceIdentifier);
        }
      }
    }
  }
  return { ocsp: onlyHttp(urls.ocsp), crl: onlyHttp(urls.crl) };
}

/** Windows fetches revocation data over HTTP; LDAP and file URLs are not probed. */
function onlyHttp(urls: string[]): string[] {
  return [...new Set(urls.filter((u) => /^https?:\/\//i.test(u)))];
}
