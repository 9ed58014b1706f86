// What an admin needs to see of a policy's XML, per policy: the TETRA switches, the update server and interval, and
// the proxy (type, host, port, auth type, PAC), never its password. The XML is parsed by the same code that reads
// an endpoint's policy.xml (src/evidence), so what this prints is what `detect --policy-file` will use.
import { asInteger, asString } from '../evidence/fields';
import { withoutUserinfo } from '../evidence/policyProxy';
import { interpretPolicyXml } from '../evidence/policyXml';
import { MAX_XML_BYTES, parseXml, pick } from '../evidence/xmlFile';
import { toPrintable } from './printable';

export interface PolicySummary {
  name: string | null;
  uuid: string | null;
  serialNumber: number | null;
  tetraEnabled: boolean | null;
  updaterEnabled: boolean | null;
  updateServer: string | null;
  updateIntervalSeconds: number | null;
  proxy: {
    host: string;
    port: number | null;
    /** The policy's codes; their meanings are not public, so they are shown as found, never guessed. */
    type: string | null;
    authType: string | null;
    username: string | null;
    hasPassword: boolean;
    /** False when `detect` cannot interpret these settings (an unknown type or auth code) and will not probe them. */
    interpretedByDetect: boolean;
  } | null;
  pacUrl: string | null;
}

export type PolicyRead = { ok: true; summary: PolicySummary } | { ok: false; error: string };

export function summarizePolicyXml(text: string): PolicyRead {
  if (text.length > MAX_XML_BYTES) return { ok: false, error: `the policy XML is larger than ${MAX_XML_BYTES} bytes` };
  const parsed = parseXml(text);
  if (parsed.state === 'failed') return { ok: false, error: `the policy XML ${parsed.error}` };
  const read = interpretPolicyXml(parsed.document);
  if (read.policy.state !== 'ok')
    return { ok: false, error: read.policy.state === 'failed' ? read.policy.error : read.policy.reason };
  const config = pick(parsed.document, 'Signature', 'Object', 'config') ?? pick(parsed.document, 'config');
  const janus = pick(config, 'janus', 'policy');
  const proxy = pick(config, 'proxy');
  const policy = read.policy.value;
  // Shown as the policy holds it, even where detect cannot interpret it (the admin must see what the connector has).
  const rawServer = asString(pick(proxy, 'server'));
  return {
    ok: true,
    summary: {
      name: printable(asString(pick(janus, 'name'))),
      uuid: printable(asString(pick(janus, 'uuid'))),
      serialNumber: asInteger(pick(janus, 'serial_number')),
      tetraEnabled: policy.tetraEnabled,
      updaterEnabled: policy.updaterEnabled,
      updateServer: printable(policy.updateServer),
      updateIntervalSeconds: policy.updateIntervalSeconds,
      proxy: rawServer
        ? {
            host: printable(policy.proxy?.host ?? rawServer) ?? '',
            port: policy.proxy?.port ?? asInteger(pick(proxy, 'port')),
            type: printable(asString(pick(proxy, 'type'))),
            authType: printable(asString(pick(proxy, 'authtype'))),
            username: printable(asString(pick(proxy, 'username'))),
            hasPassword: read.proxyPassword !== null,
            interpretedByDetect: policy.proxy !== null,
          }
        : null,
      // Credentials written into pacloc are not shown (nor used by detect).
      pacUrl: printable(pacWithoutCredentials(asString(pick(proxy, 'pacloc')))),
    },
  };
}

/** XML values reach a terminal: control characters and escape sequences never do. */
function printable(value: string | null): string | null {
  return value === null ? null : toPrintable(value);
}

export function onOff(value: boolean | null): string {
  return value === null ? 'unknown' : value ? 'on' : 'off';
}

function pacWithoutCredentials(value: string | null): string | null {
  return value === null ? null : withoutUserinfo(value);
}
