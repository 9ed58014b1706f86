// Endpoint results as the fleet command receives them: our JSON result, the `line` format (rendered by the real
// renderer), Intune export rows and Graph deviceRunStates pages, built from a few facts per endpoint.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderLine } from '../../src/render/line';
import type { DoctorResult } from '../../src/contract/result';
import type { Status } from '../../src/contract/types';

export const LATEST = 90606;

export interface EndpointFacts {
  host: string;
  status: Status;
  version?: number | null;
  latest?: number | null;
  lastUpdate?: string | null;
  codes?: string[];
  at?: string;
  summary?: string;
  extra?: Record<string, unknown>;
}

export function result(f: EndpointFacts): DoctorResult {
  const version = f.version === undefined ? LATEST : f.version;
  const latest = f.latest === undefined ? LATEST : f.latest;
  return {
    schemaVersion: 1,
    tool: { name: 'tetra-doctor', version: '0.1.0' },
    command: 'detect',
    host: f.host,
    checkedAt: f.at ?? '2026-11-27T10:00:00.000Z',
    status: f.status,
    exitCode: { healthy: 0, unhealthy: 1, not_applicable: 3, undetermined: 4 }[f.status],
    connector: {
      installed: true,
      version: '8.1.7',
      installDir: 'C:\\Program Files\\Cisco\\AMP',
      running: true,
      connected: true,
    },
    tetra: {
      enabled: true,
      version,
      latestVersion: latest,
      versionsBehind: version !== null && latest !== null ? latest - version : null,
      lastSuccessfulUpdate: f.lastUpdate === undefined ? '2026-11-27T08:00:00.000Z' : f.lastUpdate,
      lastError: null,
    },
    updateServer: 'https://tetra-defs.amp.cisco.com/',
    proxy: null,
    pacUrl: null,
    winHttpProxy: null,
    sources: {
      posture: { state: 'ok' },
      localXml: { state: 'ok' },
      policy: { state: 'ok' },
      service: { state: 'ok' },
      reference: { state: 'ok' },
      winHttpProxy: { state: 'skipped' },
    },
    probes: [],
    findings: (f.codes ?? []).map((code) => ({
      code,
      severity: 'error',
      message: `${code} message`,
      action: 'act',
    })) as DoctorResult['findings'],
    summary: f.summary ?? `${f.status} summary`,
    ...f.extra,
  };
}

export const json = (f: EndpointFacts) => JSON.stringify(result(f));
export const line = (f: EndpointFacts) => renderLine(result(f));

export interface RunState {
  deviceName: string;
  pre?: string | null;
  post?: string | null;
  lastStateUpdateDateTime?: string;
  detectionState?: string;
}

function runState(s: RunState): Record<string, unknown> {
  return {
    id: `${s.deviceName}-state`,
    detectionState: s.detectionState ?? 'fail',
    lastStateUpdateDateTime: s.lastStateUpdateDateTime ?? '2026-11-27T10:05:00Z',
    preRemediationDetectionScriptOutput: s.pre ?? null,
    postRemediationDetectionScriptOutput: s.post ?? null,
    remediationState: 'success',
    managedDevice: { id: `${s.deviceName}-id`, deviceName: s.deviceName },
  };
}

export function graphPage(states: RunState[], nextLink?: string): Record<string, unknown> {
  return {
    '@odata.context':
      'https://graph.microsoft.com/beta/$metadata#deviceManagement/deviceHealthScripts(x)/deviceRunStates',
    value: states.map(runState),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
  };
}

export function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-fleet-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
