import type { ProbeFailure, ProbeResult, Snapshot } from '../../contract/types';
import type { FindingDraft } from '../../contract/findings';
import type { Rule } from '../rule';
import { policyFileMismatch } from './policyFileOwner';

type NetworkCauseCode = Exclude<(typeof BY_FAILURE)[ProbeFailure], null>;

const BY_FAILURE = {
  dns: 'DNS_RESOLUTION_FAILED',
  refused: 'SERVER_UNREACHABLE',
  timeout: 'SERVER_UNREACHABLE',
  tls_timeout: 'SERVER_UNREACHABLE',
  tls_verify: 'TLS_VERIFY_FAILED',
  tls_other: 'TLS_HANDSHAKE_FAILED',
  http_status: 'HTTP_ERROR',
  interrupted: 'DOWNLOAD_INTERRUPTED',
  bad_response: 'HTTP_ERROR',
  proxy_unreachable: 'PROXY_UNREACHABLE',
  proxy_auth: 'PROXY_AUTH_REJECTED',
  proxy_auth_scheme: 'PROXY_AUTH_CHALLENGE',
  pac_unreachable: 'PAC_UNREACHABLE',
  pac_invalid: 'PAC_INVALID',
  proxy_tunnel: 'PROXY_DOWNLOAD_FAILED',
  revocation_unreachable: 'REVOCATION_UNREACHABLE',
  certificate_revoked: 'CERTIFICATE_REVOKED',
  tls_inspected: 'TLS_INSPECTED',
  trust_root_missing: 'TRUST_ROOT_MISSING',
  not_run: null,
} as const satisfies Record<ProbeFailure, FindingDraft['code'] | null>;

/** The network cause a probe failure of this kind is reported as (null: none). */
export function networkCauseOf(failure: ProbeFailure): NetworkCauseCode | null {
  return BY_FAILURE[failure];
}

/** One finding per distinct cause: a name that does not resolve fails DNS, TCP, TLS and HTTP alike. */
export const networkPath: Rule = {
  label: 'The update server, its revocation endpoints and the proxy can be reached',
  check: ({ snapshot }) => {
    const drafts = new Map<NetworkCauseCode, FindingDraft<NetworkCauseCode>>();
    const guessed = onGuessedPath(snapshot);
    for (const probe of snapshot.probes) {
      // The WinHTTP path is not known to be the connector's: its failures are a notice (winHttpPath.ts), not a cause.
      if (probe.route === 'winhttp') continue;
      const code = probe.ok || probe.name === 'reference' ? null : BY_FAILURE[probe.failure ?? 'not_run'];
      if (code && !drafts.has(code))
        drafts.set(code, { ...draftOf(code, probe), ...(guessed ? { guessed: true } : {}) });
    }
    // An inspected chain or a missing root is why the HTTP GET's own verification failed too: one cause, named once.
    if (drafts.has('TLS_INSPECTED') || drafts.has('TRUST_ROOT_MISSING')) drafts.delete('TLS_VERIFY_FAILED');
    // A root Windows fetches on demand (automatic root update works) makes the chain trusted: the HTTP GET's
    // verification, made against the store as it is now, fails for a reason the connector will not meet.
    if (snapshot.probes.some((p) => p.name === 'tls' && p.ok && p.detail?.rootOnDemand))
      drafts.delete('TLS_VERIFY_FAILED');
    return [...drafts.values()];
  },
};

/** Only a connector's path can be guessed wrong: without an install, `probe` checks the path it was given. */
export function onGuessedPath(snapshot: Snapshot): boolean {
  const guessed = snapshot.path?.guessed;
  return (
    snapshot.install.found &&
    guessed !== undefined &&
    (guessed.updateServer || guessed.proxy || guessed.proxyKind === true || policyFileMismatch(snapshot) !== null)
  );
}

function draftOf(code: NetworkCauseCode, probe: ProbeResult): FindingDraft<NetworkCauseCode> {
  const params = { target: probe.target, error: probe.error ?? '' };
  // The trust findings name the root the chain ends in (from the TLS probe's detail); the revocation finding the
  // route that was used and, when it failed, the connector's proxy that would have worked.
  switch (code) {
    case 'REVOCATION_UNREACHABLE':
      return { code, params: { ...params, ...detailTexts(probe, ['route', 'connectorProxy'] as const) } };
    case 'TLS_INSPECTED':
      return { code, params: { ...params, root: detailText(probe, 'root') } };
    case 'TRUST_ROOT_MISSING': {
      const root = { root: detailText(probe, 'root'), thumbprint: detailText(probe, 'thumbprint') };
      const optional = detailTexts(probe, ['requiredMissing', 'rootUpdateProblem'] as const);
      return { code, params: { ...params, ...root, ...optional } };
    }
    default:
      return { code, params };
  }
}

function detailText(probe: ProbeResult, key: string): string {
  const value = probe.detail?.[key];
  return typeof value === 'string' ? value : '?';
}

/** The detail's text values of these keys, leaving out the ones it does not hold. */
function detailTexts<K extends string>(probe: ProbeResult, keys: readonly K[]): Partial<Record<K, string>> {
  const texts: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = probe.detail?.[key];
    if (typeof value === 'string') texts[key] = value;
  }
  return texts;
}
