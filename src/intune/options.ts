// Options of `tetra-doctor intune deploy`: the release folder, the group, the Remediation's schedule and the Azure
// sign-in. Imported by the CLI up front, so it stays tiny: the deploy itself is a lazily compiled chunk. Secrets are
// never options: the sign-in comes from the environment or a credentials file (src/console/azureSettings.ts).
import type { InferredOptionTypes } from 'yargs';
import { checkRanges, TIMEOUT_MS_RANGE, type OptionTable } from '../contract/options';
import {
  AZURE_ENV,
  DEFAULT_GRAPH_URL,
  graphBaseUrl,
  readAzureSignIn,
  type AzureSignInSettings,
} from '../console/azureSettings';

const DEFAULT_APP_NAME = 'tetra-doctor';
const DEFAULT_REMEDIATION_NAME = 'TETRA definitions';
const DEFAULT_DEPLOY_TIMEOUT_MS = 60_000;
/** Intune's hourly schedules run every 1 to 23 hours, its daily ones every 1 to 30 days (the portal's choices). */
const INTERVAL_RANGE = { hourly: [1, 23], daily: [1, 30] } as const;
const DEFAULT_INTERVAL = { hourly: 8, daily: 1 } as const;
/** Azure Storage takes blocks up to 4000 MiB; Microsoft's own tools upload 6 MiB at a time, as we do. */
const DEFAULT_BLOCK_BYTES = 6 * 1024 * 1024;

export const DEPLOY_OPTIONS = {
  release: {
    type: 'string',
    describe: 'the release folder (tetra-doctor-<version>/, from npm run release)',
  },
  'group-id': { type: 'string', describe: 'Entra ID group (object id) both are assigned to' },
  schedule: { choices: ['hourly', 'daily'], default: 'hourly', describe: "the Remediation's schedule" },
  interval: {
    type: 'number',
    // The widest of the two; each schedule narrows it (INTERVAL_RANGE).
    range: { min: 1, max: 30, integer: true },
    describe: 'every N hours (hourly, 1-23, default 8) or days (daily, 1-30, default 1)',
  },
  time: {
    type: 'string',
    default: '09:00',
    describe: 'with --schedule daily: the time of day (HH:MM, device time)',
  },
  'app-name': { type: 'string', default: DEFAULT_APP_NAME, describe: "the Win32 app's display name" },
  'remediation-name': {
    type: 'string',
    default: DEFAULT_REMEDIATION_NAME,
    describe: "the Remediation's display name",
  },
  'enforce-signature-check': {
    type: 'boolean',
    default: false,
    describe: 'Intune runs the scripts only if their Authenticode signature is trusted (sign them first)',
  },
  'dry-run': { type: 'boolean', default: false, describe: 'print the plan; change nothing' },
  'graph-url': {
    type: 'string',
    describe: `Graph base URL (default TETRA_GRAPH_URL or ${DEFAULT_GRAPH_URL})`,
  },
  'login-url': {
    type: 'string',
    describe: `Entra ID authority host (default ${AZURE_ENV.authorityHost[0]} or https://login.microsoftonline.com)`,
  },
  'azure-credentials-file': {
    type: 'string',
    describe: `file of NAME=value lines holding the Azure sign-in (default ${AZURE_ENV.credentialsFile[0]}); never give secrets on the command line`,
  },
  'timeout-ms': {
    type: 'number',
    default: DEFAULT_DEPLOY_TIMEOUT_MS,
    range: TIMEOUT_MS_RANGE,
    describe: 'timeout of each request',
  },
  'poll-ms': {
    type: 'number',
    default: 2000,
    hidden: true,
    range: { min: 1, max: 60_000, integer: true },
    describe: 'wait between upload-state polls',
  },
  'block-bytes': {
    type: 'number',
    default: DEFAULT_BLOCK_BYTES,
    hidden: true,
    range: { min: 1024, max: 100 * 1024 * 1024, integer: true },
    describe: 'upload block size',
  },
} as const satisfies OptionTable;

/** intune deploy's command line as yargs parses it. */
type DeployArgv = InferredOptionTypes<typeof DEPLOY_OPTIONS> & { _: Array<string | number> };

export type RemediationSchedule =
  { kind: 'hourly'; interval: number } | { kind: 'daily'; interval: number; time: string };

export interface DeployArgs {
  release: string;
  groupId: string;
  schedule: RemediationSchedule;
  appName: string;
  remediationName: string;
  enforceSignatureCheck: boolean;
  dryRun: boolean;
  graphUrl: string;
  azure: AzureSignInSettings;
  timeoutMs: number;
  pollMs: number;
  blockBytes: number;
}

/** Checks the command line and reads the sign-in; the message of what it throws is the usage error printed. */
export function toDeployArgs(raw: DeployArgv, env: NodeJS.ProcessEnv): DeployArgs {
  if (raw._.length > 0) throw new Error(`unexpected argument: ${raw._[0]}`);
  const { release, 'group-id': groupId } = raw;
  if (!release) throw new Error('--release must name the release folder');
  if (!groupId || !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(groupId))
    throw new Error('--group-id must be the object id of an Entra ID group (a GUID)');
  for (const name of ['app-name', 'remediation-name'] as const) {
    const value = raw[name];
    if (!value.trim() || value.length > 200 || /[^\x20-\x7e\u00a0-\uffff]/.test(value))
      throw new Error(`--${name} must be a display name of 1 to 200 printable characters`);
  }
  const graphUrl = graphBaseUrl(raw['graph-url'], env);
  checkRanges(DEPLOY_OPTIONS, raw);
  return {
    release,
    groupId: groupId.toLowerCase(),
    schedule: toSchedule(raw),
    appName: raw['app-name'].trim(),
    remediationName: raw['remediation-name'].trim(),
    enforceSignatureCheck: raw['enforce-signature-check'],
    dryRun: raw['dry-run'],
    graphUrl,
    azure: readAzureSignIn({
      env,
      credentialsFile: raw['azure-credentials-file'],
      authorityHost: raw['login-url'],
    }),
    timeoutMs: raw['timeout-ms'],
    pollMs: raw['poll-ms'],
    blockBytes: raw['block-bytes'],
  };
}

function toSchedule(raw: DeployArgv): RemediationSchedule {
  const kind = raw.schedule;
  const interval = raw.interval ?? DEFAULT_INTERVAL[kind];
  const [min, max] = INTERVAL_RANGE[kind];
  if (interval < min || interval > max)
    throw new Error(`--interval of a ${kind} schedule must be a whole number from ${min} to ${max}`);
  if (kind === 'hourly') return { kind, interval };
  const time = /^([01]\d|2[0-3]):[0-5]\d$/.exec(raw.time);
  if (!time) throw new Error('--time must be HH:MM (00:00 to 23:59)');
  return { kind, interval, time: raw.time };
}
