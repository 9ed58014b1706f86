// Turns the errors Node and undici raise into the few failure kinds the rules know.
import type { ProbeFailure } from '../contract/types';
import { ProbeError } from './deadline';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EACCES']);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ABORT_ERR',
]);
const INTERRUPTED_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
export const TLS_VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

export interface Classified {
  failure: ProbeFailure;
  message: string;
}

export function classifyError(err: unknown, context: { viaProxy: boolean }): Classified {
  if (err instanceof ProbeError) return { failure: err.failure, message: err.message };
  const error = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  // An abort is a DOMException whose numeric code (23 for a timeout) says nothing; other codes are strings by
  // convention only, and some errors carry none.
  const aborted = error?.name === 'AbortError' || error?.name === 'TimeoutError';
  const code = aborted ? 'ABORT_ERR' : String(error?.code ?? error?.cause?.code ?? '');
  const message = describe(error);
  if (/Proxy Authentication Required|Proxy response \(407\)/.test(message)) return { failure: 'proxy_auth', message };
  if (/Proxy response \(\d+\)/.test(message)) return { failure: 'proxy_tunnel', message };
  if (TLS_VERIFY_CODES.has(code)) return { failure: 'tls_verify', message };
  if (DNS_CODES.has(code)) return { failure: context.viaProxy ? 'proxy_unreachable' : 'dns', message };
  if (REFUSED_CODES.has(code)) return { failure: context.viaProxy ? 'proxy_unreachable' : 'refused', message };
  if (TIMEOUT_CODES.has(code)) return { failure: 'timeout', message };
  if (INTERRUPTED_CODES.has(code)) return { failure: context.viaProxy ? 'proxy_tunnel' : 'interrupted', message };
  if (/tls|ssl|handshake/i.test(message) || code.startsWith('ERR_SSL')) return { failure: 'tls_other', message };
  return { failure: context.viaProxy ? 'proxy_tunnel' : 'bad_response', message };
}

function describe(error: (Error & { code?: string; cause?: { message?: string; code?: string } }) | undefined): string {
  if (!error) return 'unknown error';
  const parts = [error.code, error.message || String(error)];
  if (error.cause?.message && error.cause.message !== error.message)
    parts.push(`(${error.cause.code ?? ''} ${error.cause.message})`);
  return parts.filter(Boolean).join(' ').trim();
}
