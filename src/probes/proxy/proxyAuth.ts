// Proxy authentication: the Basic credential, and what a 407 means. A 407 that asks for a scheme we did not answer
// (NTLM or Negotiate where Basic or nothing was sent) is a challenge, not rejected credentials: the admin's fix is
// different (configure NTLM, or an account the proxy accepts), so it is its own failure kind, `proxy_auth_scheme`.
import type { ProbeProxy } from '../context';
import { ProbeError } from '../deadline';

export interface AuthAnswer {
  status: number;
  /** The proxy's reason phrase, already reduced to printable ASCII (httpConnect.ts). */
  reason?: string;
  headers: Array<[string, string]>;
}

export function basicCredential(proxy: Pick<ProbeProxy, 'username' | 'password'>): string | null {
  if (!proxy.username) return null;
  return `Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')}`;
}

/** The schemes a 407 offers (Proxy-Authenticate), upper case, in the order given: BASIC, NTLM, NEGOTIATE, ... */
export function authSchemes(answer: AuthAnswer): string[] {
  const schemes: string[] = [];
  for (const [name, value] of answer.headers) {
    if (name !== 'proxy-authenticate') continue;
    // One header may list several challenges; a scheme is a token at the start or after a comma, not a parameter.
    for (const match of value.matchAll(/(?:^|,)\s*([A-Za-z][A-Za-z0-9_-]*)(?=\s|,|$)(?!\s*=)/g)) {
      const scheme = match[1].toUpperCase();
      if (!schemes.includes(scheme)) schemes.push(scheme);
    }
  }
  return schemes.slice(0, 8);
}

/** What sending `sent` and getting this 407 back means. `stage`: what we sent (first request, NTLM's negotiate or
 * authenticate message). */
export function rejectionOf(
  answer: AuthAnswer,
  proxy: ProbeProxy,
  stage: 'first' | 'negotiate' | 'authenticate',
): ProbeError {
  const error = rejectionFor(answer, proxy, stage);
  // What the proxy said is kept as it came (printable), for the admin; redaction by value keeps secrets out of it.
  return answer.reason
    ? new ProbeError(
        error.failure,
        `${error.message} (the proxy said: ${answer.status} ${answer.reason})`,
        error.detail,
      )
    : error;
}

function rejectionFor(
  answer: AuthAnswer,
  proxy: ProbeProxy,
  stage: 'first' | 'negotiate' | 'authenticate',
): ProbeError {
  const schemes = authSchemes(answer);
  const detail = { status: answer.status, schemes };
  const offered = schemes.length > 0 ? schemes.join(', ') : 'no scheme named';
  const connectionBound = schemes.filter((s) => s === 'NTLM' || s === 'NEGOTIATE');
  if (stage === 'authenticate')
    return new ProbeError(
      'proxy_auth',
      'the proxy rejected the NTLM credentials (407 after the NTLM handshake)',
      detail,
    );
  if (stage === 'negotiate') {
    return new ProbeError(
      'proxy_auth_scheme',
      `NTLM authentication is configured but the proxy did not answer with an NTLM challenge (it offers: ${offered})`,
      detail,
    );
  }
  const sentCredentials = proxy.username !== null;
  if (schemes.includes('BASIC')) {
    return sentCredentials
      ? new ProbeError('proxy_auth', 'the proxy rejected the credentials (407)', detail)
      : new ProbeError('proxy_auth', 'the proxy requires credentials (407) and none are configured', detail);
  }
  if (connectionBound.length > 0) {
    const sent = sentCredentials ? 'Basic credentials were sent' : 'no credentials are configured';
    return new ProbeError(
      'proxy_auth_scheme',
      `the proxy asks for ${connectionBound.map(schemeName).join(' or ')} authentication (407); ${sent}`,
      detail,
    );
  }
  return new ProbeError('proxy_auth', `the proxy requires authentication (407; it offers: ${offered})`, detail);
}

function schemeName(scheme: string): string {
  return scheme === 'NEGOTIATE' ? 'Negotiate (Kerberos)' : scheme;
}
