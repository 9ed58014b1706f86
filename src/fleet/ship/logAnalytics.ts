// Azure Monitor Logs through the Logs Ingestion API, with Microsoft's client (@azure/monitor-ingestion): a data
// collection endpoint (--dce), a data collection rule's immutable id (--dcr-id) and its stream (--stream). The client
// gzips each request and its pipeline retries: a 429 or 503 after Retry-After, other failures with a back-off. The
// sign-in is the Azure one of the Graph work (src/console/azureSignIn.ts). Batches stay within the service's 1 MB.
import { LogsIngestionClient } from '@azure/monitor-ingestion';
import type { TokenCredential } from '../../console/azureSignIn';
import { MAX_RETRIES, MAX_WAIT_MS } from './retry';
import type { Destination } from './shipRows';
import type { FleetRow } from './rows';

/** The Logs Ingestion API takes at most 1 MB a call; the client cuts at 1,000,000 bytes of JSON, and so do we. */
const MAX_BATCH_BYTES = 1_000_000;

export interface LogAnalyticsSettings {
  dce: string;
  dcrId: string;
  stream: string;
}

export class LogAnalyticsDestination implements Destination {
  readonly name: string;
  readonly maxBatchBytes = MAX_BATCH_BYTES;
  private readonly client: LogsIngestionClient;

  constructor(
    private readonly settings: LogAnalyticsSettings,
    credential: TokenCredential,
  ) {
    this.name = `log-analytics ${new URL(settings.dce).host} ${settings.stream}`;
    this.client = new LogsIngestionClient(settings.dce, credential, {
      retryOptions: { maxRetries: MAX_RETRIES, retryDelayInMs: 1000, maxRetryDelayInMs: MAX_WAIT_MS },
    });
  }

  encode(row: FleetRow): string {
    return JSON.stringify(row);
  }

  async send(rows: FleetRow[]): Promise<void> {
    // One batch is one request: the client would cut a larger one into several that fail or succeed apart.
    try {
      await this.client.upload(
        this.settings.dcrId,
        this.settings.stream,
        rows as unknown as Record<string, unknown>[],
        {
          maxConcurrency: 1,
        },
      );
    } catch (err) {
      throw new Error(`Log Analytics: a batch failed: ${uploadErrorText(err)}`, { cause: err });
    }
  }

  async close(): Promise<void> {}
}

/** The client throws an AggregateLogsUploadError whose errors carry the service's answer (code and message). */
function uploadErrorText(err: unknown): string {
  const first = (err as { errors?: Array<{ cause?: Error & { statusCode?: number; code?: string } }> }).errors?.[0]
    ?.cause;
  const cause = first ?? (err as Error & { statusCode?: number; code?: string });
  const status = cause.statusCode ? `HTTP ${cause.statusCode} ` : '';
  return `${status}${cause.code ?? ''} ${(cause.message ?? String(cause)).split('\n')[0].slice(0, 300)}`.trim();
}
