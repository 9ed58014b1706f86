// policy.xml (XML-DSig wrapped): TETRA switches, the updater server and interval, and the proxy.
import type { TrustedInstall } from '../discover/trustedInstall';
import type { PolicyInfo, ProxySettings, Source } from '../types';
import { asBoolean, asInteger, asString } from './fields';
import { pick, readXmlFile } from './xmlFile';

export interface PolicyRead {
  policy: Source<PolicyInfo>;
  /** Used to authenticate probes through the proxy; never stored in the snapshot. */
  proxyPassword: string | null;
}

export async function readPolicyXml(install: TrustedInstall): Promise<PolicyRead> {
  const read = await readXmlFile(install.filePath('policy.xml'));
  // From connector 8.1.3 policy.xml is often not readable locally: absent is normal, not a failure.
  if (read.state === 'missing') return { policy: { state: 'skipped', reason: 'policy.xml is absent' }, proxyPassword: null };
  if (read.state === 'failed') return { policy: read, proxyPassword: null };
  return interpretPolicyXml(read.document);
}

export function interpretPolicyXml(document: Record<string, unknown>): PolicyRead {
  const config = pick(document, 'Signature', 'Object', 'config') ?? pick(document, 'config');
  if (config === undefined) {
    return { policy: { state: 'failed', error: 'policy.xml holds no <config> element' }, proxyPassword: null };
  }
  const tetra = pick(config, 'agent', 'scansettings', 'tetra');
  const updater = pick(tetra, 'updater');
  const password = asString(pick(config, 'proxy', 'password'));
  return {
    policy: {
      state: 'ok',
      value: {
        tetraEnabled: asBoolean(pick(tetra, 'enable')),
        updaterEnabled: asBoolean(pick(updater, 'enable')),
        updateServer: asString(pick(updater, 'server')),
        updateIntervalSeconds: asInteger(pick(updater, 'interval')),
        proxy: proxyFromPolicy(pick(config, 'proxy'), password !== null),
      },
    },
    proxyPassword: password,
  };
}

function proxyFromPolicy(proxy: unknown, hasPassword: boolean): ProxySettings | null {
  const server = asString(pick(proxy, 'server'));
  if (!server) return null;
  const port = asInteger(pick(proxy, 'port'));
  return {
    host: server.replace(/^[a-z]+:\/\//i, '').replace(/[:/].*$/, ''),
    port: port !== null && port > 0 && port < 65536 ? port : 80,
    username: asString(pick(proxy, 'username')),
    hasPassword,
    source: 'policy',
  };
}
