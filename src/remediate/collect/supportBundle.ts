// `ipsupporttool.exe -o <dir>`: the connector's own support bundle (CiscoAMP_Support_Tool*.zip).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TrustedInstall } from '../../discover/trustedInstall';
import type { SupportBundleReport } from '../../contract/additions';
import { runConnectorTool } from '../../state/connectorTool';

export type { SupportBundleReport };

export async function runSupportTool(
  install: TrustedInstall,
  outputDir: string,
  timeoutMs: number,
): Promise<SupportBundleReport> {
  const before = new Set(await listFiles(outputDir));
  const run = await runConnectorTool(install, 'ipsupporttool.exe', ['-o', outputDir], timeoutMs);
  const files = (await listFiles(outputDir))
    .filter((f) => !before.has(f) && /\.zip$/i.test(f))
    .map((f) => path.join(outputDir, f));
  const error =
    run.error ??
    (files.length === 0 ? `ipsupporttool.exe exited with ${run.exitCode} and wrote no .zip into ${outputDir}` : null);
  return { exitCode: run.exitCode, files, error };
}

async function listFiles(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch(() => []);
}
