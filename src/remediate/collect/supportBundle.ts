// `ipsupporttool.exe -o <dir>`: the connector's own support bundle (CiscoAMP_Support_Tool*.zip).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runConnectorTool } from '../connectorTool';

export interface SupportBundleReport {
  exitCode: number | null;
  files: string[];
  error: string | null;
}

export async function runSupportTool(versionDir: string, outputDir: string, timeoutMs: number): Promise<SupportBundleReport> {
  const before = new Set(await listFiles(outputDir));
  const run = await runConnectorTool(versionDir, 'ipsupporttool.exe', ['-o', outputDir], timeoutMs);
  const files = (await listFiles(outputDir)).filter((f) => !before.has(f) && /\.zip$/i.test(f)).map((f) => path.join(outputDir, f));
  const error = run.error ?? (files.length === 0 ? `ipsupporttool.exe exited with ${run.exitCode} and wrote no .zip into ${outputDir}` : null);
  return { exitCode: run.exitCode, files, error };
}

async function listFiles(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch(() => []);
}
