// policy.xml (XML-DSig wrapped): TETRA switches, the updater server and interval, and the proxy.
import type { TrustedInstall } from '../discover/trustedInstall';
import type { PolicyInfo, Source } from '../contract/types';
import { asBoolean, asInteger, asString, policyIdentity } from './fields';
import { interpretPolicyProxy } from './policyProxy';
import { pick, readXmlFile } from './xmlFile';

export interface PolicyRead {
  policy: Source<PolicyInfo>;
  /** Used to authenticate probes through the proxy; never stored in the snapshot. */
  proxyPassword: string | null;
}

export async function readPolicyXml(install: TrustedInstall): Promise<PolicyRead> {
  const read = await readXmlFile(install.filePath('policy.xml'));
  // From connector 8.1.3 policy.xml is often not readable locally: absent is normal, not a failure.
  if (read.state === 'missing')
    return { policy: { state: 'skipped', reason: 'policy.xml is absent' }, proxyPassword: null };
  if (read.state === 'failed') return { policy: read, proxyPassword: null };
  return interpretPolicyXml(read.document);
}

/** --policy-file: the same signed policy XML, exported from the console or fetched from the API (GET
 * /v1/policies/{guid}.xml, or v3 .../policies/{guid}/xml), read with the same bounded reader. The admin named it,
 * so a missing file is a failure, not the normal absence of policy.xml. */
export async function readPolicyFile(file: string): Promise<PolicyRead> {
  const read = await readXmlFile(file);
  if (read.state === 'missing')
    return { policy: { state: 'failed', error: `${file} does not exist` }, proxyPassword: null };
  if (read.state === 'failed') return { policy: read, proxyPassword: null };
  return interpretPolicyXml(read.document, 'file', file);
}

export function interpretPolicyXml(
  document: Record<string, unknown>,
  origin: 'local' | 'file' = 'local',
  name = 'policy.xml',
): PolicyRead {
  const config = pick(document, 'Signature', 'Object', 'config') ?? pick(document, 'config');
  if (config === undefined) {
    return { policy: { state: 'failed', error: `${name} holds no <config> element` }, proxyPassword: null };
  }
  const tetra = pick(config, 'agent', 'scansettings', 'tetra');
  const updater = pick(tetra, 'updater');
  const password = asString(pick(config, 'proxy', 'password'));
  const proxy = interpretPolicyProxy(pick(config, 'proxy'), password !== null);
  const invalid: string[] = [];
  // A proxy server that is not a host at all is damage, as an updater server would be (and is also reported as an
  // uninterpretable proxy setting).
  if (proxy.uninterpreted.some((u) => u.field === 'server')) invalid.push('the proxy server is not a host name');
  const value: PolicyInfo = {
    tetraEnabled: asBoolean(pick(tetra, 'enable')),
    updaterEnabled: asBoolean(pick(updater, 'enable')),
    updateServer: usable(
      asString(pick(updater, 'server')),
      isHostOrUrl,
      'the updater server is not a host name or URL',
      invalid,
    ),
    updateIntervalSeconds: usable(
      asInteger(pick(updater, 'interval')),
      isPlausibleInterval,
      `the updater interval is not between ${MIN_INTERVAL_S} and ${MAX_INTERVAL_S} seconds`,
      invalid,
    ),
    // The proxy's own values are checked by interpretPolicyProxy: what it cannot interpret is reported apart.
    proxy: proxy.proxy,
    pac: proxy.pac,
    proxyUninterpreted: proxy.uninterpreted,
    ...(proxy.kindGuessed && proxy.proxy ? { proxyKindGuessed: true as const } : {}),
    origin,
  };
  const identity = policyIdentity(pick(config, 'janus', 'policy'));
  if (identity) value.identity = identity;
  return {
    policy: { state: 'ok', value: invalid.length > 0 ? { ...value, invalid } : value },
    proxyPassword: password,
  };
}

/** The connector offers intervals from minutes to a day; zero, negative or beyond a week is damage. */
const MIN_INTERVAL_S = 1;
const MAX_INTERVAL_S = 7 * 86_400;

function isPlausibleInterval(seconds: number): boolean {
  return seconds >= MIN_INTERVAL_S && seconds <= MAX_INTERVAL_S;
}

/** A bare host (name or address) or an http(s) URL, as the probes will need it. The value itself is never quoted. */
function isHostOrUrl(value: string): boolean {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}/`;
  if (!URL.canParse(withScheme)) return false;
  const url = new URL(withScheme);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
}

/** A value that fails its check becomes unknown (null), and why is recorded without quoting it. */
function usable<T>(value: T | null, ok: (value: T) => boolean, problem: string, invalid: string[]): T | null {
  if (value === null || ok(value)) return value;
  invalid.push(problem);
  return null;
}
