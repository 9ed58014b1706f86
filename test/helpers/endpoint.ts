// Builds real connector install folders for the CLI to diagnose, with shell scripts standing in for the .exe files.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const NOW = '2026-11-27T12:00:00.000Z';
export const NOW_S = Date.parse(NOW) / 1000;
export const HOUR = 3600;

export interface LocalXmlOptions {
  version?: number | null;
  lastSuccess?: number | null;
  lastError?: number | string;
  layout?: 'current' | 'older';
  /** The policy local.xml names (config/janus/policy). */
  policy?: { uuid: string; serial: number };
}

export function localXml(o: LocalXmlOptions = {}): string {
  const version = o.version === undefined ? 90604 : o.version;
  const success = o.lastSuccess === undefined ? NOW_S - 2 * HOUR : o.lastSuccess;
  const versionXml = version === null ? '' : o.layout === 'older' ? `<defversions>1:${version}</defversions>` : '';
  const statsXml =
    version !== null && o.layout !== 'older'
      ? `<stats><definitions>{"engineDefinitions":[{"defVersion":"1:${version}","engine":"tetra"}]}</definitions></stats>`
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<config>
  <agent>
    <uuid>5c6e64fa-7738-4b39-b201-15451e33bfe6</uuid>
    <engine>${statsXml}
      <tetra>${versionXml}
        <lastupdate>${success ?? 0}</lastupdate>
        <lastsuccesstime>${success ?? 0}</lastsuccesstime>
        <lastupdatechecked>${NOW_S - 600}</lastupdatechecked>
        <lasterror>${o.lastError ?? 0}</lasterror>
      </tetra>
    </engine>
  </agent>${o.policy ? `\n  <janus><policy><uuid>${o.policy.uuid}</uuid><serial_number>${o.policy.serial}</serial_number></policy></janus>` : ''}
</config>
`;
}

export interface PostureOptions {
  version?: number;
  lastSuccess?: number;
  connected?: boolean;
  running?: boolean;
  tetraEnabled?: boolean;
}

export function postureJson(o: PostureOptions = {}): string {
  return JSON.stringify({
    agent_uuid: '5c6e64fa-7738-4b39-b201-15451e33bfe6',
    connected: o.connected ?? true,
    connector_version: '8.1.7',
    engines: [
      {
        name: 'Tetra',
        enabled: o.tetraEnabled ?? true,
        definitions: [
          {
            name: 'Tetra',
            version: o.version ?? 90604,
            timestamp: NOW_S - 3 * HOUR,
            last_successful_update: o.lastSuccess ?? NOW_S - 2 * HOUR,
          },
        ],
      },
      { name: 'Spero', enabled: false },
    ],
    running: o.running ?? true,
  });
}

export interface PolicyOptions {
  /** The policy's own identity (janus/policy). */
  janus?: { uuid: string; serial: number };
  tetraEnabled?: boolean;
  updaterEnabled?: boolean;
  server?: string;
  /** type and authtype default to the names tetra-doctor reads (http, basic); the numeric codes are not public. */
  proxy?: {
    host?: string;
    port?: number;
    username?: string;
    password?: string;
    type?: string;
    authtype?: string;
    pacloc?: string;
    /** 0: the endpoint resolves names itself; 1: the proxy does. Left out when not given. */
    nolocalresolvehost?: string;
  };
}

export function policyXml(o: PolicyOptions = {}): string {
  const proxy = o.proxy
    ? `<proxy><server>${o.proxy.host ?? ''}</server><port>${o.proxy.port ?? ''}</port><type>${o.proxy.type ?? 'http'}</type><authtype>${o.proxy.authtype ?? (o.proxy.username ? 'basic' : 'none')}</authtype><username>${o.proxy.username ?? ''}</username><password>${o.proxy.password ?? ''}</password><pacloc>${o.proxy.pacloc ?? ''}</pacloc>${o.proxy.nolocalresolvehost !== undefined ? `<nolocalresolvehost>${o.proxy.nolocalresolvehost}</nolocalresolvehost>` : ''}</proxy>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><Object Id="Policy"><config>${o.janus ? `\n  <janus><policy><uuid>${o.janus.uuid}</uuid><name>Protect</name><serial_number>${o.janus.serial}</serial_number></policy></janus>` : ''}
  <agent><scansettings><tetra><enable>${o.tetraEnabled === false ? 0 : 1}</enable>
    <updater><enable>${o.updaterEnabled === false ? 0 : 1}</enable><server>${o.server ?? 'tetra-defs.amp.cisco.com'}</server><interval>3600</interval></updater>
  </tetra></scansettings></agent>${proxy}
</config></Object></Signature>
`;
}

export interface EndpointOptions {
  version?: string;
  /** local.xml text or bytes; null leaves it out. */
  localXml?: string | Buffer | null;
  policyXml?: string | Buffer | null;
  /** What AmpCLI.exe posture prints; null makes AmpCLI fail. */
  posture?: string | null;
  /** A whole shell script body for AmpCLI.exe, for hangs and odd exits. */
  ampCliScript?: string;
  extraVersions?: string[];
  /** Folders to create under the root (to put a folder where a file should be). */
  extraFolders?: string[];
  ampCliNotExecutable?: boolean;
}

export interface Endpoint {
  root: string;
  versionDir: string;
  write(relative: string, content: string | Buffer): void;
  remove(): void;
}

export function makeEndpoint(o: EndpointOptions = {}): Endpoint {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tetra-amp-'));
  const version = o.version ?? '8.1.7.21417';
  const versionDir = path.join(root, version);
  const write = (relative: string, content: string | Buffer) => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  };
  // The stand-ins find their folder with the shell's own ${0%/*}, not $(dirname "$0"): no subshell and no extra
  // process for each of the suite's hundreds of runs, nor in the start-up benchmark's detect --offline.
  const script = (relative: string, body: string) => {
    write(relative, `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(root, relative), 0o755);
  };
  if (o.localXml !== null) write('local.xml', o.localXml ?? localXml());
  if (o.policyXml !== undefined && o.policyXml !== null) write('policy.xml', o.policyXml);
  for (const dir of [version, ...(o.extraVersions ?? [])]) {
    script(`${dir}/sfc.exe`, `echo "$0 $*" >> "\${0%/*}/sfc.calls"`);
    script(`${dir}/ipsupporttool.exe`, 'exit 0');
  }
  const posture = o.posture === undefined ? postureJson() : o.posture;
  if (posture !== null) write(`${version}/posture.out`, posture);
  // Every run of AmpCLI.exe leaves a mark beside it (AmpCLI.exe.calls), so that a test can show it never ran.
  script(
    `${version}/AmpCLI.exe`,
    `echo "$*" >> "$0.calls"\n${o.ampCliScript ?? (posture === null ? 'echo "error: service unavailable"; exit 1' : 'cat "${0%/*}/posture.out"')}`,
  );
  if (o.ampCliNotExecutable) chmodSync(path.join(versionDir, 'AmpCLI.exe'), 0o644);
  for (const folder of o.extraFolders ?? []) mkdirSync(path.join(root, folder), { recursive: true });
  return { root, versionDir, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}
