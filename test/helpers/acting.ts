// Fixture endpoints for the commands that act: fake sfc.exe and ipsupporttool.exe that log every invocation and,
// like the real connector, change the install folder some time after they were asked to.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localXml, makeEndpoint, postureJson, type Endpoint } from './endpoint';

const HOUR = 3600;
/** Real time: remediate waits in real time, so its fixtures age against the clock, not a pinned --now. */
export const realNow = () => Math.floor(Date.now() / 1000);

export interface ActingOptions {
  /** Last successful update this many hours ago (default 30: stale). */
  ageHours?: number;
  version?: number;
  connectorVersion?: string;
  lastError?: string;
  /** What -forceupdate makes the connector do after `updateDelay` seconds (default: nothing). */
  update?: 'version' | 'timestamp' | 'none';
  updateDelay?: number;
  /** sfc.exe exists but cannot be started. */
  sfcBroken?: boolean;
  supportTool?: 'ok' | 'fail' | 'hang';
  policy?: string;
}

export interface ActingEndpoint extends Endpoint {
  stateDir: string;
  calls(tool: 'sfc.exe' | 'ipsupporttool.exe' | 'AmpCLI.exe'): string[];
}

export function makeActingEndpoint(o: ActingOptions = {}): ActingEndpoint {
  const lastSuccess = realNow() - (o.ageHours ?? 30) * HOUR;
  const version = o.version ?? 90604;
  const posture = (v: number, last: number | string) =>
    postureJson({ version: v, lastSuccess: last as number }).replace(
      '"8.1.7"',
      JSON.stringify(o.connectorVersion ?? '8.1.7'),
    );
  const e = makeEndpoint({
    posture: posture(version, lastSuccess),
    localXml: localXml({ version, lastSuccess, lastError: o.lastError }),
    policyXml: o.policy ?? null,
  });
  const script = (relative: string, body: string) => {
    e.write(relative, `#!/bin/sh\ndir="$(dirname "$0")"\necho "$*" >> "$0.calls"\n${body}\n`);
    chmodSync(path.join(e.root, relative), o.sfcBroken && relative.endsWith('sfc.exe') ? 0o644 : 0o755);
  };
  const dir = path.basename(e.versionDir);
  // The "connector" rewrites its files in the background, detached from sfc.exe's output, as the service would.
  // @NOW@ becomes the time of the write: the last successful update moves past the moment of forcing.
  const nextVersion = o.update === 'version' ? version + 96 : version;
  if (o.update === 'version' || o.update === 'timestamp') {
    e.write(`${dir}/posture.next`, posture(nextVersion, '@NOW@' as unknown as number).replace('"@NOW@"', '@NOW@'));
    e.write('local.next.xml', localXml({ version: nextVersion, lastSuccess: 1 }).replace(/>1</g, '>@NOW@<'));
    e.write(
      `${dir}/forceupdate.sh`,
      `sleep ${o.updateDelay ?? 1}\nnow=$(date +%s)\nroot="$(dirname "$1")"\n` +
        `sed "s/@NOW@/$now/g" "$1/posture.next" > "$1/posture.tmp" && mv "$1/posture.tmp" "$1/posture.out"\n` +
        `sed "s/@NOW@/$now/g" "$root/local.next.xml" > "$root/local.tmp" && mv "$root/local.tmp" "$root/local.xml"\n`,
    );
  }
  script(
    `${dir}/sfc.exe`,
    `if [ "$1" = "-forceupdate" ] && [ -f "$dir/forceupdate.sh" ]; then sh "$dir/forceupdate.sh" "$dir" </dev/null >/dev/null 2>&1 & fi\nexit 0`,
  );
  const tool = { ok: 'touch "$2/CiscoAMP_Support_Tool_test.zip"', fail: 'echo broken; exit 1', hang: 'sleep 30' }[
    o.supportTool ?? 'ok'
  ];
  script(`${dir}/ipsupporttool.exe`, tool);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'tetra-state-'));
  return {
    ...e,
    stateDir,
    calls: (tool) => {
      const file = path.join(e.versionDir, `${tool}.calls`);
      return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    },
    remove: () => {
      e.remove();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * The command line of remediate or collect on a fixture endpoint: its install and state folders, no network, and
 * JSON unless `extra` names another --format (an option given twice is a usage error).
 */
export function actingArgs(command: 'remediate' | 'collect', e: ActingEndpoint, ...extra: string[]): string[] {
  const format = extra.includes('--format') ? [] : ['--format', 'json'];
  return [command, '--amp-dir', e.root, '--state-dir', e.stateDir, '--offline', ...format, ...extra];
}
