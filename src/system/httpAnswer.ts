// What every client of an HTTP API here (the Secure Endpoint console and its token exchange, Microsoft Graph) does
// with an answer: read its body only up to a cap, wait as Retry-After says, and name a failed connection in a few
// words. Outside text never grows the process, and no request's details reach the words.
import type { Dispatcher } from 'undici';

/** Reads an answer's body up to `cap` bytes; a larger one is an error (made by `tooLarge`), never a full memory. */
export async function readCapped(
  response: Dispatcher.ResponseData,
  cap: number,
  tooLarge: (message: string) => Error,
): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > cap) {
      response.body.destroy();
      throw tooLarge(`an answer larger than ${cap} bytes`);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterMs(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

interface NetworkError {
  name?: string;
  code?: string;
  message?: string;
  cause?: { code?: string };
}

/** The error code of a failed request (undici puts the socket's own in `cause`), or null. */
export function networkErrorCode(err: unknown): string | null {
  const e = err as NetworkError;
  return e.cause?.code ?? e.code ?? null;
}

/** A failed request in a few words: "timed out", or the error's code, or its message. */
export function networkErrorText(err: unknown): string {
  const e = err as NetworkError;
  if (
    e.name === 'TimeoutError' ||
    e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e.code === 'UND_ERR_BODY_TIMEOUT' ||
    e.code === 'UND_ERR_CONNECT_TIMEOUT'
  )
    return 'timed out';
  return networkErrorCode(err) ?? e.message ?? String(err);
}
