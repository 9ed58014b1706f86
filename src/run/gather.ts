// Gathers everything once into one snapshot. Every source records why it failed; nothing here throws.
import os from 'node:os';
import { discoverInstall, installInfo, type Discovery } from '../discover/installDir';
import type { TrustedInstall } from '../discover/trustedInstall';
import { readLocalXml } from '../evidence/localXml';
import { readPolicyXml } from '../evidence/policyXml';
import { readPosture } from '../evidence/posture';
import { readServiceState } from '../evidence/service';
import type { DoctorOptions } from '../options';
import type { ProbeProxy } from '../probes/context';
import type { NetworkChecks } from '../probes/network';
import { chooseUpdateServer } from '../probes/updateServer';
import type { PolicyInfo, ProxySettings, ReferenceInfo, Secrets, Snapshot, Source } from '../types';

export type Scope = 'endpoint' | 'network';

export interface Gathered {
  /** The install to act on: null when there is none, or when it must not be trusted (the snapshot says why). */
  install: TrustedInstall | null;
  snapshot: Snapshot;
  secrets: Secrets;
}

const notConsulted = (reason: string) => ({ state: 'skipped', reason }) as const;

export async function gatherSnapshot(options: DoctorOptions, scope: Scope): Promise<Gathered> {
  const discovery = await discoverInstall(options.ampDir);
  // Only a trusted install is run or read (see discover/trustedInstall.ts).
  const install = discovery.state === 'trusted' ? discovery.install : null;
  // AmpCLI is the slowest source: it starts before policy.xml is read, not after.
  const endpointEvidence = scope === 'endpoint' && install ? gatherEndpoint(install, options) : null;
  const { policy, proxyPassword } = install ? await readPolicyXml(install) : { policy: notConsulted(notReadReason(discovery)), proxyPassword: null };
  const proxy = proxyInForce(options, policy, proxyPassword);
  const secrets: Secrets = { proxyPassword: proxy?.password ?? null };
  const policyValue = policy.state === 'ok' ? policy.value : null;
  const server = chooseUpdateServer(options.updateServer, policyValue?.updateServer ?? null);

  // With no connector, detect has nothing to explain; probe still checks the path.
  const network =
    options.offline || (scope === 'endpoint' && !install)
      ? null
      : import('../probes/network').then(({ checkNetwork }) =>
          checkNetwork({ server, proxy, caPem: options.caPem, endsAt: Date.now() + options.timeoutMs, referenceUrl: scope === 'endpoint' ? options.referenceUrl : null }),
        );
  const [endpoint, checks] = await Promise.all([endpointEvidence, network]);
  const skippedReason = discovery.state === 'untrusted' ? discovery.reason : discovery.state === 'trusted' ? 'the probe command checks the network only' : 'no connector install';

  const snapshot: Snapshot = {
    host: os.hostname(),
    checkedAt: options.now.toISOString(),
    platform: process.platform,
    install: installInfo(discovery),
    posture: endpoint?.posture ?? notConsulted(skippedReason),
    localXml: endpoint?.localXml ?? notConsulted(skippedReason),
    policy,
    service: endpoint?.service ?? notConsulted(skippedReason),
    reference: referenceSource(checks?.reference ?? null, options),
    proxy: proxy ? withoutPassword(proxy) : null,
    updateServer: server.url,
    probes: checks?.probes ?? [],
    probesSkipped: options.offline ? 'offline: no network checks were made' : network ? null : skippedReason,
  };
  return { install, snapshot, secrets };
}

function notReadReason(discovery: Discovery): string {
  if (discovery.state === 'untrusted') return discovery.reason;
  return discovery.state === 'absent' ? 'no connector install' : 'not read';
}

async function gatherEndpoint(install: TrustedInstall, options: DoctorOptions) {
  const [posture, localXml, service] = await Promise.all([readPosture(install, options.postureTimeoutMs), readLocalXml(install), readServiceState(install.liveVersion)]);
  return { posture, localXml, service };
}

/** --proxy wins over policy; the connector's own policy proxy is what it really uses. */
function proxyInForce(options: DoctorOptions, policy: Source<PolicyInfo>, policyPassword: string | null): ProbeProxy | null {
  const option = options.proxy;
  if (option) return { ...option, hasPassword: option.password !== null, source: 'option' };
  const fromPolicy = policy.state === 'ok' ? policy.value.proxy : null;
  return fromPolicy ? { ...fromPolicy, password: policyPassword } : null;
}

function withoutPassword(proxy: ProbeProxy): ProxySettings {
  const { password: _password, ...rest } = proxy;
  return rest;
}

function referenceSource(result: NetworkChecks['reference'], options: DoctorOptions): Source<ReferenceInfo> {
  if (options.offline) return notConsulted('offline');
  if (!result) return notConsulted('the probe command does not read the reference version');
  if (!result.ok) return { state: 'failed', error: result.error ?? 'unknown error' };
  return { state: 'ok', value: { url: options.referenceUrl, latestVersion: result.detail?.latestVersion as number } };
}
