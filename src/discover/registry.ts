// Reads the connector's InstallDir from the registry through reg.exe, in both registry views, with no native module.
import { system32 } from '../system/windowsPaths';
import { runBounded } from '../system/runBounded';

const INSTALL_KEY = 'HKLM\\SOFTWARE\\Immunet Protect';

export async function readInstallDirFromRegistry(): Promise<string | null> {
  if (process.platform !== 'win32') return null;
  const regExe = system32('reg.exe');
  for (const view of ['/reg:64', '/reg:32']) {
    const run = await runBounded(regExe, ['query', INSTALL_KEY, '/v', 'InstallDir', view], {
      timeoutMs: 5000,
      maxBytes: 64 * 1024,
    });
    if (run.exitCode !== 0) continue;
    const value = parseRegQueryValue(run.stdout.toString('utf8'), 'InstallDir');
    if (value) return value;
  }
  return null;
}

/** `reg query` prints `    InstallDir    REG_SZ    C:\Program Files\Cisco\AMP`. Read by position, not by a pattern
 * with lazy parts (which takes quadratic time over a line of spaces). */
export function parseRegQueryValue(output: string, name: string): string | null {
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    for (const type of ['  REG_SZ  ', '  REG_EXPAND_SZ  ']) {
      const at = line.indexOf(type);
      if (at <= 0) continue;
      const value = line.slice(at + type.length).trim();
      if (line.slice(0, at).trim().toLowerCase() === name.toLowerCase() && value) return value;
    }
  }
  return null;
}

/** `reg query` prints a DWORD as `    DisableRootAutoUpdate    REG_DWORD    0x1`. */
export function parseRegQueryDword(output: string, name: string): number | null {
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s*(\S.*?)\s{2,}REG_DWORD\s{2,}0x([0-9a-f]{1,8})\s*$/i.exec(line);
    if (match && match[1].toLowerCase() === name.toLowerCase()) return parseInt(match[2], 16);
  }
  return null;
}

/** `reg query` prints a REG_BINARY value as one run of hex digits: `    WinHttpSettings    REG_BINARY    1800...`.
 * At most `maxBytes` bytes are taken: a longer value is not read (null). */
export function parseRegQueryBinary(output: string, name: string, maxBytes: number): Buffer | null {
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s*(\S.*?)\s{2,}REG_BINARY(?:\s{2,}((?:[0-9a-f]{2})*))?\s*$/i.exec(line);
    if (!match || match[1].toLowerCase() !== name.toLowerCase()) continue;
    const hex = match[2] ?? '';
    return hex.length <= maxBytes * 2 ? Buffer.from(hex, 'hex') : null;
  }
  return null;
}
