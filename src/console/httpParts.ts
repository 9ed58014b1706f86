// What the API client and the token exchange share: their error type, the bounded reading of an answer, and the
// words for a failed connection. No credential is ever part of what these produce.
import type { Dispatcher } from 'undici';
import { networkErrorCode, networkErrorText, readCapped as readCappedBody } from '../system/httpAnswer';

export class ConsoleApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** Reads an answer's body up to `cap` bytes; a larger one is an error, never a long wait or a full memory. */
export function readCapped(response: Dispatcher.ResponseData, cap: number): Promise<string> {
  return readCappedBody(response, cap, (message) => new ConsoleApiError(message, null));
}

/** Outside text reaches our messages as one short printable line. */
export function sanitize(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, ' ').slice(0, 200);
}

/** A server's own words (an error body's description) as we show them: every secret removed first, from the text
 * as parsed (JSON's \u escapes already decoded), and only then cut short: a cut could leave part of a secret that
 * no longer looks like it. */
export function serverWords(text: string, scrub: (text: string) => string): string {
  return sanitize(scrub(text));
}

/** No page holds more items than it was asked for (`limit`); a larger one is refused, not read on. */
export function checkPageSize(items: unknown[], limit: number, where: string): void {
  if (items.length > limit)
    throw new ConsoleApiError(
      `${where}: a page of ${items.length} items, more than the ${limit} asked for; stopped`,
      null,
    );
}

export function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url.split('?')[0];
}

export function describeNetworkError(err: unknown): string {
  const code = networkErrorCode(err);
  const text = networkErrorText(err);
  if (text !== 'timed out' && code && /CERT|SELF_SIGNED|VERIFY/.test(code))
    return `${code} (the console's certificate is not trusted: for a Private Cloud console give its CA with --console-ca-file)`;
  return text;
}

/** The credentials part of an HTTP Basic header: base64 of id:secret. */
export function basicCredentials(id: string, secret: string): string {
  return Buffer.from(`${id}:${secret}`).toString('base64');
}
