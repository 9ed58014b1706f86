// The chain judge's prefilter: a root's DER holds its subject name verbatim, so the issuer name's bytes pick the
// few roots worth parsing. If the bytes were wrong, every public chain would read as TLS inspection.
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import t from 'tap';
import { issuerNameDer, judgeChain, requiredRootsMissing, thumbprint } from '../../src/probes/chainTrust';
import type { TrustAnchors } from '../../src/probes/trustAnchors';
import { createCa } from '../helpers/pki';

const der = (pem: string) => new X509Certificate(pem).raw;
const anchors = (publicRoots: Buffer[], store: Buffer[] | null = null, declared: Buffer[] = []): TrustAnchors =>
  ({
    secureContext: tls.createSecureContext(),
    publicRoots: () => publicRoots,
    store: () => store,
    declared,
  }) as TrustAnchors;

t.test(
  'every bundled root: its issuer name bytes are found in itself (self-signed), and it is judged public',
  async (t) => {
    const roots = tls.rootCertificates.map(der);
    let found = 0;
    for (const root of roots) if (issuerNameDer(root) && root.indexOf(issuerNameDer(root)!) >= 0) found++;
    t.equal(found, roots.length);
    // The baseline, measured here: parsing the whole bundle once. A judge without the prefilter parses it per chain.
    const parsing = performance.now();
    for (const root of roots) new X509Certificate(root);
    const parseMs = performance.now() - parsing;
    const judging = performance.now();
    for (const root of roots.slice(0, 20)) t.same(judgeChain([root], anchors(roots), true), { kind: 'fine' });
    const judgeMs = performance.now() - judging;
    t.ok(
      judgeMs < 5 * parseMs,
      `twenty judgements took ${judgeMs.toFixed(0)} ms; parsing the bundle once ${parseMs.toFixed(0)} ms`,
    );
  },
);

t.test('a leaf of a private CA: the CA is found by its name among many roots; unknown means inspection', async (t) => {
  const ca = await createCa('Prefilter CA');
  const leaf = der((await ca.issue({ hostnames: ['x.example'] })).certPem);
  const roots = [...tls.rootCertificates.map(der), der(ca.certPem)];
  t.ok(der(ca.certPem).indexOf(issuerNameDer(leaf)!) >= 0);
  t.same(judgeChain([leaf], anchors(roots), true), { kind: 'fine' });
  t.same(judgeChain([leaf], anchors(tls.rootCertificates.map(der)), true), { kind: 'inspected', root: 'Prefilter CA' });
  t.same(
    judgeChain([leaf], anchors(tls.rootCertificates.map(der), null, [der(ca.certPem)]), false),
    { kind: 'fine' },
    'declared with --ca-file',
  );
  t.same(judgeChain([leaf], anchors(roots, []), false), {
    kind: 'root_missing',
    root: 'Prefilter CA',
    thumbprint: thumbprint(der(ca.certPem)),
  });
});

t.test("Cisco's required roots are looked up by SHA-1 thumbprint", async (t) => {
  t.equal(requiredRootsMissing(anchors([], null)), null, 'no store known, nothing said');
  t.equal(requiredRootsMissing(anchors([], []))!.length, 16);
  const digicert = tls.rootCertificates
    .map(der)
    .find((d) => thumbprint(d) === 'A8985D3A65E5E5C4B2D7D66D40C6DD2FB19C5436');
  t.ok(digicert, 'DigiCert Global Root CA is in the runtime bundle');
  t.notOk(requiredRootsMissing(anchors([], [digicert!]))!.includes('DigiCert Global Root CA'));
});
