// TLS: a handshake with full verification (chain, host name, validity), as the connector's schannel does.
import net from 'node:net';
import tls from 'node:tls';
import type { ProbeResult } from '../types';
import { TLS_VERIFY_CODES } from './classifyError';
import type { ProbeContext } from './context';
import { ProbeError, withTimeout } from './deadline';
import { authority } from './proxy/authority';
import { openTunnel } from './proxy/tunnel';
import { runProbe } from './runProbe';

export interface TlsProbeResult {
  result: ProbeResult;
  /** The served chain, leaf first, as DER; empty when no handshake completed. */
  chain: Buffer[];
}

export async function probeTls(ctx: ProbeContext): Promise<TlsProbeResult> {
  const { host, port } = ctx.server;
  let chain: Buffer[] = [];
  const result = await runProbe('tls', authority(host, port), ctx.deadline, ctx.proxy !== null, async () => {
    const started = Date.now();
    const socket = await openTunnel(ctx.proxy, host, port, ctx.deadline.remainingMs());
    // SNI carries names only; an IP address there earns a runtime warning on stderr.
    const secure = tls.connect({ socket, servername: net.isIP(host) ? undefined : host, host, secureContext: ctx.secureContext, rejectUnauthorized: true });
    const handshake = new Promise<tls.TLSSocket>((resolve, reject) => {
      secure.once('secureConnect', () => resolve(secure));
      secure.once('error', (err: NodeJS.ErrnoException) => {
        const code = err.code ?? '';
        reject(new ProbeError(TLS_VERIFY_CODES.has(code) ? 'tls_verify' : 'tls_other', `${code} ${err.message}`.trim()));
      });
    });
    try {
      await withTimeout(handshake, ctx.deadline.remainingMs(), 'tls_timeout', `TLS handshake with ${authority(host, port)}`);
      chain = peerChain(secure);
      return { detail: { protocol: secure.getProtocol(), handshakeMs: Date.now() - started } };
    } finally {
      secure.destroy();
      socket.destroy();
    }
  });
  return { result, chain };
}

function peerChain(socket: tls.TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert?.raw && !chain.some((c) => c.equals(cert!.raw))) {
    chain.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  return chain;
}
