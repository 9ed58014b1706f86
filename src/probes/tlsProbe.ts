// TLS: a handshake with full verification (chain, host name, validity), as the connector's schannel does.
import net from 'node:net';
import tls from 'node:tls';
import type { ProbeResult } from '../contract/types';
import { TLS_VERIFY_CODES } from './classifyError';
import { routeLabel, winHttpProxyFor, type ProbeContext } from './context';
import { fetchOrReason } from './httpGet';
import { ProbeError, withTimeout } from './deadline';
import { authority } from './proxy/authority';
import { openTunnel } from './proxy/tunnel';
import { runProbe } from './runProbe';
import { judgeChain, requiredRootsMissing } from './chainTrust';

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
    // Verification is judged after the handshake (not by aborting it), so that a rejected chain can still be
    // explained: which root it ends in, and whether that is a public one (see chainTrust.ts).
    const secure = tls.connect({
      socket,
      servername: net.isIP(host) ? undefined : host,
      host,
      secureContext: ctx.secureContext,
      rejectUnauthorized: false,
    });
    const handshake = new Promise<tls.TLSSocket>((resolve, reject) => {
      secure.once('secureConnect', () => resolve(secure));
      secure.once('error', (err: NodeJS.ErrnoException) => {
        const code = err.code ?? '';
        reject(
          new ProbeError(TLS_VERIFY_CODES.has(code) ? 'tls_verify' : 'tls_other', `${code} ${err.message}`.trim()),
        );
      });
    });
    try {
      await withTimeout(
        handshake,
        ctx.deadline.remainingMs(),
        'tls_timeout',
        `TLS handshake with ${authority(host, port)}`,
      );
      chain = peerChain(secure);
      const verifyError = verificationError(secure, host);
      const detail: Record<string, unknown> = { protocol: secure.getProtocol(), handshakeMs: Date.now() - started };
      const verdict = ctx.trust ? judgeChain(chain, ctx.trust, verifyError === null) : { kind: 'fine' as const };
      const storeLacks = ctx.trust ? requiredRootsMissing(ctx.trust) : null;
      if (storeLacks) detail.requiredRootsMissing = storeLacks;
      if (verdict.kind === 'inspected') {
        throw new ProbeError(
          'tls_inspected',
          `the chain ends in ${verdict.root}, a root no public bundle has${verifyError ? ` (${verifyError})` : ''}`,
          { ...detail, root: verdict.root },
        );
      }
      // Roots missing from the store matter only when Windows cannot fetch them (automatic root update).
      const fetchable =
        verdict.kind === 'root_missing' || (storeLacks?.length ?? 0) > 0 ? await rootsFetchable(ctx) : null;
      const missing = storeLacks && fetchable?.ok ? [] : storeLacks;
      if (missing) detail.requiredRootsMissing = missing;
      if (fetchable) detail.rootUpdate = fetchable.detail;
      if (verdict.kind === 'root_missing' && fetchable?.ok) {
        // Windows fetches the root during the handshake: the chain will be trusted.
        return { detail: { ...detail, rootOnDemand: verdict.root } };
      }
      if (verdict.kind === 'root_missing') {
        const requiredMissing = missing && missing.length > 0 ? missing.join(', ') : undefined;
        throw new ProbeError(
          'trust_root_missing',
          `${verifyError}: the chain ends in the public root ${verdict.root} (SHA-1 ${verdict.thumbprint}), missing from the trusted root store`,
          {
            ...detail,
            root: verdict.root,
            thumbprint: verdict.thumbprint,
            rootUpdateProblem: fetchable?.why ?? '',
            ...(requiredMissing ? { requiredMissing } : {}),
          },
        );
      }
      if (verifyError) throw new ProbeError('tls_verify', verifyError, detail);
      return { detail };
    } finally {
      secure.destroy();
      socket.destroy();
    }
  });
  return { result, chain };
}

/** What schannel would reject: the chain (against the anchors given) or the host name; null when accepted. */
function verificationError(socket: tls.TLSSocket, host: string): string | null {
  if (!socket.authorized) {
    const error = socket.authorizationError as unknown as Error | string | null;
    if (typeof error === 'string') return error;
    return `${(error as NodeJS.ErrnoException | null)?.code ?? 'UNABLE_TO_VERIFY'} ${error?.message ?? 'certificate verification failed'}`;
  }
  const identity = tls.checkServerIdentity(host, socket.getPeerCertificate());
  return identity
    ? `${(identity as NodeJS.ErrnoException).code ?? 'ERR_TLS_CERT_ALTNAME_INVALID'} ${identity.message}`
    : null;
}

/** Can Windows fetch a missing root? Only when automatic root update is on and its Windows Update URL answers over
 * the WinHTTP route. `why` says, for the finding, why it cannot. */
async function rootsFetchable(
  ctx: ProbeContext,
): Promise<{ ok: boolean; why: string; detail: Record<string, unknown> }> {
  const setting = ctx.rootUpdate;
  if (!setting || setting.autoUpdate.state === 'unknown') {
    const reason = setting?.autoUpdate.state === 'unknown' ? setting.autoUpdate.reason : 'not read';
    return {
      ok: false,
      why: `whether automatic root update is on is not known (${reason})`,
      detail: { autoUpdate: 'unknown', reason },
    };
  }
  if (setting.autoUpdate.state === 'off')
    return {
      ok: false,
      why: 'automatic root update is turned off by policy (DisableRootAutoUpdate = 1), so Windows will not fetch it',
      detail: { autoUpdate: 'off' },
    };
  const url = new URL('authrootstl.cab', setting.url).href;
  const proxy = winHttpProxyFor(ctx, url);
  const route = routeLabel(proxy);
  const fetched = await fetchOrReason(url, {
    timeoutMs: ctx.deadline.remainingMs(),
    proxy,
    secureContext: ctx.secureContext,
    // authrootstl.cab is some hundred KiB; only the status matters.
    maxBodyBytes: 1024 * 1024,
  });
  const ok = fetched.status === 200;
  const problem = fetched.error
    ? `cannot be reached over the WinHTTP route (${route}): ${fetched.error}`
    : `answered HTTP ${fetched.status} over the WinHTTP route (${route})`;
  return {
    ok,
    why: ok ? '' : `automatic root update is on, but ${url} ${problem}`,
    detail: {
      autoUpdate: 'on',
      url,
      route,
      ok,
      status: fetched.status,
      ...(fetched.error ? { error: fetched.error } : {}),
    },
  };
}

function peerChain(socket: tls.TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert?.raw) {
    const raw = cert.raw;
    // A self-signed root names itself as its issuer: the chain ends where a certificate comes round again.
    if (chain.some((c) => c.equals(raw))) break;
    chain.push(raw);
    cert = cert.issuerCertificate;
  }
  return chain;
}
