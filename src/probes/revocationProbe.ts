// Revocation, as Windows CryptoAPI checks it: for each certificate of the served chain (leaf and intermediates; the
// root is trusted as it is), OCSP first and the CRL as the fallback. The check fails offline (schannel 0x80092013)
// only when no method answers for some certificate, so one probe per certificate says whether any of its OCSP
// responders or CRL distribution points answered, and each URL's own outcome stays in the probe's detail.
// All URLs are asked at once rather than in CryptoAPI's order: the verdict is the same and the time is the slowest
// one, not their sum.
import { X509Certificate } from 'node:crypto';
import type { ProbeResult } from '../types';
import { revocationUrls, type RevocationUrls } from './certificateUrls';
import { proxyForUrl, proxyLabel, type ProbeContext } from './context';
import { ProbeError } from './deadline';
import { httpGet } from './httpGet';
import { runProbe } from './runProbe';

interface Attempt {
  kind: 'ocsp' | 'crl';
  url: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  /** The route a PAC file chose for this URL. */
  via?: string;
}

export function probeRevocation(ctx: ProbeContext, chain: Buffer[]): Promise<ProbeResult[]> {
  // Two certificates naming the same URL share one request.
  const asked = new Map<string, Promise<Attempt>>();
  const ask = (kind: 'ocsp' | 'crl', url: string) => {
    const key = `${kind} ${url}`;
    const known = asked.get(key);
    if (known) return known;
    const asking = attempt(ctx, kind, url);
    asked.set(key, asking);
    return asking;
  };
  return Promise.all(
    certificatesToCheck(chain).map(({ subject, urls }) =>
      runProbe('revocation', subject, ctx.deadline, false, async () => {
        const attempts = await Promise.all([
          ...urls.ocsp.map((u) => ask('ocsp', u)),
          ...urls.crl.map((u) => ask('crl', u)),
        ]);
        const detail = {
          ocsp: attempts.filter((a) => a.kind === 'ocsp').map(summary),
          crl: attempts.filter((a) => a.kind === 'crl').map(summary),
        };
        if (!attempts.some((a) => a.ok)) {
          const tried = attempts.map((a) => `${a.url} (${a.error})`).join('; ');
          throw new ProbeError(
            'revocation_unreachable',
            `no OCSP responder or CRL distribution point answered for ${subject}: ${tried}`,
            detail,
          );
        }
        return { detail };
      }).then((result) => (result.ok ? result : { ...result, failure: 'revocation_unreachable' as const })),
    ),
  );
}

async function attempt(ctx: ProbeContext, kind: 'ocsp' | 'crl', url: string): Promise<Attempt> {
  // With a PAC file each URL has its own route: the attempt says which one it took.
  const proxy = await proxyForUrl(ctx, url);
  const via = ctx.routeFor ? { via: proxy ? proxyLabel(proxy) : 'DIRECT' } : {};
  try {
    const response = await httpGet(url, {
      timeoutMs: ctx.deadline.remainingMs(),
      proxy,
      secureContext: ctx.secureContext,
      maxBodyBytes: 64 * 1024,
    });
    // An OCSP responder answering at all is reachable (a bare GET often earns a 4xx); a CRL must be served.
    const served = kind === 'ocsp' ? response.status < 500 : response.status >= 200 && response.status < 300;
    return { kind, url, ok: served, status: response.status, error: served ? null : `HTTP ${response.status}`, ...via };
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    return {
      kind,
      url,
      ok: false,
      status: null,
      error: `${error.code ?? ''} ${error.message ?? String(err)}`.trim(),
      ...via,
    };
  }
}

function summary(a: Attempt): Record<string, unknown> {
  return { url: a.url, ok: a.ok, status: a.status, error: a.error, ...(a.via ? { via: a.via } : {}) };
}

function certificatesToCheck(chain: Buffer[]): Array<{ subject: string; urls: RevocationUrls }> {
  const checked: Array<{ subject: string; urls: RevocationUrls }> = [];
  for (const der of chain.length > 1 ? chain.slice(0, -1) : chain) {
    let urls: RevocationUrls;
    try {
      urls = revocationUrls(der);
    } catch {
      continue;
    }
    // A certificate that names no revocation source is not checked (schannel does not fail it offline).
    if (urls.ocsp.length + urls.crl.length > 0) checked.push({ subject: subjectOf(der), urls });
  }
  return checked;
}

/** The certificate's common name for the probe's target: printable, bounded (it comes from the network). */
function subjectOf(der: Buffer): string {
  try {
    const subject = new X509Certificate(der).subject;
    const cn = /(?:^|\n)CN=([^\n]*)/.exec(subject)?.[1] ?? subject.split('\n').join(', ');
    return `certificate ${cn.replace(/[^\x20-\x7e]/g, '?').slice(0, 120)}`;
  } catch {
    return 'certificate (unparsable)';
  }
}
