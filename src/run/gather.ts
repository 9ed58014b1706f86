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
import type { ProxySettings, ReferenceInfo, Secrets, ServiceInfo, Snapshot, Source } from '../types';
import { choosePath, choosePolicy } from './pathChoice';

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
  const endpointEvidence = scope === 'endpoint' && install ? gatherEndpoint(install, options, discovery.notes.services) : null;
  const local = install ? await readPolicyXml(install) : { policy: notConsulted(notReadReason(discovery)), proxyPassword: null };
  const { read, localReason } = await choosePolicy(local, options.policyFile);
  const { policy, proxy, server, provenance } = choosePath(options, read, localReason);
  const proxyPassword = read.proxyPassword;
  const secrets: Secrets = { proxyPassword: proxy?.password ?? null, proxyUsername: proxy?.username ?? null, others: proxyPassword && proxyPassword !== proxy?.password ? [proxyPassword] : [] };

  // With no connector, detect has nothing to explain; probe still checks the path.
  const network =
    options.offline || (scope === 'endpoint' && !install)
      ? null
      : import('../probes/network').then(({ checkNetwork }) =>
          checkNetwork({
            server,
            proxy,
            caPem: options.caPem,
            testTrustStorePem: options.testTrustStorePem,
            testPublicRootsPem: options.testPublicRootsPem,
            endsAt: Date.now() + options.timeoutMs,
            referenceUrl: scope === 'endpoint' ? options.referenceUrl : null,
          }),
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
    path: provenance,
    probes: checks?.probes ?? [],
    probesSkipped: options.offline ? 'offline: no network checks were made' : network ? null : skippedReason,
  };
  return { install, snapshot, secrets };
}

function notReadReason(discovery: Discovery): string {
  if (discovery.state === 'untrusted') return discovery.reason;
  return discovery.state === 'absent' ? 'no connector install' : 'not read';
}

async function gatherEndpoint(install: TrustedInstall, options: DoctorOptions, services?: ServiceInfo[]) {
  const [posture, localXml, service] = await Promise.all([readPosture(install, options.postureTimeoutMs), readLocalXml(install), readServiceState(install.liveVersion, services)]);
  return { posture, localXml, service };
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
