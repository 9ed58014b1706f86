// Gathers everything once into one snapshot. Every source records why it failed; nothing here throws.
import os from 'node:os';
import { discoverInstall } from '../discover/installDir';
import type { DoctorOptions } from '../options';
import type { ProbeProxy } from '../probes/context';
import type { NetworkChecks } from '../probes/network';
import { parseProxyUrl, updateServerTarget } from '../probes/updateServer';
import type { PacCredentials } from '../probes/proxy/pac';
import type { PolicyInfo, ProxySettings, ReferenceInfo, Secrets, Snapshot, Source, WinHttpProxyInfo } from '../types';
import { readLocalXml } from './localXml';
import { readPolicyXml } from './policyXml';
import { readPosture } from './posture';
import { readServiceState } from './service';
import { readWinHttpProxy } from './winHttpProxy';

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
  const endpointEvidence = scope === 'endpoint' && consultable ? gatherEndpoint(install.root!, install.versionDir!, install.liveVersion, options) : null;
  const { policy, proxyPassword } = readable ? await readPolicyXml(install.root!) : { policy: notConsulted(install.untrusted ?? 'no install folder'), proxyPassword: null };
  const proxy = proxyInForce(options.proxy, policy, proxyPassword);
  const policyValue = policy.state === 'ok' ? policy.value : null;
  // --proxy overrides the policy's PAC as it does the policy's proxy.
  const pacUrl = options.proxy ? null : (policyValue?.pac?.url ?? null);
  const uninterpreted = options.proxy ? [] : (policyValue?.proxyUninterpreted ?? []);
  // The policy's password is a secret even when its proxy is not used (PAC, an uninterpretable type).
  const secrets: Secrets = { proxyPassword: proxy?.password ?? proxyPassword };
  const server = updateServerTarget(options.updateServer, policyValue?.updateServer ?? null);
  // netsh runs beside the other evidence; the probes wait for it only when its proxy may be the path to probe.
  const winHttpRead = readWinHttpProxy(server.url);
  const connectorProxyUnknown = proxy === null && pacUrl === null && policy.state !== 'ok';

  // With no connector, detect has nothing to explain; probe still checks the path. A policy proxy that cannot be
  // interpreted is not probed at all (no PAC to decide instead): probing another path would be a guess.
  const unprobeable = proxy === null && pacUrl === null && uninterpreted.length > 0;
  const network =
    options.offline || (scope === 'endpoint' && !consultable) || unprobeable
      ? null
      : Promise.all([import('../probes/network'), connectorProxyUnknown ? winHttpRead : null]).then(([{ checkNetwork }, winHttp]) =>
          checkNetwork({
            server,
            proxy,
            caFile: options.caFile,
            endsAt: Date.now() + options.timeoutMs,
            referenceUrl: scope === 'endpoint' ? options.referenceUrl : null,
            routes: { pac: pacUrl ? { url: pacUrl, credentials: pacCredentials(policyValue, proxyPassword) } : null, winHttpProxy: winHttp ? winHttpPathToProbe(winHttp) : null },
          }),
        );
  const [endpoint, checks, winHttpProxy] = await Promise.all([endpointEvidence, network, winHttpRead]);
  const skippedReason = install.untrusted ?? (install.found ? 'the probe command checks the network only' : 'no connector install');
  const probesSkipped = options.offline
    ? 'offline: no network checks were made'
    : network
      ? null
      : unprobeable && !(scope === 'endpoint' && !consultable)
        ? `the policy's proxy ${uninterpreted[0].field} "${uninterpreted[0].value}" cannot be interpreted: its path was not probed`
        : skippedReason;

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
    pacUrl,
    proxyUninterpreted: uninterpreted,
    winHttpProxy,
    updateServer: server.url,
    probes: checks?.probes ?? [],
    probesSkipped,
  };
  return { snapshot, secrets };
}

async function gatherEndpoint(root: string, versionDir: string, liveVersion: string | null, options: DoctorOptions) {
  const [posture, localXml, service] = await Promise.all([
    readPosture(versionDir, options.postureTimeoutMs),
    readLocalXml(root),
    readServiceState(liveVersion),
  ]);
  return { posture, localXml, service };
}

/** --proxy wins over policy; the connector's own policy proxy is what it really uses. */
function proxyInForce(option: string | null, policy: Source<PolicyInfo>, policyPassword: string | null): ProbeProxy | null {
  if (option) {
    const parsed = parseProxyUrl(option);
    return { ...parsed, hasPassword: parsed.password !== null, source: 'option' };
  }
  const fromPolicy = policy.state === 'ok' ? policy.value.proxy : null;
  return fromPolicy ? { ...fromPolicy, password: policyPassword } : null;
}

/** The policy's user name, password and authentication apply to the proxies its PAC file names. */
function pacCredentials(policy: PolicyInfo | null, password: string | null): PacCredentials {
  const username = policy?.pac?.username ?? null;
  return { username, password: username ? password : null, auth: policy?.pac?.auth ?? 'none' };
}

/** The WinHTTP proxy is probed as a second path only when the connector's own proxy is unknown (no --proxy, no
 * PAC, and no policy that says: policy.xml unread), and WinHTTP names one for the update server. */
function winHttpPathToProbe(winHttp: Source<WinHttpProxyInfo>): ProbeProxy | null {
  if (winHttp.state !== 'ok' || !winHttp.value.forUpdateServer) return null;
  const { host, port } = winHttp.value.forUpdateServer;
  return { host, port, kind: 'http', auth: 'none', username: null, password: null, hasPassword: false, source: 'winhttp' };
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
