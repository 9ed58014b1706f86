// Which rows a destination has already accepted: a file of resultIds on the admin machine, one per line, appended as
// each batch is accepted. A rerun (tomorrow's job, or a run cut off half-way) skips them, so nothing arrives twice.
// The file is the only memory tetra-doctor keeps; the history itself lives in Log Analytics or Splunk.
import { createHash } from 'node:crypto';
import { mkdirSync, type PathLike } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readTextBounded } from '../../system/readFileBounded';

/** 33 bytes a row: 8 million rows (a 100,000-endpoint fleet checked daily for over two months) fit. */
const MAX_STATE_BYTES = 256 * 1024 * 1024;
const RESULT_ID = /^[0-9a-f]{32}$/;

export class SentState {
  private constructor(
    readonly file: string,
    private readonly sent: Set<string>,
    private readonly handle: FileHandle,
  ) {}

  /** Reads the file (missing is empty) and opens it for appending; what it throws names the file. */
  static async open(file: string): Promise<SentState> {
    mkdirSync(path.dirname(file), { recursive: true });
    const read = await readTextBounded(file, { maxBytes: MAX_STATE_BYTES });
    if (read.state === 'failed') throw new Error(`the sent-results file ${file} cannot be read: ${read.error}`);
    const sent = new Set<string>();
    if (read.state === 'ok') for (const line of read.text.split('\n')) if (RESULT_ID.test(line)) sent.add(line);
    // Readable by its owner only: it says which devices were checked when.
    return new SentState(file, sent, await open(file as PathLike, 'a', 0o600));
  }

  has(resultId: string): boolean {
    return this.sent.has(resultId);
  }

  /** Records a batch the destination accepted, before the next one is sent. */
  async add(resultIds: string[]): Promise<void> {
    for (const id of resultIds) this.sent.add(id);
    await this.handle.write(`${resultIds.join('\n')}\n`);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** The file of one destination's sent results, in --sent-state-dir or the user's state folder: named by a hash of
 * where the rows go (the DCE, rule and stream; the collector URL and index), so each destination has its own. */
export function stateFileFor(destinationKey: string, dir: string | null, env: NodeJS.ProcessEnv): string {
  const base =
    dir ??
    (process.platform === 'win32'
      ? path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'tetra-doctor')
      : path.join(env.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'), 'tetra-doctor'));
  const key = createHash('sha256').update(destinationKey).digest('hex').slice(0, 16);
  return path.join(base, `sent-${key}.txt`);
}
