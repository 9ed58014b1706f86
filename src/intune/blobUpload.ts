// Uploads the encrypted package to the Azure Storage SAS URI Intune hands out, as Azure Blob Storage documents for
// large blobs: each block with Put Block (PUT {uri}&comp=block&blockid=...), then Put Block List
// (PUT {uri}&comp=blocklist) naming them in order. A block that fails is sent again, alone, a few times (429 and 503
// as Retry-After says); the blocks already stored stay. The SAS signature never reaches a message: only the blob's
// path and Azure's error code do.
import { request, type Dispatcher } from 'undici';
import { networkErrorText, readCapped } from '../system/httpAnswer';
import { throttleWait } from '../fleet/graphClient';

export interface UploadSettings {
  dispatcher: Dispatcher;
  timeoutMs: number;
  blockBytes: number;
  /** Tries of each request (the first and its retries). */
  attempts: number;
  maxRetryAfterMs: number;
  progress: (text: string) => void;
}

class UploadError extends Error {}

/** The x-ms-version Azure Storage is asked to speak (Put Block and Put Block List are unchanged since long before). */
const STORAGE_VERSION = '2020-10-02';

/** Block ids are base64 of the same length each (Azure requires equal lengths within a blob). */
function blockId(index: number): string {
  return Buffer.from(`block-${String(index).padStart(8, '0')}`).toString('base64');
}

export async function uploadBlocks(sasUri: string, data: Buffer, settings: UploadSettings): Promise<number> {
  const count = Math.max(1, Math.ceil(data.length / settings.blockBytes));
  for (let index = 0; index < count; index++) {
    const block = data.subarray(index * settings.blockBytes, (index + 1) * settings.blockBytes);
    await put(settings, withQuery(sasUri, `comp=block&blockid=${encodeURIComponent(blockId(index))}`), block, {
      what: `Put Block ${index + 1} of ${count}`,
      contentType: 'application/octet-stream',
    });
    settings.progress(`uploaded block ${index + 1} of ${count} (${block.length} bytes)`);
  }
  const list = Array.from({ length: count }, (_, i) => `<Latest>${blockId(i)}</Latest>`).join('');
  await put(
    settings,
    withQuery(sasUri, 'comp=blocklist'),
    Buffer.from(`<?xml version="1.0" encoding="utf-8"?><BlockList>${list}</BlockList>`, 'utf8'),
    { what: `Put Block List (${count} blocks)`, contentType: 'application/xml' },
  );
  return count;
}

function withQuery(sasUri: string, extra: string): string {
  return `${sasUri}${sasUri.includes('?') ? '&' : '?'}${extra}`;
}

async function put(
  settings: UploadSettings,
  url: string,
  body: Buffer,
  request_: { what: string; contentType: string },
): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt < settings.attempts; attempt++) {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'PUT',
        headers: {
          'content-type': request_.contentType,
          'content-length': String(body.length),
          'x-ms-version': STORAGE_VERSION,
        },
        body,
        dispatcher: settings.dispatcher,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (err) {
      last = networkErrorText(err);
      continue;
    }
    const text = await readCapped(response, 64 * 1024, (m) => new UploadError(m)).catch(() => '');
    if (response.statusCode === 201) return;
    last = `HTTP ${response.statusCode}${storageErrorCode(text)}`;
    if (response.statusCode === 429 || response.statusCode === 503)
      await throttleWait(response.headers['retry-after'], attempt, settings.maxRetryAfterMs);
    else if (response.statusCode < 500 && response.statusCode !== 408) break;
  }
  throw new UploadError(`${request_.what} to ${new URL(url).pathname}: ${last}`);
}

/** Azure Storage's error body is <Error><Code>...</Code><Message>...</Message></Error>; the code alone is shown. */
function storageErrorCode(text: string): string {
  const code = /<Code>([A-Za-z]{1,80})<\/Code>/.exec(text);
  return code ? `: ${code[1]}` : '';
}
