// Class 6, remediation never acts on doubt: an update is forced only on a diagnosis of unhealthy (or --force on a
// healthy endpoint), never when the state is undetermined; `updated` needs evidence that the definitions changed.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { actingArgs, makeActingEndpoint, realNow, type ActingEndpoint, type ActingOptions } from '../../helpers/acting';
import { cleanup, localXml, postureJson, run, type Case, type Check, type CliRun } from '../kit';

/** remediate on an acting endpoint after `damage`; the run returned also says what sfc.exe was asked. */
function remediateAfter(
  options: ActingOptions,
  damage: (e: ActingEndpoint) => void,
  extra: string[] = [],
  waitSeconds = 4,
) {
  return async (): Promise<CliRun> => {
    const e = makeActingEndpoint(options);
    cleanup.push(e.remove);
    damage(e);
    const r = await run(
      actingArgs('remediate', e, '--wait-seconds', String(waitSeconds), '--poll-seconds', '0.2', ...extra),
      { now: null },
    );
    return { ...r, json: r.json && { ...r.json, sfcCalls: e.calls('sfc.exe') } };
  };
}

const unreadable = (e: ActingEndpoint) => {
  writeFileSync(path.join(e.versionDir, 'posture.out'), 'not json');
  rmSync(path.join(e.root, 'local.xml'));
};
const absurdTimes = (e: ActingEndpoint) => {
  writeFileSync(
    path.join(e.versionDir, 'posture.out'),
    postureJson().replace(/"last_successful_update":\d+/, '"last_successful_update":9000000000000000'),
  );
  writeFileSync(path.join(e.root, 'local.xml'), localXml({ lastSuccess: 9_000_000_000_000_000 }));
};
const aYearAhead = (e: ActingEndpoint) => {
  const ahead = realNow() + 365 * 86_400;
  writeFileSync(path.join(e.versionDir, 'posture.out'), postureJson({ lastSuccess: ahead }));
  writeFileSync(path.join(e.root, 'local.xml'), localXml({ lastSuccess: ahead }));
};
/** The fake connector answers -forceupdate by recording a "success" a year in the future, with no new version. */
const successInTheFuture = (e: ActingEndpoint) => {
  const script = path.join(e.versionDir, 'forceupdate.sh');
  writeFileSync(script, readFileSync(script, 'utf8').replace('now=$(date +%s)', 'now=$(( $(date +%s) + 31536000 ))'));
};

const notForced: Check = {
  name: 'no update forced (outcome undetermined, sfc.exe not run)',
  check: (r) =>
    r.json?.remediation?.outcome === 'undetermined' &&
    r.json.remediation.attempted === false &&
    r.json.sfcCalls.length === 0
      ? null
      : JSON.stringify({ remediation: r.json?.remediation, sfc: r.json?.sfcCalls }),
};
const notUpdated: Check = {
  name: 'forced, but a success recorded in the future is no evidence: not `updated`',
  check: (r) =>
    r.json?.remediation?.attempted === true && r.json.remediation.outcome !== 'updated'
      ? null
      : JSON.stringify(r.json?.remediation),
};
const forced: Check = {
  name: '--force on a healthy endpoint still forces',
  check: (r) =>
    r.json?.remediation?.attempted === true && r.json.sfcCalls.includes('-forceupdate')
      ? null
      : JSON.stringify(r.json?.remediation),
};

let id = 0;
const next = () => `R${String(++id).padStart(2, '0')}`;

export const REMEDIATION: Case[] = [
  {
    id: next(),
    area: 'remediation',
    input: 'state undetermined (posture and local.xml unreadable)',
    exit: 4,
    codes: ['DEFINITIONS_UNKNOWN'],
    run: remediateAfter({}, unreadable),
    checks: [notForced],
  },
  {
    id: next(),
    area: 'remediation',
    input: 'state undetermined, with --force',
    exit: 4,
    codes: ['DEFINITIONS_UNKNOWN'],
    run: remediateAfter({}, unreadable, ['--force']),
    checks: [notForced],
  },
  {
    id: next(),
    area: 'remediation',
    input: 'last update millions of years ahead in ms (posture and local.xml)',
    exit: 4,
    codes: ['DEFINITIONS_UNKNOWN'],
    run: remediateAfter({ ageHours: 2 }, absurdTimes),
    checks: [notForced],
  },
  {
    id: next(),
    area: 'remediation',
    input: 'last update a year ahead (clock skew)',
    exit: 4,
    codes: ['LAST_UPDATE_IN_FUTURE'],
    run: remediateAfter({ ageHours: 2 }, aYearAhead, ['--force']),
    checks: [notForced],
  },
  {
    id: next(),
    area: 'remediation',
    input: 'stale; the forced "update" records a success a year in the future',
    exit: 4,
    codes: ['LAST_UPDATE_IN_FUTURE'],
    run: remediateAfter({ update: 'timestamp', updateDelay: 0 }, successInTheFuture),
    checks: [notUpdated],
  },
  {
    id: next(),
    area: 'remediation',
    input: 'healthy, with --force (the one case a healthy endpoint is forced)',
    exit: 0,
    codes: null,
    run: remediateAfter({ ageHours: 2 }, () => undefined, ['--force'], 0),
    checks: [forced],
  },
];
