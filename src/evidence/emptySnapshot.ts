// A snapshot in which nothing was consulted: the base for results when the run itself failed.
import os from 'node:os';
import type { Snapshot } from '../contract/types';

export function emptySnapshot(checkedAt: Date, reason: string): Snapshot {
  const skipped = { state: 'skipped', reason } as const;
  return {
    host: os.hostname(),
    checkedAt: checkedAt.toISOString(),
    platform: process.platform,
    install: { found: false, root: null, via: 'default', liveVersion: null, versionDir: null, reason, untrusted: null },
    posture: skipped,
    localXml: skipped,
    policy: skipped,
    service: skipped,
    reference: skipped,
    proxy: null,
    pacUrl: null,
    proxyUninterpreted: [],
    winHttpProxy: skipped,
    updateServer: null,
    probes: [],
    probesSkipped: reason,
  };
}
