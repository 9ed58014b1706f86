// Gathers everything once into one snapshot. Every source records why it failed; nothing here throws.
import os from 'node:os';
import { discoverInstall, installInfo, type Discovery } from '../discover/installDir';
import type { TrustedInstall } from '../discover/trustedInstall';
import { readLocalXml } from '../evidence/localXml';
import { readPolicyXml } from '../evidence/policyXml';
import { readPosture } from '../evidence/posture';
import { readServiceState } from '../evidence/service';
import { ROOT_UPDATE_URL, type DoctorOptions } from '../contract/options';
import { readRootAutoUpdate } from '../evidence/rootAutoUpdate';
import { winHttpProxyAt, type ProbeProxy } from '../probes/context';
import type { NetworkChecks } from '../probes/network';
import type { PacCredentials } from '../probes/proxy/pac';
import type {
  PolicyInfo,
  ProxySettings,
  ReferenceInfo,
  Secrets,
  ServiceInfo,
  Snapshot,
  Source,
  WinHttpProxyInfo,
} from '../contract/types';
import { readWinHttpProxy } from '../evidence/winHttpProxy';
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
  const endpointEvidence =
    scope === 'endpoint' && install ? gatherEndpoint(install, options, discovery.notes.services) : null;
  const local = install
    ? await readPolicyXml(install)
    : { policy: notConsulted(notReadReason(discovery)), proxyPassword: null };
  const { read, localReason } = await choosePolicy(local, options.policyFile);
  const { policy, proxy, server, provenance } = choosePath(options, read, localReason);
  const proxyPassword = read.proxyPassword;
  const policyValue = policy.state === 'ok' ? policy.value : null;
  const { pacUrl, uninterpreted, unprobeable, connectorProxyUnknown } = proxyPlan(options, policy, proxy);
  // The policy's password is a secret even when its proxy is not used (PAC, an uninterpretable type).
  const usedPassword = proxy?.password ?? (pacUrl ? proxyPassword : null);
  const usedUsername = proxy?.username ?? (pacUrl ? (policyValue?.pac?.username ?? null) : null);
  const secrets: Secrets = {
    proxyPassword: usedPassword,
    proxyUsername: usedUsername,
    others: proxyPassword && proxyPassword !== usedPassword ? [proxyPassword] : [],
  };
  // netsh and reg run beside the other evidence: revocation and root fetches take the WinHTTP route, and a missing
  // root is judged by whether automatic root update is on.
  const winHttpRead = readWinHttpProxy(server.url, options.winHttpProxy);
  const rootAutoUpdate = readRootAutoUpdate(options.testRootAutoUpdate ?? null);

  // With no connector, detect has nothing to explain; probe still checks the path.
  const network =
    options.offline || (scope === 'endpoint' && !install) || unprobeable
      ? null
      : Promise.all([import('../probes/network'), winHttpRead, rootAutoUpdate]).then(
          ([{ checkNetwork }, winHttp, autoUpdate]) =>
            checkNetwork({
              server,
              proxy,
              caPem: options.caPem,
              testTrustStorePem: options.testTrustStorePem,
              testPublicRootsPem: options.testPublicRootsPem,
              endsAt: Date.now() + options.timeoutMs,
              referenceUrl: scope === 'endpoint' ? options.referenceUrl : null,
              routes: {
                pac: pacUrl ? { url: pacUrl, credentials: pacCredentials(policyValue, proxyPassword) } : null,
                winHttpProxy: connectorProxyUnknown ? winHttpPathToProbe(winHttp) : null,
              },
              // Revocation and root fetches take WinHTTP's route whatever the connector's proxy is.
              winHttpProxy: winHttp.state === 'ok' ? winHttp.value : null,
              rootUpdate: { autoUpdate, url: options.rootUpdateUrl ?? ROOT_UPDATE_URL },
            }),
        );
  const [endpoint, checks, winHttpProxy] = await Promise.all([endpointEvidence, network, winHttpRead]);
  const skippedReason =
    discovery.state === 'untrusted'
      ? discovery.reason
      : discovery.state === 'trusted'
        ? 'the probe command checks the network only'
        : 'no connector install';
  const probesSkipped = options.offline
    ? 'offline: no network checks were made'
    : network
      ? null
      : unprobeable && !(scope === 'endpoint' && !install)
        ? `the policy's proxy ${uninterpreted[0].field} "${uninterpreted[0].value}" cannot be interpreted: its path was not probed`
        : skippedReason;

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
    pacUrl,
    proxyUninterpreted: uninterpreted,
    winHttpProxy,
    updateServer: server.url,
    path: provenance,
    settings: options.settings,
    probes: checks?.probes ?? [],
    probesSkipped,
  };
  return { install, snapshot, secrets };
}

function notReadReason(discovery: Discovery): string {
  if (discovery.state === 'untrusted') return discovery.reason;
  return discovery.state === 'absent' ? 'no connector install' : 'not read';
}

async function gatherEndpoint(install: TrustedInstall, options: DoctorOptions, services?: ServiceInfo[]) {
  const [posture, localXml, service] = await Promise.all([
    readPosture(install, options.postureTimeoutMs),
    readLocalXml(install),
    readServiceState(install.liveVersion, services),
  ]);
  return { posture, localXml, service };
}

/** Which proxy path the probes take. --proxy (or no proxy said by the admin) overrides the policy's proxy and its PAC
 * file. A policy proxy that cannot be interpreted, with no PAC file to decide instead, is not probed at all: another
 * path would be a guess. The connector's proxy is unknown (and the WinHTTP proxy worth probing) only when nothing
 * says what it is. */
function proxyPlan(options: DoctorOptions, policy: Source<PolicyInfo>, proxy: ProbeProxy | null) {
  const policyValue = policy.state === 'ok' ? policy.value : null;
  const adminSaid = options.proxy !== null || options.proxyNone;
  const pacUrl = adminSaid ? null : (policyValue?.pac?.url ?? null);
  const uninterpreted = adminSaid ? [] : (policyValue?.proxyUninterpreted ?? []);
  return {
    pacUrl,
    uninterpreted,
    unprobeable: proxy === null && pacUrl === null && uninterpreted.length > 0,
    connectorProxyUnknown: proxy === null && pacUrl === null && policy.state !== 'ok' && !options.proxyNone,
  };
}

/** The policy's user name, password and authentication apply to the proxies its PAC file names. */
function pacCredentials(policy: PolicyInfo | null, password: string | null): PacCredentials {
  const username = policy?.pac?.username ?? null;
  return {
    username,
    password: username ? password : null,
    auth: policy?.pac?.auth ?? 'none',
    kind: policy?.pac?.kind ?? null,
  };
}

/** The WinHTTP proxy is probed as a second path only when the connector's own proxy is unknown (no --proxy, no
 * PAC, and no policy that says: policy.xml unread), and WinHTTP names one for the update server. */
function winHttpPathToProbe(winHttp: Source<WinHttpProxyInfo>): ProbeProxy | null {
  if (winHttp.state !== 'ok' || !winHttp.value.forUpdateServer) return null;
  return winHttpProxyAt(winHttp.value.forUpdateServer.host, winHttp.value.forUpdateServer.port);
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
