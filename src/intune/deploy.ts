// `tetra-doctor intune deploy`: what an Intune admin does by hand in two places of the portal, done through Microsoft
// Graph from a release folder. Each step is named; a failure names its step and lists what already exists in Intune,
// and a rerun picks up from there, because every object is found again (by name and marker) and compared before
// anything is written. Nothing is written when nothing differs, and nothing at all with --dry-run.
import { Agent } from 'undici';
import { GraphClient, GraphError, type GraphMethod } from '../fleet/graphClient';
import { TOOL_VERSION } from '../render/version';
import { uploadBlocks } from './blobUpload';
import {
  appAssignment,
  appDescription,
  appSpec,
  committedDigest,
  hasMarker,
  matches,
  pick,
  REMEDIATION_COMPARED,
  remediationAssignment,
  remediationSpec,
  type AppSpec,
} from './desired';
import type { DeployArgs } from './options';
import { readRelease, type Release } from './release';

/** The Graph permission each part of the API needs (application permissions, with admin consent). */
const PERMISSIONS = {
  apps: 'DeviceManagementApps.ReadWrite.All',
  remediations: 'DeviceManagementConfiguration.ReadWrite.All',
  groups: 'Group.Read.All',
} as const;

/** How long Intune may take to hand out a SAS URI, or to check and commit an upload, before the step fails. */
const MAX_STATE_WAIT_MS = 15 * 60_000;

type GraphObject = Record<string, unknown> & { id: string };

export interface DeployReport {
  schemaVersion: 1;
  tool: { name: 'tetra-doctor'; version: string };
  command: 'intune deploy';
  release: string | null;
  dryRun: boolean;
  groupId: string;
  app: { id: string | null; displayName: string; committedContentVersion: string | null };
  remediation: { id: string | null; displayName: string };
  created: string[];
  updated: string[];
  unchanged: string[];
  /** With --dry-run: what a run would do. */
  plan: string[];
  error: { step: string; message: string; existing: string[] } | null;
}

class DeployStepError extends Error {}

/** One run: the Graph client, the step under way, and the record of what exists, was made or was changed. */
export class Deployment {
  step = 'read the release folder';
  readonly report: DeployReport;
  private readonly existing = new Map<string, string>();
  readonly dispatcher: Agent;

  constructor(
    readonly args: DeployArgs,
    readonly graph: GraphClient,
    readonly progress: (text: string) => void,
    /** Values no output may show: tokens, the SAS signature, the sign-in's secrets. */
    readonly secrets: Set<string>,
  ) {
    this.dispatcher = new Agent({ connect: { timeout: args.timeoutMs }, headersTimeout: args.timeoutMs });
    this.report = {
      schemaVersion: 1,
      tool: { name: 'tetra-doctor', version: TOOL_VERSION },
      command: 'intune deploy',
      release: null,
      dryRun: args.dryRun,
      groupId: args.groupId,
      app: { id: null, displayName: args.appName, committedContentVersion: null },
      remediation: { id: null, displayName: args.remediationName },
      created: [],
      updated: [],
      unchanged: [],
      plan: [],
      error: null,
    };
  }

  begin(step: string): void {
    this.step = step;
    this.progress(`${step}...`);
  }

  /** Something that now exists in Intune, listed when a later step fails. */
  exists(key: string, description: string): void {
    this.existing.set(key, description);
  }

  existingList(): string[] {
    return [...this.existing.values()];
  }

  async call(method: GraphMethod, path: string, body?: unknown): Promise<unknown> {
    if (this.args.dryRun && method !== 'GET') throw new Error(`dry run: refusing ${method} ${path}`);
    try {
      return (await this.graph.request(method, `${this.args.graphUrl}${path}`, body)).body;
    } catch (err) {
      throw withPermission(err, path);
    }
  }

  get = (path: string) => this.call('GET', path) as Promise<GraphObject>;
}

/** 401 and 403 say which permission the app registration lacks for the part of Graph that refused. */
function withPermission(err: unknown, path: string): unknown {
  if (!(err instanceof GraphError) || (err.status !== 401 && err.status !== 403)) return err;
  const permission = path.startsWith('/deviceAppManagement')
    ? PERMISSIONS.apps
    : path.startsWith('/groups')
      ? PERMISSIONS.groups
      : PERMISSIONS.remediations;
  return new GraphError(
    `${err.message}: the app registration needs the Microsoft Graph application permission ${permission} (with admin consent)`,
    err.status,
    err.code,
  );
}

export async function deploy(run: Deployment): Promise<void> {
  const release = await readRelease(run.args.release);
  run.report.release = release.version;
  run.begin(`sign in and read the group ${run.args.groupId}`);
  await run.get(`/groups/${encodeURIComponent(run.args.groupId)}?$select=id,displayName`);
  const app = await deployApp(run, release);
  const remediationId = await deployRemediation(run, release);
  const { groupId, schedule } = run.args;
  if (app !== null)
    await assign(run, 'app assignment', `/deviceAppManagement/mobileApps/${app}/assignments`, appAssignment(groupId));
  if (remediationId !== null)
    await assign(
      run,
      'remediation assignment',
      `/deviceManagement/deviceHealthScripts/${remediationId}/assignments`,
      remediationAssignment(groupId, schedule),
    );
}

/** Our objects of a name: those whose description carries the marker. A look-alike without it is never touched. */
async function findOurs(run: Deployment, collection: string, name: string, type: string): Promise<GraphObject | null> {
  const filter = encodeURIComponent(`displayName eq '${name.replace(/'/g, "''")}'`);
  const page = (await run.get(`${collection}?$filter=${filter}`)) as { value?: GraphObject[] };
  const named = (page.value ?? []).filter(
    (item) => item.displayName === name && String(item['@odata.type'] ?? type).replace(/^#/, '') === type,
  );
  const ours = named.filter((item) => hasMarker(item.description));
  if (ours.length > 1)
    throw new DeployStepError(
      `${ours.length} objects named "${name}" carry tetra-doctor's marker (${ours.map((o) => o.id).join(', ')}); delete all but one`,
    );
  if (ours.length === 0 && named.length > 0)
    throw new DeployStepError(
      `"${name}" exists (${named.map((o) => o.id).join(', ')}) but was not made by tetra-doctor intune deploy (no marker in its description); rename it or choose another name`,
    );
  return ours.length ? await run.get(`${collection}/${encodeURIComponent(ours[0].id)}`) : null;
}

async function deployApp(run: Deployment, release: Release): Promise<string | null> {
  const spec = appSpec(release, run.args.appName);
  run.begin(`find the Win32 app "${run.args.appName}"`);
  let app = await findOurs(run, '/deviceAppManagement/mobileApps', run.args.appName, 'microsoft.graph.win32LobApp');
  if (app === null) {
    if (run.args.dryRun) {
      run.report.plan.push('create the Win32 app', 'upload and commit the package', 'assign the app to the group');
      return null;
    }
    run.begin(`create the Win32 app "${run.args.appName}"`);
    app = (await run.call('POST', '/deviceAppManagement/mobileApps', {
      ...spec.fields,
      description: appDescription(release, null),
    })) as GraphObject;
    run.report.created.push('app');
  } else if (!matches(spec.fields, app)) {
    run.report.app.id = app.id;
    if (run.args.dryRun) run.report.plan.push('update the Win32 app');
    else {
      run.begin(`update the Win32 app ${app.id}`);
      await run.call('PATCH', `/deviceAppManagement/mobileApps/${app.id}`, spec.fields);
      run.report.updated.push('app');
    }
  } else run.report.unchanged.push('app');
  run.report.app.id = app.id;
  run.report.app.committedContentVersion = (app.committedContentVersion as string | null) ?? null;
  run.exists('app', `Win32 app ${app.id} ("${run.args.appName}")`);
  await deployContent(run, release, spec, app);
  return app.id;
}

async function deployContent(run: Deployment, release: Release, spec: AppSpec, app: GraphObject): Promise<void> {
  const wasCommitted = typeof app.committedContentVersion === 'string' && app.committedContentVersion !== '';
  if (wasCommitted && committedDigest(app.description) === spec.packageDigest) {
    run.report.unchanged.push('app content');
    return;
  }
  if (run.args.dryRun) {
    run.report.plan.push('upload and commit the package');
    return;
  }
  const base = `/deviceAppManagement/mobileApps/${app.id}/microsoft.graph.win32LobApp/contentVersions`;
  run.begin('create a content version');
  const version = (await run.call('POST', base, {})) as GraphObject;
  run.exists('content', `content version ${version.id} of app ${app.id} (not committed)`);
  run.begin('create the content file');
  const files = `${base}/${version.id}/files`;
  const { intunewin } = release;
  const file = (await run.call('POST', files, {
    '@odata.type': '#microsoft.graph.mobileAppContentFile',
    name: intunewin.fileName,
    size: intunewin.size,
    sizeEncrypted: intunewin.encrypted.length,
    manifest: null,
    isDependency: false,
  })) as GraphObject;
  const fileUrl = `${files}/${file.id}`;
  run.exists('content', `content version ${version.id} of app ${app.id}, file ${file.id} (not committed)`);
  run.begin('wait for the Azure Storage upload URI');
  const ready = await waitForState(run, fileUrl, 'azureStorageUriRequest');
  const sasUri = String(ready.azureStorageUri ?? '');
  if (!/^https:\/\//i.test(sasUri)) throw new DeployStepError('Intune gave no https azureStorageUri');
  keepSasSecret(run, sasUri);
  run.begin(`upload the package (${intunewin.encrypted.length} bytes)`);
  await uploadBlocks(sasUri, intunewin.encrypted, {
    dispatcher: run.dispatcher,
    timeoutMs: run.args.timeoutMs,
    blockBytes: run.args.blockBytes,
    attempts: 4,
    maxRetryAfterMs: 120_000,
    progress: run.progress,
  });
  run.begin('commit the upload');
  await run.call('POST', `${fileUrl}/commit`, {
    fileEncryptionInfo: { '@odata.type': 'microsoft.graph.fileEncryptionInfo', ...intunewin.encryptionInfo },
  });
  run.begin('wait for the commit');
  await waitForState(run, fileUrl, 'commitFile');
  run.begin('set the committed content version');
  await run.call('PATCH', `/deviceAppManagement/mobileApps/${app.id}`, {
    '@odata.type': '#microsoft.graph.win32LobApp',
    committedContentVersion: version.id,
    description: appDescription(release, spec.packageDigest),
  });
  run.exists('content', `content version ${version.id} of app ${app.id} (committed)`);
  run.report.app.committedContentVersion = String(version.id);
  run.report[wasCommitted ? 'updated' : 'created'].push('app content');
}

/** The SAS URI's query (its signature) is a secret: kept out of every output. */
function keepSasSecret(run: Deployment, sasUri: string): void {
  const query = new URL(sasUri).search.slice(1);
  run.secrets.add(query);
  for (const [key, value] of new URLSearchParams(query)) if (key === 'sig') run.secrets.add(value);
  const sig = /[?&]sig=([^&]+)/.exec(sasUri);
  if (sig) run.secrets.add(sig[1]);
}

/** Polls the content file until its uploadState is `<prefix>Success`; `<prefix>Failed` or a timeout fails the step. */
async function waitForState(run: Deployment, fileUrl: string, prefix: string): Promise<GraphObject> {
  const started = Date.now();
  for (;;) {
    const file = await run.get(fileUrl);
    const state = String(file.uploadState ?? '');
    if (state === `${prefix}Success`) return file;
    if (state === `${prefix}Failed` || state === `${prefix}TimedOut`)
      throw new DeployStepError(`Intune reports uploadState ${state}`);
    if (Date.now() - started > MAX_STATE_WAIT_MS)
      throw new DeployStepError(`uploadState still ${state || 'unknown'} after ${MAX_STATE_WAIT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, run.args.pollMs));
  }
}

async function deployRemediation(run: Deployment, release: Release): Promise<string | null> {
  const spec = remediationSpec(release, {
    displayName: run.args.remediationName,
    enforceSignatureCheck: run.args.enforceSignatureCheck,
  });
  run.begin(`find the Remediation "${run.args.remediationName}"`);
  const found = await findOurs(
    run,
    '/deviceManagement/deviceHealthScripts',
    run.args.remediationName,
    'microsoft.graph.deviceHealthScript',
  );
  if (found === null) {
    if (run.args.dryRun) {
      run.report.plan.push('create the Remediation', 'assign the Remediation to the group');
      return null;
    }
    run.begin(`create the Remediation "${run.args.remediationName}"`);
    const created = (await run.call('POST', '/deviceManagement/deviceHealthScripts', spec)) as GraphObject;
    run.report.created.push('remediation');
    return recordRemediation(run, created.id);
  }
  recordRemediation(run, found.id);
  if (matches(pick(spec, REMEDIATION_COMPARED), found)) run.report.unchanged.push('remediation');
  else if (run.args.dryRun) run.report.plan.push('update the Remediation');
  else {
    run.begin(`update the Remediation ${found.id}`);
    await run.call('PATCH', `/deviceManagement/deviceHealthScripts/${found.id}`, spec);
    run.report.updated.push('remediation');
  }
  return found.id;
}

function recordRemediation(run: Deployment, id: string): string {
  run.report.remediation.id = id;
  run.exists('remediation', `Remediation ${id} ("${run.args.remediationName}")`);
  return id;
}

type Assignment = GraphObject & { target?: { groupId?: string } };

/** Creates the group's assignment, or corrects it; leaves every other assignment as it is. */
async function assign(
  run: Deployment,
  what: 'app assignment' | 'remediation assignment',
  collection: string,
  wanted: Record<string, unknown>,
): Promise<void> {
  run.begin(`assign the ${what.split(' ')[0]} to the group`);
  const page = (await run.get(collection)) as { value?: Assignment[] };
  const current = (page.value ?? []).find((a) => a.target?.groupId?.toLowerCase() === run.args.groupId);
  if (current && matches(wanted, current)) {
    run.report.unchanged.push(what);
    return;
  }
  if (run.args.dryRun) {
    run.report.plan.push(`${current ? 'update' : 'create'} the ${what}`);
    return;
  }
  if (current) {
    await run.call('PATCH', `${collection}/${encodeURIComponent(current.id)}`, wanted);
    run.report.updated.push(what);
  } else {
    await run.call('POST', collection, wanted);
    run.report.created.push(what);
  }
  run.exists(what, `${what} to group ${run.args.groupId}`);
}
