// The connector's Windows services, as Cisco's deployment guide finds them: every service whose name starts with
// CiscoAMP (8.x registers CiscoAMP, 7.x CiscoAMP_<version>; names between are not public), its state, and its image
// path (`sc qc`), which names the live version folder. Read through System32's sc.exe, never through a shell.
import path from 'node:path';
import { runBounded } from '../system/runBounded';
import { system32 } from '../system/windowsPaths';
import type { ServiceInfo } from '../contract/types';

const SERVICE_PREFIX = /^CiscoAMP/i;
const SC_LIMITS = { timeoutMs: 5000, maxBytes: 1024 * 1024 };

const scExe = () => system32('sc.exe');

/** The CiscoAMP services with state and image path; null when sc.exe could not list services (off Windows too). */
export async function listConnectorServices(): Promise<ServiceInfo[] | null> {
  if (process.platform !== 'win32') return null;
  const list = await runBounded(scExe(), ['queryex', 'type=', 'service', 'state=', 'all'], SC_LIMITS);
  if (list.exitCode !== 0 || list.truncated) return null;
  const services = parseScQueryList(list.stdout.toString('utf8')).filter((s) => SERVICE_PREFIX.test(s.name));
  return Promise.all(services.map(async (service) => ({ ...service, imagePath: await readImagePath(service.name) })));
}

async function readImagePath(name: string): Promise<string | null> {
  // The buffer size argument avoids "QueryServiceConfig FAILED 122" for long paths and dependency lists.
  const run = await runBounded(scExe(), ['qc', name, '8192'], { timeoutMs: 5000, maxBytes: 64 * 1024 });
  return run.exitCode === 0 ? parseScQc(run.stdout.toString('utf8')).binaryPath : null;
}

/** `sc query` / `sc queryex` print one block per service: `SERVICE_NAME: X` then `STATE : 4  RUNNING`. */
export function parseScQueryList(output: string): ServiceInfo[] {
  const services: ServiceInfo[] = [];
  let current: ServiceInfo | null = null;
  for (const line of output.split(/\r?\n/)) {
    const name = line.startsWith('SERVICE_NAME:') ? line.slice('SERVICE_NAME:'.length).trim() : '';
    if (name) {
      // Names end up in messages and on terminals: printable ASCII only.
      current = { name: printable(name), state: 'UNKNOWN', running: false };
      services.push(current);
      continue;
    }
    const state = /^\s+STATE\s*:\s*\d+\s+([A-Z_]+)/.exec(line);
    if (state && current) {
      current.state = state[1];
      current.running = state[1] === 'RUNNING';
    }
  }
  return services;
}

/** `sc qc` prints `BINARY_PATH_NAME   : "C:\Program Files\Cisco\AMP\8.1.7.21417\sfc.exe"` (quoted or not). */
export function parseScQc(output: string): { binaryPath: string | null } {
  // Line by line, by position: a multi-line pattern's leading \s* would walk every blank line from every line start.
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith('BINARY_PATH_NAME')) continue;
    const rest = line.slice('BINARY_PATH_NAME'.length).trimStart();
    if (!rest.startsWith(':')) continue;
    const value = rest.slice(1).trim();
    return { binaryPath: value ? executableOf(printable(value)) : null };
  }
  return { binaryPath: null };
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 512);
}

/** The executable of a service command line: the quoted part, or up to the first ".exe" (unquoted paths with
 * spaces are how Windows has always written many of them). */
export function executableOf(commandLine: string): string | null {
  const quoted = /^"([^"]+)"/.exec(commandLine);
  if (quoted) return quoted[1];
  const exe = /^(.*?\.exe)(?:\s|$)/i.exec(commandLine);
  return exe ? exe[1] : commandLine.split(/\s+/)[0] || null;
}

/** The version folder (a direct child of `root`) that a service's image lives in, or null. */
export function serviceVersionFolder(imagePath: string, root: string): string | null {
  const folder = path.win32.dirname(imagePath);
  const parent = path.win32.dirname(folder);
  const same = (a: string, b: string) =>
    path.win32.normalize(a).replace(/\\+$/, '').toLowerCase() ===
    path.win32.normalize(b).replace(/\\+$/, '').toLowerCase();
  return same(parent, root) ? path.win32.basename(folder) : null;
}
