// The connector's Windows service state, read through sc.exe; elsewhere there is no service to ask.
import type { ServiceInfo, Source } from '../contract/types';
import { runBounded, type BoundedRun } from '../system/runBounded';
import { system32 } from '../system/windowsPaths';

/** The connector service's state: from the CiscoAMP services discovery listed (the one running the live folder
 * first), else by asking sc.exe for the names 8.x and 7.x register. */
export async function readServiceState(
  liveVersion: string | null,
  listed?: ServiceInfo[],
): Promise<Source<ServiceInfo>> {
  if (process.platform !== 'win32') return { state: 'skipped', reason: 'service state is read only on Windows' };
  if (listed) return pickListedService(listed, liveVersion);
  const scExe = system32('sc.exe');
  // 8.x registers CiscoAMP; 7.x registers CiscoAMP_<version>.
  const names = ['CiscoAMP', ...(liveVersion ? [`CiscoAMP_${liveVersion}`] : [])];
  return queryServices(names, (args) => runBounded(scExe, args, { timeoutMs: SC_TIMEOUT_MS, maxBytes: 64 * 1024 }));
}

const SC_TIMEOUT_MS = 5000;

/**
 * Asks `sc query` for each name in turn. An sc.exe that could not start or did not finish says nothing about the
 * service: that is reported as such, not as "no such service".
 */
export async function queryServices(
  names: string[],
  runSc: (args: string[]) => Promise<BoundedRun>,
): Promise<Source<ServiceInfo>> {
  for (const name of names) {
    const run = await runSc(['query', name]);
    if (run.spawnError) return { state: 'failed', error: `sc.exe could not be started: ${run.spawnError}` };
    if (run.timedOut)
      return { state: 'failed', error: `sc.exe query ${name} did not finish within ${SC_TIMEOUT_MS / 1000} s` };
    const state = parseScState(run.stdout.toString('utf8'));
    if (state) return { state: 'ok', value: { name, state, running: state === 'RUNNING' } };
  }
  return { state: 'failed', error: `no service named ${names.join(' or ')} answered sc.exe query` };
}

export function pickListedService(listed: ServiceInfo[], liveVersion: string | null): Source<ServiceInfo> {
  if (listed.length === 0) return { state: 'failed', error: 'no service whose name starts with CiscoAMP is installed' };
  const inLive = liveVersion
    ? listed.find((s) => s.imagePath?.toLowerCase().includes(`\\${liveVersion.toLowerCase()}\\`))
    : undefined;
  // Then the names the connector registers (8.x CiscoAMP, 7.x CiscoAMP_<version>), before any other CiscoAMP* one.
  const connectorNamed = listed.find((s) => /^CiscoAMP(_[\d.]+)?$/i.test(s.name));
  const chosen = inLive ?? connectorNamed ?? listed.find((s) => s.running) ?? listed[0];
  return { state: 'ok', value: chosen };
}

/** `sc query` prints `        STATE              : 4  RUNNING`. */
export function parseScState(output: string): string | null {
  const match = /STATE\s*:\s*\d+\s+([A-Z_]+)/.exec(output);
  return match ? match[1] : null;
}
