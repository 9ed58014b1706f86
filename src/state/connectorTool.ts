// Runs one of the connector's own programs from its trusted install: only that file, never through a shell,
// bounded in time and output. The only way tetra-doctor acts on the connector.
import type { InstallProgram, TrustedInstall } from '../discover/trustedInstall';
import type { ToolRun } from '../contract/additions';
import { runBounded } from '../system/runBounded';

export type ConnectorTool = Exclude<InstallProgram, 'AmpCLI.exe'>;
export type { ToolRun };

export async function runConnectorTool(
  install: TrustedInstall,
  tool: ConnectorTool,
  args: string[],
  timeoutMs: number,
): Promise<ToolRun> {
  const run = await runBounded(install.programPath(tool), args, { timeoutMs, maxBytes: 1024 * 1024 });
  const command = [tool, ...args].join(' ');
  const error = run.spawnError ?? (run.timedOut ? `did not finish within ${Math.round(timeoutMs / 1000)} s` : null);
  return { command, started: run.spawnError === null, exitCode: run.exitCode, timedOut: run.timedOut, error };
}
