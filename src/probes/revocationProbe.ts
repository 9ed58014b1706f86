// Revocation, as Windows CryptoAPI checks it: for each certificate of the served chain (leaf and intermediates; the
// root is trusted as it is), OCSP first and the CRL as the fallback, fetched through WinHTTP with the machine's
// WinHTTP proxy (netsh winhttp), never through the connector's proxy or PAC file (Microsoft KB 2623724). The check
// fails offline (schannel 0x80092013) when no method gives a real answer for some certificate: one probe per
// certificate says whether any of its OCSP responders or CRL distribution points answered, and each URL's own
// outcome (and why it is no answer) stays in the probe's detail. Only a real answer counts (revocationAnswers.ts).
// When the WinHTTP route gives no answer, the URL is asked again over the connector's own route: if that one works,
// the finding can name the fix (set the WinHTTP proxy, or let the revocation hosts through directly).
// All URLs are asked at once rather than in CryptoAPI's order: the verdict is the same and the time is the slowest
// one, not their sum.
import { X509Certificate } from 'node:crypto';
import type { ProbeResult } from '../contract/types';
import { revocationUrls, type RevocationUrls } from './certificateUrls';
import { proxyForUrl, routeLabel, winHttpProxyFor, type ProbeContext, type ProbeProxy } from './context';
import { ProbeError } from './deadline';
import { fetchOrReason, type Fetched } from './httpGet';
import {
  NotAnAnswer,
  ocspRequestUrl,
  readCrl,
  readOcspResponse,
  type CertificatePair,
  type RevocationStatus,
} from './revocationAnswers';
import { runProbe } from './runProbe';

type Kind = 'ocsp' | 'crl';

/** One URL asked over one route. */
interface Outcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  answer: RevocationStatus | null;
  route: string;
}

interface Attempt extends Outcome {
  kind: Kind;
  url: string;
  /** The same URL over the connector's own route, asked only when the WinHTTP route gave no answer. */
  connectorRoute?: Outcome;
}

interface Checked {
  subject: string;
  pair: CertificatePair;
  urls: RevocationUrls;
}

export function probeRevocation(ctx: ProbeContext, chain: Buffer[]): Promise<ProbeResult[]> {
  // Two certificates naming the same URL over the same route share one request.
  const fetched = new Map<string, Promise<Fetched>>();
  const fetchOnce = (url: string, proxy: ProbeProxy | null) => {
    const key = `${routeLabel(proxy)} ${url}`;
    const known = fetched.get(key);
    if (known) return known;
    const fetching = fetchRevocationData(ctx, url, proxy);
    fetched.set(key, fetching);
    return fetching;
  };
  return Promise.all(
    certificatesToCheck(chain).map(({ subject, pair, urls }) =>
      runProbe('revocation', subject, ctx.deadline, false, async () => {
        const attempts = await Promise.all([
          ...urls.ocsp.map((u) => attempt(ctx, 'ocsp', u, pair, fetchOnce)),
          ...urls.crl.map((u) => attempt(ctx, 'crl', u, pair, fetchOnce)),
        ]);
        return judge(subject, attempts, routeLabel(winHttpProxyFor(ctx, [...urls.ocsp, ...urls.crl][0])));
      }).then((result) =>
        result.ok || result.failure === 'certificate_revoked'
          ? result
          : { ...result, failure: 'revocation_unreachable' as const },
      ),
    ),
  );
}

/** Revoked in any valid answer is revoked; else any valid answer passes; else the certificate cannot be checked. */
function judge(subject: string, attempts: Attempt[], route: string): { detail: Record<string, unknown> } {
  const detail: Record<string, unknown> = {
    route,
    ocsp: attempts.filter((a) => a.kind === 'ocsp').map(summary),
    crl: attempts.filter((a) => a.kind === 'crl').map(summary),
  };
  const revoked = attempts.find((a) => a.answer === 'revoked' || a.connectorRoute?.answer === 'revoked');
  if (revoked) {
    throw new ProbeError('certificate_revoked', `${subject} is revoked according to ${revoked.url}`, {
      ...detail,
      revokedBy: revoked.url,
    });
  }
  if (attempts.some((a) => a.ok)) return { detail };
  const tried = attempts.map((a) => `${a.url} (${a.error})`).join('; ');
  const viaConnector = attempts.find((a) => a.connectorRoute?.ok)?.connectorRoute?.route;
  throw new ProbeError(
    'revocation_unreachable',
    `no OCSP responder or CRL distribution point gave an answer for ${subject} over the WinHTTP route (${route}): ${tried}`,
    viaConnector ? { ...detail, connectorProxy: viaConnector } : detail,
  );
}

async function attempt(
  ctx: ProbeContext,
  kind: Kind,
  url: string,
  pair: CertificatePair,
  fetchOnce: (url: string, proxy: ProbeProxy | null) => Promise<Fetched>,
): Promise<Attempt> {
  const ask = async (proxy: ProbeProxy | null): Promise<Outcome> => {
    let requestUrl = url;
    try {
      if (kind === 'ocsp') requestUrl = ocspRequestUrl(url, pair);
    } catch (err) {
      return { ok: false, status: null, error: (err as Error).message, answer: null, route: routeLabel(proxy) };
    }
    return judgeAnswer(kind, await fetchOnce(requestUrl, proxy), pair, routeLabel(proxy));
  };
  const winHttp = winHttpProxyFor(ctx, url);
  const first = await ask(winHttp);
  if (first.ok) return { kind, url, ...first };
  // The connector's route (its proxy, or what its PAC file says for this URL), when it is another route.
  const connector = await proxyForUrl(ctx, url);
  if (routeLabel(connector) === first.route) return { kind, url, ...first };
  return { kind, url, ...first, connectorRoute: await ask(connector) };
}

function judgeAnswer(kind: Kind, fetched: Fetched, pair: CertificatePair, route: string): Outcome {
  const failed = (error: string): Outcome => ({ ok: false, status: fetched.status, error, answer: null, route });
  if (fetched.error !== null || fetched.body === null || fetched.status === null)
    return failed(fetched.error ?? 'no answer');
  if (fetched.status >= 300 && fetched.status < 400) return failed(`HTTP ${fetched.status}: a redirect is no answer`);
  if (fetched.status < 200 || fetched.status >= 300) return failed(`HTTP ${fetched.status}`);
  try {
    const answer = kind === 'ocsp' ? readOcspResponse(fetched.body, pair) : readCrl(fetched.body, pair);
    return { ok: true, status: fetched.status, error: null, answer, route };
  } catch (err) {
    return failed(err instanceof NotAnAnswer ? err.message : `unreadable answer: ${(err as Error).message}`);
  }
}

function fetchRevocationData(ctx: ProbeContext, url: string, proxy: ProbeProxy | null): Promise<Fetched> {
  // A CRL of a public CA can be some hundred KiB; a body beyond the cap is not read as an answer.
  return fetchOrReason(url, {
    timeoutMs: ctx.deadline.remainingMs(),
    proxy,
    secureContext: ctx.secureContext,
    maxBodyBytes: 1024 * 1024,
  });
}

function summary(a: Attempt): Record<string, unknown> {
  const outcome = (o: Outcome) => ({
    ok: o.ok,
    status: o.status,
    error: o.error,
    ...(o.answer ? { answer: o.answer } : {}),
  });
  return {
    url: a.url,
    ...outcome(a),
    route: a.route,
    ...(a.connectorRoute ? { connectorRoute: { route: a.connectorRoute.route, ...outcome(a.connectorRoute) } } : {}),
  };
}

/** Each certificate but the root, with its issuer (the next one in the chain) when the chain holds it. */
function certificatesToCheck(chain: Buffer[]): Checked[] {
  const checked: Checked[] = [];
  const count = chain.length > 1 ? chain.length - 1 : chain.length;
  for (let i = 0; i < count; i++) {
    const der = chain[i];
    let urls: RevocationUrls;
    try {
      urls = revocationUrls(der);
    } catch {
      continue;
    }
    // A certificate that names no revocation source is not checked (schannel does not fail it offline).
    if (urls.ocsp.length + urls.crl.length > 0)
      checked.push({ subject: subjectOf(der), pair: { cert: der, issuer: chain[i + 1] ?? null }, urls });
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
