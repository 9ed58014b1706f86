// Packet capture over the debug window with Windows' built-in pktmon, converted to pcapng for Wireshark and TAC.
import path from 'node:path';
import type { CaptureReport } from '../../contract/additions';
import { runBounded } from '../../system/runBounded';
import { system32 } from '../../system/windowsPaths';

const CAPTURE_ETL = 'tetra-doctor-capture.etl';
const CAPTURE_PCAPNG = 'tetra-doctor-capture.pcapng';

export function pktmonArguments(step: 'start' | 'stop' | 'convert', outputDir: string): string[] {
  const etl = path.join(outputDir, CAPTURE_ETL);
  if (step === 'start') return ['start', '--capture', '--pkt-size', '0', '--file-name', etl];
  if (step === 'stop') return ['stop'];
  return ['etl2pcap', etl, '--out', path.join(outputDir, CAPTURE_PCAPNG)];
}

export interface Capture {
  report: CaptureReport;
  /** Stops the capture (idempotent) and converts it. */
  stop(): Promise<void>;
}

export async function startCapture(requested: boolean, outputDir: string): Promise<Capture> {
  const idle = (report: CaptureReport): Capture => ({ report, stop: async () => undefined });
  if (!requested) return idle({ requested, state: 'not_requested', file: null, error: null });
  if (process.platform !== 'win32')
    return idle({
      requested,
      state: 'unsupported',
      file: null,
      error: 'packet capture uses pktmon, which exists only on Windows',
    });
  const started = await pktmon(pktmonArguments('start', outputDir));
  if (started) return idle({ requested, state: 'failed', file: null, error: `pktmon start: ${started}` });
  const report: CaptureReport = {
    requested,
    state: 'captured',
    file: path.join(outputDir, CAPTURE_PCAPNG),
    error: null,
  };
  let stopped = false;
  return {
    report,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const error =
        (await pktmon(pktmonArguments('stop', outputDir))) ?? (await pktmon(pktmonArguments('convert', outputDir)));
      if (error) Object.assign(report, { state: 'failed', file: null, error });
    },
  };
}

/** Runs pktmon from System32 by absolute path (never a PATH lookup, never a shell); returns an error or null. */
async function pktmon(args: string[]): Promise<string | null> {
  const exe = system32('PktMon.exe');
  const run = await runBounded(exe, args, { timeoutMs: 120_000, maxBytes: 1024 * 1024 });
  if (run.spawnError) return run.spawnError;
  if (run.timedOut) return `pktmon ${args[0]} did not finish`;
  return run.exitCode === 0 ? null : `pktmon ${args[0]} exited with ${run.exitCode}`;
}
