// Class 5, numbers: every numeric option has a documented range (src/contract/options.ts NUMERIC_OPTIONS, README) and a
// value outside it is a usage error; numbers from files (timestamps far in the future, in milliseconds or seconds,
// negative; absurd intervals; values that are no host) are that source's failure or a finding, never INTERNAL_ERROR.
import { NUMERIC_OPTIONS } from '../../../src/contract/options';
import { NOW_S } from '../../helpers/endpoint';
import { cleanup, localXml, makeEndpoint, policyXml, postureJson, run, type Case, type Check } from '../kit';

type Option = keyof typeof NUMERIC_OPTIONS;
/** intune deploy's options: their cases come last, so that the ids of the cases before them stay as they were. */
const INTUNE_OPTIONS = ['interval', 'poll-ms', 'block-bytes'] as const;
type IntuneOption = (typeof INTUNE_OPTIONS)[number];
const INTUNE_DEPLOY = [
  'intune',
  'deploy',
  '--release',
  '/nonexistent',
  '--group-id',
  '5f2b7c3e-1d4a-4e8b-9c6f-0a1b2c3d4e5f',
];
/** The command that takes each option (fleet's --timeout-ms shares the endpoint range; --top is fleet's). */
const COMMAND: Record<Exclude<Option, IntuneOption>, string[]> = {
  'max-age-hours': ['detect', '--offline'],
  'max-behind': ['detect', '--offline'],
  'timeout-ms': ['probe'],
  'posture-timeout-ms': ['detect', '--offline'],
  'wait-seconds': ['remediate', '--offline'],
  'cooldown-minutes': ['remediate', '--offline'],
  'poll-seconds': ['remediate', '--offline'],
  duration: ['collect', '--offline'],
  'support-timeout-seconds': ['collect', '--offline'],
  top: ['fleet', '/nonexistent.ndjson'],
  'max-result-age-days': ['fleet', '/nonexistent.ndjson'],
  'console-timeout-ms': ['policy'],
  'console-max-pages': ['policy'],
};

/** Values just outside each end of the range, and the kinds of number an integer option refuses. */
function outside(name: Option): string[] {
  const range: { min: number; max: number; integer: boolean; exclusiveMin?: boolean } = NUMERIC_OPTIONS[name];
  const values = [
    String(range.max === 600_000 ? 3_000_000_000 : range.max + 1),
    String(range.exclusiveMin ? range.min : range.min - 1),
  ];
  if (range.integer) values.push(String(range.min + 1.5));
  return values;
}

const notInternal: Check = {
  name: 'no INTERNAL_ERROR',
  check: (r) => (JSON.stringify(r.json?.findings ?? []).includes('INTERNAL_ERROR') ? 'INTERNAL_ERROR' : null),
};

function detectOffline(posture: string | null, local: string, policy: string | null = null) {
  return async () => {
    const e = makeEndpoint({ posture, localXml: local, policyXml: policy });
    cleanup.push(e.remove);
    return run(['detect', '--amp-dir', e.root, '--offline', '--format', 'json', '--posture-timeout-ms', '1500']);
  };
}
const postureAt = (last: number | string) =>
  postureJson().replace(/"last_successful_update":-?\d+/, `"last_successful_update":${last}`);
const localAt = (last: string) =>
  localXml()
    .replace(/<lastsuccesstime>\d+</, `<lastsuccesstime>${last}<`)
    .replace(/<lastupdate>\d+</, `<lastupdate>${last}<`);

let id = 0;
const next = () => `N${String(++id).padStart(2, '0')}`;

/** A value outside the option's range is a usage error of the command that takes it. */
function outOfRangeCases(name: Option, command: string[], now?: null): Case[] {
  return outside(name).map((value) => ({
    id: next(),
    area: 'numbers',
    input: `--${name} ${value} (${command[0]})`,
    exit: 2,
    codes: [],
    run: () => run([...command, `--${name}`, value], { now }),
  }));
}

export const NUMBERS: Case[] = [
  ...(Object.keys(COMMAND) as Array<keyof typeof COMMAND>).flatMap((name) => outOfRangeCases(name, COMMAND[name])),
  {
    id: next(),
    area: 'numbers',
    input: '--timeout-ms 3000000000 for fleet --graph',
    exit: 2,
    codes: [],
    run: () => run(['fleet', '--graph', '--remediation-id', 'x', '--timeout-ms', '3000000000']),
  },
  {
    id: next(),
    area: 'numbers',
    input: 'posture last update in ms millions of years ahead, local.xml too (offline)',
    exit: 4,
    codes: ['DEFINITIONS_UNKNOWN'],
    run: detectOffline(postureAt(9_000_000_000_000_000), localAt('9999999999999999')),
    checks: [notInternal],
  },
  {
    id: next(),
    area: 'numbers',
    input: 'posture last update 400 days ahead, in seconds (offline)',
    exit: 4,
    codes: ['LAST_UPDATE_IN_FUTURE', 'DEFINITIONS_UNKNOWN'],
    run: detectOffline(postureAt(NOW_S + 400 * 86_400), localXml()),
    checks: [notInternal],
  },
  {
    id: next(),
    area: 'numbers',
    input: 'posture last update in the year 5000, in seconds (offline)',
    exit: 4,
    codes: ['LAST_UPDATE_IN_FUTURE'],
    run: detectOffline(postureAt(95_000_000_000), localXml()),
    checks: [notInternal],
  },
  {
    id: next(),
    area: 'numbers',
    input: 'local.xml last update a year ahead, in ms, posture failed (offline)',
    exit: 4,
    codes: ['LAST_UPDATE_IN_FUTURE'],
    run: detectOffline(null, localAt(String((NOW_S + 365 * 86_400) * 1000))),
    checks: [notInternal],
  },
  {
    id: next(),
    area: 'numbers',
    input: 'posture last update negative and 1e300: local.xml decides',
    exit: 0,
    codes: null,
    run: detectOffline(
      '{"running":true,"engines":[{"name":"Tetra","enabled":true,"definitions":[{"version":90604,"last_successful_update":-1e15,"timestamp":1e300}]}]}',
      localXml(),
    ),
    checks: [notInternal],
  },
  {
    id: next(),
    area: 'numbers',
    input: 'policy.xml updater interval of 10^15 seconds',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: detectOffline(
      postureJson(),
      localXml(),
      policyXml().replace('<interval>3600</interval>', '<interval>1000000000000000</interval>'),
    ),
    checks: [notInternal],
  },
  {
    id: next(),
    area: 'numbers',
    input: 'policy.xml updater interval negative',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: detectOffline(
      postureJson(),
      localXml(),
      policyXml().replace('<interval>3600</interval>', '<interval>-60</interval>'),
    ),
    checks: [notInternal],
  },
  {
    id: next(),
    area: 'numbers',
    input: 'policy.xml updater server that is no URL or host (http://[::)',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: detectOffline(postureJson(), localXml(), policyXml({ server: 'http://[::' })),
    checks: [notInternal],
  },
  // intune deploy keeps no clock of its own: no --now.
  ...INTUNE_OPTIONS.flatMap((name) => outOfRangeCases(name, INTUNE_DEPLOY, null)),
];
