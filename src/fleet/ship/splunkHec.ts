// Splunk's HTTP Event Collector: POST {url}/services/collector/event with `Authorization: Splunk <token>` and the
// events one after another in the body, each {time, host, source, sourcetype: "tetra_doctor", event: <row>}.
// HEC's default max_content_length is 1 MB, so batches stay under 1,000,000 bytes.
import { Agent, request, type Dispatcher } from 'undici';
import { networkErrorText, readCapped } from '../../system/httpAnswer';
import { sanitize } from '../../console/httpParts';
import { isRetriable, MAX_RETRIES, waitBeforeRetry } from './retry';
import type { ShipArgs } from '../shipOptions';
import type { Destination } from './shipRows';
import type { FleetRow } from './rows';

const SOURCETYPE = 'tetra_doctor';
const MAX_BATCH_BYTES = 1_000_000;
const MAX_ANSWER_BYTES = 64 * 1024;

/** The collector's base URL (or its full /services/collector/event URL), the token, the CA that issued its
 * certificate (Splunk's own, a private one) and the index (null: the token's default). */
export type SplunkSettings = NonNullable<ShipArgs['splunk']> & { timeoutMs: number };

/** The event endpoint of a collector URL given as its base (https://splunk:8088) or in full. */
function hecEventUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/services\/collector(\/event)?$/.test(trimmed)
    ? trimmed.replace(/\/services\/collector$/, '/services/collector/event')
    : `${trimmed}/services/collector/event`;
}

export class SplunkHecDestination implements Destination {
  readonly name: string;
  readonly maxBatchBytes = MAX_BATCH_BYTES;
  private readonly url: string;
  private readonly dispatcher: Dispatcher;

  constructor(private readonly settings: SplunkSettings) {
    this.url = hecEventUrl(settings.url);
    this.name = `splunk-hec ${new URL(this.url).origin}`;
    this.dispatcher = new Agent({
      connect: { timeout: settings.timeoutMs, ...(settings.caPem ? { ca: settings.caPem } : {}) },
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
    });
  }

  async send(_rows: FleetRow[], events: string[]): Promise<void> {
    const body = events.join('\n');
    for (let attempt = 0; ; attempt++) {
      let failure: string;
      let retryAfter: string | string[] | undefined;
      try {
        const response = await request(this.url, {
          method: 'POST',
          dispatcher: this.dispatcher,
          headers: { authorization: `Splunk ${this.settings.token}`, 'content-type': 'application/json' },
          body,
        });
        const text = await readCapped(response, MAX_ANSWER_BYTES, (message) => new Error(message));
        if (response.statusCode >= 200 && response.statusCode < 300) return;
        failure = `HTTP ${response.statusCode}${hecErrorText(text)}`;
        if (!isRetriable(response.statusCode)) throw new Error(`Splunk HEC refused a batch: ${failure}`);
        retryAfter = response.headers['retry-after'];
      } catch (err) {
        if ((err as Error).message.startsWith('Splunk HEC refused')) throw err;
        failure = networkErrorText(err);
      }
      if (attempt >= MAX_RETRIES)
        throw new Error(`Splunk HEC: a batch failed after ${MAX_RETRIES} retries (last: ${failure})`);
      await waitBeforeRetry(attempt, retryAfter);
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  /** One HEC event: the row as the event, its check time as the event's time (epoch seconds), the device as host. */
  encode(row: FleetRow): string {
    const json = JSON.stringify(row);
    const time = row.checkedAt === null ? null : Date.parse(row.checkedAt) / 1000;
    const index = this.settings.index === null ? '' : `,"index":${JSON.stringify(this.settings.index)}`;
    const head = `{${time === null ? '' : `"time":${time},`}"host":${JSON.stringify(row.device)},"source":"tetra-doctor","sourcetype":"${SOURCETYPE}"${index}`;
    return `${head},"event":${json}}`;
  }
}

/** HEC answers {"text": "...", "code": N}; neither carries the token. */
function hecErrorText(text: string): string {
  try {
    const body = JSON.parse(text) as { text?: unknown; code?: unknown };
    if (typeof body.text === 'string') return `: ${sanitize(body.text)} (code ${String(body.code)})`;
  } catch {
    // Not JSON: the status alone has to do.
  }
  return '';
}
