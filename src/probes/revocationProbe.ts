// Revocation: can this endpoint reach the OCSP responders and CRL distribution points the served certificates name?
// Without them schannel fails with 0x80092013 ("the revocation server was offline").
import type { ProbeResult } from '../types';
import { revocationUrls } from './certificateUrls';
import type { ProbeContext } from './context';
import { ProbeError } from './deadline';
import { httpGet } from './httpGet';
import { runProbe } from './runProbe';

export function probeRevocation(ctx: ProbeContext, chain: Buffer[]): Promise<ProbeResult[]> {
  const targets = revocationTargets(chain);
  return Promise.all(
    targets.map(({ kind, url }) =>
      runProbe(`revocation-${kind}`, url, ctx.deadline, false, async () => {
        const response = await httpGet(url, { timeoutMs: ctx.deadline.remainingMs(), proxy: ctx.proxy, secureContext: ctx.secureContext, maxBodyBytes: 64 * 1024 });
        // An OCSP responder answering at all is reachable (a bare GET often earns a 4xx); a CRL must be served.
        const served = kind === 'ocsp' ? response.status < 500 : response.status >= 200 && response.status < 300;
        const detail = { status: response.status, bodyBytes: response.bodyBytes };
        if (!served) throw new ProbeError('revocation_unreachable', `${kind.toUpperCase()} endpoint answered HTTP ${response.status}`, detail);
        return { detail };
      }).then((result) => (result.ok ? result : { ...result, failure: 'revocation_unreachable' as const })),
    ),
  );
}

function revocationTargets(chain: Buffer[]): Array<{ kind: 'ocsp' | 'crl'; url: string }> {
  const seen = new Set<string>();
  const targets: Array<{ kind: 'ocsp' | 'crl'; url: string }> = [];
  // The root is trusted as it is; revocation is checked for the leaf and intermediates.
  for (const der of chain.length > 1 ? chain.slice(0, -1) : chain) {
    let urls;
    try {
      urls = revocationUrls(der);
    } catch {
      continue;
    }
    for (const [kind, list] of [['ocsp', urls.ocsp], ['crl', urls.crl]] as const) {
      for (const url of list) {
        if (seen.has(url)) continue;
        seen.add(url);
        targets.push({ kind, url });
      }
    }
  }
  return targets;
}
