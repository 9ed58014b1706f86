// What the API client and the token exchange share: their error type, the bounded reading of an answer, and the
// words for a failed connection. No credential is ever part of what these produce.
import type { Dispatcher } from 'undici';

export class ConsoleApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** Reads an answer's body up to `cap` bytes; a larger one is an error, never a long wait or a full memory. */
export async function readCapped(response: Dispatcher.ResponseData, cap: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > cap) {
      response.body.destroy();
      throw new ConsoleApiError(`an answer larger than ${cap} bytes`, null);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Outside text reaches our messages as one short printable line. */
export function sanitize(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, ' ').slice(0, 200);
}

export function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url.split('?')[0];
}

export function describeNetworkError(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (
    e.name === 'TimeoutError' ||
    e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e.code === 'UND_ERR_BODY_TIMEOUT' ||
    e.code === 'UND_ERR_CONNECT_TIMEOUT'
  )
    return 'timed out';
  const code = e.cause?.code ?? e.code;
  if (code && /CERT|SELF_SIGNED|VERIFY/.test(code))
    return `${code} (the console's certificate is not trusted: for a Private Cloud console give its CA with --console-ca-file)`;
  return code ?? e.message ?? String(err);
}
