// NTLM for proxy authentication, through a maintained NTLM implementation (@ewsjs/ntlm-client): the Type 1
// (negotiate) and Type 3 (authenticate) messages for the Proxy-Authorization header. The handshake must run on one
// connection; httpConnect.ts drives it. The library is given only what NTLM can carry, and whatever it throws is
// said in our words: a ProbeError, never its own message and never a crash.
import os from 'node:os';
import { createType1Message, createType3Message, decodeType2Message } from '@ewsjs/ntlm-client';
import { ProbeError } from '../deadline';

/** Windows user names, domains and passwords are at most 256 characters; NTLM's own length fields are 16-bit. */
const NTLM_MAX_CHARS = 256;

/** The domain may come as DOMAIN\user or user@domain; NTLM carries user and domain apart. */
function splitNtlmUser(username: string): { user: string; domain: string } {
  const backslash = username.indexOf('\\');
  if (backslash > 0) return { domain: username.slice(0, backslash), user: username.slice(backslash + 1) };
  return { user: username, domain: '' };
}

export function ntlmNegotiate(): string {
  return throughLibrary('negotiate', () => createType1Message(os.hostname().slice(0, 15), ''));
}

/** The Type 3 header value answering the proxy's challenge, or null when the challenge cannot be decoded. */
export function ntlmAuthenticate(challengeHeader: string, username: string, password: string): string | null {
  let challenge: unknown;
  try {
    challenge = decodeType2Message(challengeHeader);
  } catch {
    return null;
  }
  const { user, domain } = splitNtlmUser(username);
  for (const [what, value] of [
    ['user name', user],
    ['domain', domain],
    ['password', password],
  ] as const) {
    if (value.length > NTLM_MAX_CHARS)
      throw new ProbeError(
        'proxy_auth',
        `the NTLM ${what} is ${value.length} characters long; Windows accepts at most ${NTLM_MAX_CHARS}: it cannot be sent`,
      );
  }
  try {
    return createType3Message(challenge, user, password, os.hostname().slice(0, 15), domain || undefined);
  } catch {
    // A challenge the library decoded but cannot answer (a target block it does not read) is not one we can use.
    return null;
  }
}

function throughLibrary(stage: string, make: () => string): string {
  try {
    return make();
  } catch {
    throw new ProbeError('proxy_auth_scheme', `the NTLM ${stage} message could not be made on this endpoint`);
  }
}
