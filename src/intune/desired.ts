// What the Win32 app and the Remediation should look like in Intune for a release, in Graph's documented shapes
// (beta: win32LobApp with `rules`, deviceHealthScript, their assignments), and whether what Intune holds already is
// that. Each object carries a marker line in its description: it tells our objects from look-alikes of the same name,
// and records which package and which scripts were last committed, which Graph does not give back to compare.
import { createHash } from 'node:crypto';
import type { RemediationSchedule } from './options';
import type { Release } from './release';

const MARKER = 'tetra-doctor-deploy:';
const INSTALL_FOLDER = '%ProgramFiles%\\tetra-doctor';
const EXE_NAME = 'tetra-doctor.exe';
/** Windows 10 1809: the oldest release the executable's Node runtime supports. */
const MINIMUM_WINDOWS_RELEASE = '1809';

export interface AppSpec {
  /** The properties set at create and compared on a rerun (PATCHed when any differs). */
  fields: Record<string, unknown>;
  /** The package digest the marker records once its content is committed. */
  packageDigest: string;
}

function commandFor(script: string): string {
  return script.toLowerCase().endsWith('.ps1')
    ? `powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\\${script}`
    : `cmd.exe /c ${script}`;
}

export function appSpec(release: Release, displayName: string): AppSpec {
  const { intunewin } = release;
  return {
    packageDigest: intunewin.encryptionInfo.fileDigest,
    fields: {
      '@odata.type': '#microsoft.graph.win32LobApp',
      displayName,
      publisher: 'tetra-doctor',
      displayVersion: release.version,
      fileName: release.packageFile.split(/[\\/]/).pop(),
      setupFilePath: intunewin.setupFile,
      installCommandLine: commandFor(intunewin.setupFile),
      uninstallCommandLine: commandFor(release.uninstallFile),
      applicableArchitectures: 'x64',
      minimumSupportedWindowsRelease: MINIMUM_WINDOWS_RELEASE,
      installExperience: {
        '@odata.type': 'microsoft.graph.win32LobAppInstallExperience',
        runAsAccount: 'system',
        deviceRestartBehavior: 'suppress',
      },
      rules: [
        {
          '@odata.type': '#microsoft.graph.win32LobAppFileSystemRule',
          ruleType: 'detection',
          path: INSTALL_FOLDER,
          fileOrFolderName: EXE_NAME,
          check32BitOn64System: false,
          operationType: 'version',
          operator: 'greaterThanOrEqual',
          comparisonValue: release.fileVersion,
        },
      ],
    },
  };
}

/** The app's description; `committed` is the package digest whose content is committed, or null before that. */
export function appDescription(release: Release, committed: string | null): string {
  return [
    'Installs tetra-doctor.exe (Cisco Secure Endpoint TETRA definitions doctor) in %ProgramFiles%\\tetra-doctor.',
    'Made by tetra-doctor intune deploy; running it again updates this app in place.',
    `${MARKER} release ${release.version}, package sha256 ${committed ?? 'none'}`,
  ].join('\n');
}

/** The package digest the app's marker records, or null (not ours: no marker; or nothing committed yet). */
export function committedDigest(description: unknown): string | null {
  const match = new RegExp(`${MARKER} release \\S+, package sha256 (\\S+)`).exec(String(description ?? ''));
  return match && match[1] !== 'none' ? match[1] : null;
}

export function hasMarker(description: unknown): boolean {
  return String(description ?? '').includes(MARKER);
}

export interface RemediationOptions {
  displayName: string;
  enforceSignatureCheck: boolean;
}

export function remediationSpec(release: Release, options: RemediationOptions): Record<string, unknown> {
  const scripts = createHash('sha256')
    .update(release.detectionScript)
    .update('\0')
    .update(release.remediationScript)
    .digest('hex');
  return {
    '@odata.type': '#microsoft.graph.deviceHealthScript',
    displayName: options.displayName,
    description: [
      'Checks that Cisco Secure Endpoint keeps its TETRA definitions current, and forces an update when not.',
      `${MARKER} release ${release.version}, scripts sha256 ${scripts}`,
    ].join('\n'),
    publisher: 'tetra-doctor',
    version: release.version,
    runAsAccount: 'system',
    runAs32Bit: false,
    enforceSignatureCheck: options.enforceSignatureCheck,
    detectionScriptContent: release.detectionScript.toString('base64'),
    remediationScriptContent: release.remediationScript.toString('base64'),
  };
}

/** What a rerun compares: Graph may leave the scripts out of a read, so their digest in the marker stands for them. */
export const REMEDIATION_COMPARED = [
  'displayName',
  'description',
  'publisher',
  'version',
  'runAsAccount',
  'runAs32Bit',
  'enforceSignatureCheck',
];

function groupTarget(groupId: string): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId };
}

export function appAssignment(groupId: string): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.mobileAppAssignment',
    intent: 'required',
    target: groupTarget(groupId),
    settings: {
      '@odata.type': '#microsoft.graph.win32LobAppAssignmentSettings',
      notifications: 'hideAll',
      deliveryOptimizationPriority: 'notConfigured',
    },
  };
}

function runSchedule(schedule: RemediationSchedule): Record<string, unknown> {
  if (schedule.kind === 'hourly')
    return { '@odata.type': '#microsoft.graph.deviceHealthScriptHourlySchedule', interval: schedule.interval };
  return {
    '@odata.type': '#microsoft.graph.deviceHealthScriptDailySchedule',
    interval: schedule.interval,
    useUtc: false,
    time: `${schedule.time}:00.0000000`,
  };
}

export function remediationAssignment(groupId: string, schedule: RemediationSchedule): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.deviceHealthScriptAssignment',
    target: groupTarget(groupId),
    runRemediationScript: true,
    runSchedule: runSchedule(schedule),
  };
}

/**
 * Whether `actual` (what Graph gave back) holds every property of `wanted` with the same value. Graph adds properties
 * of its own and may spell an @odata.type with or without '#': only what we set is compared.
 */
export function matches(wanted: unknown, actual: unknown): boolean {
  if (Array.isArray(wanted))
    return Array.isArray(actual) && actual.length === wanted.length && wanted.every((w, i) => matches(w, actual[i]));
  if (wanted !== null && typeof wanted === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(wanted).every(([key, value]) =>
      key === '@odata.type'
        ? odataType(value) === odataType((actual as Record<string, unknown>)[key])
        : matches(value, (actual as Record<string, unknown>)[key]),
    );
  }
  if (typeof wanted === 'string' && typeof actual === 'string' && /^\d\d:\d\d:00/.test(wanted))
    return actual.slice(0, 5) === wanted.slice(0, 5);
  return wanted === actual;
}

function odataType(value: unknown): string {
  return String(value ?? '').replace(/^#/, '');
}

/** The properties of `spec` named in `keys`. */
export function pick(spec: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in spec).map((k) => [k, spec[k]]));
}
