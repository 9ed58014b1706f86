// Whether Windows fetches a missing public root on demand (automatic root update): on unless the policy
// "Turn off Automatic Root Certificates Update" sets DisableRootAutoUpdate to 1 under
// HKLM\SOFTWARE\Policies\Microsoft\SystemCertificates\AuthRoot. Read through reg.exe from System32, as the install
// folder is. Off Windows a hidden test option stands in for it (docs/windows.md); without it the state is unknown.
import { parseRegQueryDword } from '../discover/registry';
import { runBounded } from '../system/runBounded';
import { system32 } from '../system/windowsPaths';

const AUTH_ROOT_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\AuthRoot';

/** on: Windows fetches missing roots; off: the policy turned it off; unknown: not read (says why). */
export type RootAutoUpdate = { state: 'on' | 'off'; value: number | null } | { state: 'unknown'; reason: string };

export async function readRootAutoUpdate(testSetting: 'on' | 'off' | null): Promise<RootAutoUpdate> {
  if (testSetting) return { state: testSetting, value: testSetting === 'off' ? 1 : null };
  if (process.platform !== 'win32') return { state: 'unknown', reason: 'the registry is read only on Windows' };
  const run = await runBounded(system32('reg.exe'), ['query', AUTH_ROOT_POLICY_KEY, '/v', 'DisableRootAutoUpdate'], {
    timeoutMs: 5000,
    maxBytes: 64 * 1024,
  });
  if (run.spawnError || run.timedOut)
    return { state: 'unknown', reason: `reg.exe failed: ${run.spawnError ?? 'timed out'}` };
  // reg query exits 1 when the key or the value does not exist: the policy is not set, the default (on) holds.
  const value = run.exitCode === 0 ? parseRegQueryDword(run.stdout.toString('utf8'), 'DisableRootAutoUpdate') : null;
  return { state: value !== null && value !== 0 ? 'off' : 'on', value };
}
