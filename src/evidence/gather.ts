// Gathers everything once into one snapshot. Every source records why it failed; nothing here throws.
import os from 'node:os';
import { discoverInstall } from '../discover/installDir';
import type { DoctorOptions } from '../options';
import type { ProbeProxy } from '../probes/context';
import type { NetworkChecks } from '../probes/network';
import type { ProxySettings, ReferenceInfo, Secrets, ServiceInfo, Snapshot, Source } from '../types';
import { readLocalXml } from './localXml';
import { choosePath, choosePolicy } from './pathChoice';
import { readPolicyXml } from './policyXml';
import { readPosture } from './posture';
import { readServiceState } from './service';

export type Scope = 'endpoint' | 'network';

export interface Gathered {
  snapshot: Snapshot;
  secrets: Secrets;
}

const notConsulted = (reason: string) => ({ state: 'skipped', reason }) as const;

export async function gatherSnapshot(options: DoctorOptions, scope: Scope): Promise<Gathered> {
  const install = await discoverInstall(options.ampDir);
  // An untrusted folder (see folderTrust.ts) is neither run nor read.
  const readable = install.root !== null && install.untrusted === null;
  const consultable = install.found && readable;
  // AmpCLI is the slowest source: it starts before policy.xml is read, not after.
  const endpointEvidence = scope === 'endpoint' && consultable ? gatherEndpoint(install.root!, install.versionDir!, install.liveVersion, options, install.services) : null;
  const local = readable ? await readPolicyXml(install.root!) : { policy: notConsulted(install.untrusted ?? 'no install folder'), proxyPassword: null };
  const { read, localReason } = await choosePolicy(local, options.policyFile);
  const { policy, proxy, server, provenance } = choosePath(options, read, localReason);
  const secrets: Secrets = { proxyPassword: proxy?.password ?? null };

  // With no connector, detect has nothing to explain; probe still checks the path.
  const network =
    options.offline || (scope === 'endpoint' && !consultable)
      ? null
      : import('../probes/network').then(({ checkNetwork }) =>
          checkNetwork({ server, proxy, caFile: options.caFile, testTrustStore: options.testTrustStore, testPublicRoots: options.testPublicRoots, endsAt: Date.now() + options.timeoutMs, referenceUrl: scope === 'endpoint' ? options.referenceUrl : null }),
        );
  const [endpoint, checks] = await Promise.all([endpointEvidence, network]);
  const skippedReason = install.untrusted ?? (install.found ? 'the probe command checks the network only' : 'no connector install');

  const snapshot: Snapshot = {
    host: os.hostname(),
    checkedAt: options.now.toISOString(),
    platform: process.platform,
    install,
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
  return { snapshot, secrets };
}

async function gatherEndpoint(root: string, versionDir: string, liveVersion: string | null, options: DoctorOptions, services?: ServiceInfo[]) {
  const [posture, localXml, service] = await Promise.all([
    readPosture(versionDir, options.postureTimeoutMs),
    readLocalXml(root),
    readServiceState(liveVersion, services),
  ]);
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
