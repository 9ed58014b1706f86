import type { ProbeFailure, ProbeResult } from '../../types';
import type { FindingCode, FindingDraft } from '../codes';
import type { Rule } from '../rule';
import { WINHTTP_PROBE_PREFIX } from '../../probes/names';

const BY_FAILURE: Record<ProbeFailure, FindingCode | null> = {
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
  not_run: null,
};

/** One finding per distinct cause: a name that does not resolve fails DNS, TCP, TLS and HTTP alike. */
export const networkPath: Rule = {
  label: 'The update server, its revocation endpoints and the proxy can be reached',
  check: ({ snapshot }) => {
    const drafts = new Map<FindingCode, FindingDraft>();
    for (const probe of snapshot.probes) {
      // The WinHTTP path is not known to be the connector's: its failures are a notice (winHttpPath.ts), not a cause.
      if (probe.name.startsWith(WINHTTP_PROBE_PREFIX)) continue;
      const code = probe.ok || probe.name === 'reference' ? null : BY_FAILURE[probe.failure ?? 'not_run'];
      if (code && !drafts.has(code)) drafts.set(code, { code, params: paramsOf(probe) });
    }
    return [...drafts.values()];
  },
};

function paramsOf(probe: ProbeResult): FindingDraft['params'] {
  return { probe: probe.name, target: probe.target, error: probe.error ?? '' };
}
