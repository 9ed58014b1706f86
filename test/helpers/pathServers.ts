// The whole path the probes walk, on 127.0.0.1: an update server with a CA-issued certificate naming OCSP and CRL
// endpoints, those endpoints (answering real, signed OCSP responses and CRLs), and a versions.id server. Each part
// can be made to fail.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedPort, delayed, ok200, startHttp, startHttps, type Running } from './servers';
import { createCa, type LeafOptions, type TestCa } from './pki';

type Handler = Parameters<typeof startHttp>[0];

export interface PathOptions {
  update?: Handler;
  revocation?: 'up' | 'down';
  /** Delay the OCSP and CRL answers by this much. */
  revocationDelayMs?: number;
  latestVersion?: number;
  reference?: Handler;
  leaf?: Partial<LeafOptions>;
  /** Serve the OCSP and CRL answers with these handlers instead of the CA's real answers. */
  ocspHandler?: Handler;
  crlHandler?: Handler;
  /** The host name the certificate's OCSP and CRL URLs use instead of 127.0.0.1 (one only a proxy resolves). */
  revocationHost?: string;
}

export interface PathServers {
  update: Running;
  reference: Running;
  ocsp: Running | null;
  crl: Running | null;
  caFile: string;
  ca: TestCa;
  /** The update server's certificate's serial number (for ca.revoke). */
  leafSerial: string;
  /** The arguments that point tetra-doctor at these servers. */
  args: string[];
  close(): Promise<void>;
}

export async function startPath(o: PathOptions = {}): Promise<PathServers> {
  const revocationUp = o.revocation !== 'down';
  const slow = (handler: Handler) => (o.revocationDelayMs ? delayed(o.revocationDelayMs, handler) : handler);
  // The CA is made once the URLs it writes into the certificate are known; the answers are its.
  const ca = await createCa();
  const ocsp = revocationUp ? await startHttp(slow(o.ocspHandler ?? ocspResponder(ca))) : null;
  const crl = revocationUp ? await startHttp(slow(o.crlHandler ?? crlServer(ca))) : null;
  const host = o.revocationHost ?? '127.0.0.1';
  const ocspUrl = `http://${host}:${ocsp?.port ?? (await closedPort())}/ocsp`;
  const crlUrl = `http://${host}:${crl?.port ?? (await closedPort())}/test.crl`;
  const leaf = await ca.issue({ ocspUrls: [ocspUrl], crlUrls: [crlUrl], ...o.leaf });
  const update = await startHttps(leaf, o.update ?? ok200);
  const reference = await startHttp(
    o.reference ??
      ((_req, res) => res.writeHead(200).end(`<versions><tetra value="${o.latestVersion ?? 90606}"/></versions>`)),
  );
  const caFile = path.join(os.tmpdir(), `tetra-ca-${process.pid}-${update.port}.pem`);
  writeFileSync(caFile, ca.certPem);
  return {
    update,
    reference,
    ocsp,
    crl,
    caFile,
    ca,
    leafSerial: leaf.serial,
    args: [
      '--update-server',
      update.url,
      '--ca-file',
      caFile,
      '--reference-url',
      `${reference.url}/av64bit/versions.id`,
    ],
    close: async () => {
      await Promise.all([update, reference, ocsp, crl].map((s) => s?.close()));
    },
  };
}

/** The CA's OCSP responder: GET /ocsp/<request> or POST, answered with a signed response. */
export function ocspResponder(ca: TestCa): Handler {
  return (req, res) => {
    const answer = (request: Buffer | string) =>
      res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(ca.ocspAnswer(request));
    if (req.method !== 'POST') {
      answer(req.url ?? '');
      return;
    }
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => answer(Buffer.concat(body)));
  };
}

/** The CA's CRL, signed, served as application/pkix-crl. */
export function crlServer(ca: TestCa): Handler {
  return (_req, res) => {
    ca.crl().then((der) => res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(der));
  };
}
