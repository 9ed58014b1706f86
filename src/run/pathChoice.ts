// Which path the probes walk (update server and proxy), and where each part came from. The connector's own policy
// is the truth; from connector 8.1.3 it is usually not readable locally, so the admin can hand it over
// (--policy-file) or name the parts (--update-server, --region, --proxy). What nobody named is a guess, and the
// result says so: a cause found on a guessed path is what that path does, not necessarily why the connector fails.
import { DEFAULT_UPDATE_SERVER, REGIONS, type DoctorOptions } from '../contract/options';
import type { ProbeProxy } from '../probes/context';
import { updateServerTarget, type ServerTarget } from '../probes/updateServer';
import type { PathProvenance, PolicyInfo, ServerSource, Source } from '../contract/types';
import { readPolicyFile, type PolicyRead } from '../evidence/policyXml';

export interface PathChoice {
  /** The policy in force: the local policy.xml when readable, else the --policy-file, else why neither. */
  policy: Source<PolicyInfo>;
  proxy: ProbeProxy | null;
  server: ServerTarget;
  provenance: PathProvenance;
}

type PathOptions = Pick<DoctorOptions, 'updateServer' | 'region' | 'proxy' | 'proxyNone' | 'policyFile'> &
  Partial<Pick<DoctorOptions, 'settings'>>;

/** The settings that decide the path; the others (thresholds, time limits, language) do not. */
const PATH_SETTINGS = ['region', 'proxy', 'policy-file'];

/** The local policy wins; the --policy-file is read only when the local one gave nothing. */
export async function choosePolicy(
  local: PolicyRead,
  policyFile: string | null,
): Promise<{ read: PolicyRead; localReason: string | null }> {
  if (local.policy.state === 'ok') return { read: local, localReason: null };
  const localReason =
    local.policy.state === 'skipped' ? local.policy.reason : `policy.xml is unreadable: ${local.policy.error}`;
  if (!policyFile) return { read: local, localReason };
  return { read: await readPolicyFile(policyFile), localReason };
}

export function choosePath(options: PathOptions, read: PolicyRead, localReason: string | null): PathChoice {
  const policy = read.policy.state === 'ok' ? read.policy.value : null;
  const policySource = policy?.origin === 'file' ? 'policy-file' : 'policy';
  const server = chooseServer(options, policy?.updateServer ?? null, policySource);
  const proxy = chooseProxy(options, policy, read.proxyPassword);
  const proxySource = proxy?.source ?? 'none';
  return {
    policy: read.policy,
    proxy,
    server: server.target,
    provenance: {
      updateServer: { url: server.target.url, source: server.source },
      proxySource,
      policy: policy ? (policy.origin === 'file' ? 'file' : 'local') : 'none',
      localPolicy: localReason,
      guessed: {
        updateServer: server.source === 'default' && policy === null,
        // Neither the admin nor the connector's policy named it (no proxy, or one only guessed from the machine).
        proxy:
          proxySource !== 'option' &&
          proxySource !== 'policy' &&
          proxySource !== 'policy-file' &&
          policy === null &&
          !options.proxyNone,
        // The policy's proxy type could not be interpreted: it is probed as HTTP, a guess.
        ...(policy?.proxyKindGuessed && proxy?.source !== 'option' && proxy !== null
          ? { proxyKind: true as const }
          : {}),
      },
      fromSettings: (options.settings?.keys ?? []).filter((key) => PATH_SETTINGS.includes(key)),
    },
  };
}

function chooseServer(
  options: PathOptions,
  fromPolicy: string | null,
  policySource: 'policy' | 'policy-file',
): { target: ServerTarget; source: ServerSource } {
  // --update-server overrides even the policy: it is how an admin (or a test) points the probes somewhere else.
  if (options.updateServer) return { target: options.updateServer, source: 'option' };
  if (fromPolicy) {
    try {
      return { target: updateServerTarget(fromPolicy, null), source: policySource };
    } catch {
      // A policy value that is not a host or URL is not probed; the region or the default stands in for it.
    }
  }
  if (options.region)
    return { target: updateServerTarget(REGIONS[options.region].updateServer, null), source: 'region' };
  return { target: updateServerTarget(DEFAULT_UPDATE_SERVER, null), source: 'default' };
}

/** --proxy wins over policy; the connector's own policy proxy is what it really uses. */
function chooseProxy(
  options: PathOptions,
  policy: PolicyInfo | null,
  policyPassword: string | null,
): ProbeProxy | null {
  if (options.proxy) return { ...options.proxy, hasPassword: options.proxy.password !== null, source: 'option' };
  if (options.proxyNone) return null;
  if (!policy?.proxy) return null;
  // The policy's reader does not know where its XML came from: the proxy's source is the policy's.
  return { ...policy.proxy, source: policy.origin === 'file' ? 'policy-file' : 'policy', password: policyPassword };
}
