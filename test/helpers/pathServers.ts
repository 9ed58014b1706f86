// The whole path the probes walk, on 127.0.0.1: an update server with a CA-issued certificate naming OCSP and CRL
// endpoints, those endpoints, and a versions.id server. Each part can be made to fail.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedPort, delayed, ok200, startHttp, startHttps, type Running } from './servers';
import { createCa, type LeafOptions } from './pki';

type Handler = Parameters<typeof startHttp>[0];

export interface PathOptions {
  update?: Handler;
  revocation?: 'up' | 'down';
  /** Delay the OCSP and CRL answers by this much. */
  revocationDelayMs?: number;
  latestVersion?: number;
  reference?: Handler;
  leaf?: Partial<LeafOptions>;
}

export interface PathServers {
  update: Running;
  reference: Running;
  ocsp: Running | null;
  crl: Running | null;
  caFile: string;
  /** The arguments that point tetra-doctor at these servers. */
  args: string[];
  close(): Promise<void>;
}

export async function startPath(o: PathOptions = {}): Promise<PathServers> {
  const revocationUp = o.revocation !== 'down';
  const slow = (handler: Handler) => (o.revocationDelayMs ? delayed(o.revocationDelayMs, handler) : handler);
  const ocsp = revocationUp ? await startHttp(slow((_req, res) => res.writeHead(400).end())) : null;
  const crl = revocationUp
    ? await startHttp(
        slow((_req, res) => res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(Buffer.alloc(64))),
      )
    : null;
  const ocspUrl = ocsp ? `${ocsp.url}/ocsp` : `http://127.0.0.1:${await closedPort()}/ocsp`;
  const crlUrl = crl ? `${crl.url}/test.crl` : `http://127.0.0.1:${await closedPort()}/test.crl`;
  const ca = await createCa();
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
