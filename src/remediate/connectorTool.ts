// Runs one of the connector's own programs from its live version folder: only that file, never through a shell,
// bounded in time and output. The only way tetra-doctor acts on the connector.
import path from 'node:path';
import { runBounded } from '../evidence/runBounded';

export type ConnectorTool = 'sfc.exe' | 'ipsupporttool.exe';

export interface ToolRun {
  /** The command as run, for the record (never holds a secret: these switches take none). */
  command: string;
  started: boolean;
  exitCode: number | null;
  timedOut: boolean;
  error: string | null;
}

export async function runConnectorTool(versionDir: string, tool: ConnectorTool, args: string[], timeoutMs: number): Promise<ToolRun> {
  const file = path.join(versionDir, tool);
  const run = await runBounded(file, args, { timeoutMs, maxBytes: 1024 * 1024 });
  const command = [tool, ...args].join(' ');
  const error = run.spawnError ?? (run.timedOut ? `did not finish within ${Math.round(timeoutMs / 1000)} s` : null);
  return { command, started: run.spawnError === null, exitCode: run.exitCode, timedOut: run.timedOut, error };
}
