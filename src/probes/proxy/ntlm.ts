// NTLM for proxy authentication, through a maintained NTLM implementation (@ewsjs/ntlm-client): the Type 1
// (negotiate) and Type 3 (authenticate) messages for the Proxy-Authorization header. The handshake must run on one
// connection; httpConnect.ts drives it.
import os from 'node:os';
import { createType1Message, createType3Message, decodeType2Message } from '@ewsjs/ntlm-client';

/** The domain may come as DOMAIN\user or user@domain; NTLM carries user and domain apart. */
function splitNtlmUser(username: string): { user: string; domain: string } {
  const backslash = username.indexOf('\\');
  if (backslash > 0) return { domain: username.slice(0, backslash), user: username.slice(backslash + 1) };
  return { user: username, domain: '' };
}

export function ntlmNegotiate(): string {
  return createType1Message(os.hostname().slice(0, 15), '');
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
  return createType3Message(challenge, user, password, os.hostname().slice(0, 15), domain || undefined);
}
