// Class 1, files: every file tetra-doctor reads (local.xml, policy.xml, history, cooldown, lock, --ca-file) may be a
// FIFO, a device, a directory or a link to one. Each is that source's failure, in bounded time and memory: never a
// hang (a FIFO opened for reading waits for a writer) and never an endless read (/dev/zero reports a size of 0).
import path from 'node:path';
import { actingArgs, makeActingEndpoint } from '../../helpers/acting';
import {
  cleanup,
  makeEndpoint,
  plant,
  PLANTED,
  PLANTED_WORDS,
  run,
  tempDir,
  type Case,
  type Check,
  type Planted,
} from '../kit';

const failedPosture = { posture: null } as const;
/** A link that leads out of the install folder (to /dev/zero) is refused by the trust step before anything reads it. */
const refusedByTrust = (kind: Planted) => kind === 'link-to-dev-zero';

function detectWith(relative: 'local.xml' | 'policy.xml', kind: Planted, posture: boolean) {
  return async () => {
    const e = makeEndpoint(posture ? {} : failedPosture);
    cleanup.push(e.remove);
    plant(path.join(e.root, relative), kind);
    return run(['detect', '--amp-dir', e.root, '--offline', '--format', 'json', '--posture-timeout-ms', '1500']);
  };
}

function detectWithHistory(kind: Planted) {
  return async () => {
    const e = makeEndpoint();
    const stateDir = tempDir('tetra-state-');
    cleanup.push(e.remove);
    plant(path.join(stateDir, 'history.jsonl'), kind);
    return run(['detect', '--amp-dir', e.root, '--offline', '--format', 'json', '--state-dir', stateDir]);
  };
}

/** remediate on a stale endpoint, with a state file replaced by something that is not a regular file. */
function remediateWith(file: 'cooldown.json' | 'remediate.lock', kind: Planted) {
  return async () => {
    const e = makeActingEndpoint();
    cleanup.push(e.remove);
    plant(path.join(e.stateDir, file), kind);
    return run(actingArgs('remediate', e, '--wait-seconds', '0', '--poll-seconds', '0.2'), { now: null });
  };
}

/** What each planted kind is, as the readers name it ("a FIFO, not a regular file"). */
const KIND_NAME: Record<Planted, string> = {
  fifo: 'a FIFO',
  'link-to-fifo': 'a FIFO',
  'link-to-dev-zero': 'a device',
  directory: 'a directory',
  'link-to-directory': 'a directory',
};
/** What the reason says for a planted kind: what it is, or, for a link the reader does not follow, the link. */
const says = (kind: Planted) =>
  new RegExp(`${KIND_NAME[kind]}, not a regular file${kind.startsWith('link-') ? '|symbolic link' : ''}`);

const historyUnavailable = (kind: Planted): Check => ({
  name: 'history reported unavailable, with why',
  check: (r) =>
    r.json?.history?.available === false && says(kind).test(r.json.history.error)
      ? null
      : JSON.stringify(r.json?.history),
});
const sourceSays = (source: 'localXml' | 'policy', kind: Planted): Check => ({
  name: `sources.${source} says why`,
  check: (r) =>
    says(kind).test(r.json?.sources?.[source]?.error ?? '') ? null : JSON.stringify(r.json?.sources?.[source]),
});
/** The usage error names what the --ca-file is (links are followed: a CA file may be one). */
const caFileSays = (what: string): Check => ({
  name: `the usage error says it is ${what}`,
  check: (r) => (r.stderr.includes(`is ${what}, not a regular file`) ? null : r.stderr),
});
const forcedDespiteDamagedCooldown: Check = {
  name: 'a damaged cooldown is no cooldown: the update was forced',
  check: (r) => (r.json?.remediation?.attempted === true ? null : JSON.stringify(r.json?.remediation)),
};
const notForcedWithoutRecord: Check = {
  name: 'no update forced when the cooldown cannot be recorded',
  check: (r) =>
    r.json?.remediation?.outcome === 'failed_to_start' &&
    /cooldown could not be recorded/.test(JSON.stringify(r.json?.findings))
      ? null
      : JSON.stringify(r.json?.remediation),
};
const lockRefusedSafely: Check = {
  name: 'no update forced without a usable lock',
  check: (r) =>
    r.json?.remediation?.attempted === false &&
    /not a regular file|symbolic link/.test(JSON.stringify(r.json?.findings))
      ? null
      : JSON.stringify(r.json?.remediation),
};

const n = (i: number) => String(i).padStart(2, '0');
let id = 0;
const next = () => `F${n(++id)}`;

export const FILES: Case[] = [
  ...PLANTED.map((kind): Case =>
    refusedByTrust(kind)
      ? {
          id: next(),
          area: 'local.xml',
          input: `${PLANTED_WORDS[kind]} (leads out of the install folder: refused by the trust step)`,
          exit: 4,
          codes: ['AMP_DIR_UNTRUSTED'],
          run: detectWith('local.xml', kind, false),
        }
      : {
          id: next(),
          area: 'local.xml',
          input: `${PLANTED_WORDS[kind]} (posture failed too)`,
          exit: 4,
          codes: ['LOCAL_XML_UNREADABLE', 'DEFINITIONS_UNKNOWN'],
          run: detectWith('local.xml', kind, false),
          checks: [sourceSays('localXml', kind)],
        },
  ),
  ...PLANTED.map((kind): Case =>
    refusedByTrust(kind)
      ? {
          id: next(),
          area: 'policy.xml',
          input: `${PLANTED_WORDS[kind]} (leads out of the install folder: refused by the trust step)`,
          exit: 4,
          codes: ['AMP_DIR_UNTRUSTED'],
          run: detectWith('policy.xml', kind, true),
        }
      : {
          id: next(),
          area: 'policy.xml',
          input: PLANTED_WORDS[kind],
          exit: 0,
          codes: ['POLICY_UNREADABLE'],
          run: detectWith('policy.xml', kind, true),
          checks: [sourceSays('policy', kind)],
        },
  ),
  ...PLANTED.map((kind): Case => ({
    id: next(),
    area: 'history',
    input: PLANTED_WORDS[kind],
    exit: 0,
    codes: [],
    run: detectWithHistory(kind),
    checks: [historyUnavailable(kind)],
  })),
  ...PLANTED.map((kind): Case =>
    kind === 'directory'
      ? {
          id: next(),
          area: 'cooldown',
          input: `${PLANTED_WORDS[kind]} (remediate, stale endpoint: the new record cannot be written)`,
          exit: 1,
          codes: ['FORCEUPDATE_FAILED'],
          run: remediateWith('cooldown.json', kind),
          checks: [notForcedWithoutRecord],
        }
      : {
          id: next(),
          area: 'cooldown',
          input: `${PLANTED_WORDS[kind]} (remediate, stale endpoint)`,
          exit: 1,
          codes: ['DEFINITIONS_STALE'],
          run: remediateWith('cooldown.json', kind),
          checks: [forcedDespiteDamagedCooldown],
        },
  ),
  ...PLANTED.map((kind): Case => ({
    id: next(),
    area: 'lock',
    input: `${PLANTED_WORDS[kind]} (remediate, stale endpoint)`,
    exit: 1,
    codes: ['FORCEUPDATE_FAILED'],
    run: remediateWith('remediate.lock', kind),
    checks: [lockRefusedSafely],
  })),
  ...PLANTED.map((kind): Case => ({
    id: next(),
    area: '--ca-file',
    input: PLANTED_WORDS[kind],
    exit: 2,
    codes: [],
    run: async () => {
      const dir = tempDir('tetra-ca-');
      plant(path.join(dir, 'ca.pem'), kind);
      return run(['probe', '--update-server', 'https://127.0.0.1:1/', '--ca-file', path.join(dir, 'ca.pem')]);
    },
    checks: [caFileSays(KIND_NAME[kind])],
  })),
  {
    id: next(),
    area: '--ca-file',
    input: '/dev/zero itself',
    exit: 2,
    codes: [],
    run: () => run(['probe', '--update-server', 'https://127.0.0.1:1/', '--ca-file', '/dev/zero']),
    checks: [caFileSays('a device')],
  },
  ...(['inside', 'outside'] as const).map((where): Case => ({
    id: next(),
    area: 'local.xml',
    input: `a symbolic link to a valid local.xml ${where} the install folder (posture failed)`,
    exit: where === 'inside' ? 0 : 4,
    codes: where === 'inside' ? ['POSTURE_UNAVAILABLE'] : ['AMP_DIR_UNTRUSTED'],
    run: async () => {
      const e = makeEndpoint(failedPosture);
      cleanup.push(e.remove);
      const { symlinkSync, renameSync } = await import('node:fs');
      const target =
        where === 'inside' ? path.join(e.root, 'elsewhere.xml') : path.join(tempDir('tetra-outside-'), 'local.xml');
      renameSync(path.join(e.root, 'local.xml'), target);
      symlinkSync(target, path.join(e.root, 'local.xml'));
      return run(['detect', '--amp-dir', e.root, '--offline', '--format', 'json', '--posture-timeout-ms', '1500']);
    },
  })),
];
