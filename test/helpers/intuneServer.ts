// A local stand-in for what `intune deploy` talks to, on 127.0.0.1 over HTTPS with a private CA: Entra ID
// (entraStandIn.ts), Microsoft Graph beta (groups, deviceAppManagement/mobileApps with contentVersions, files,
// commit and assignments; deviceManagement/deviceHealthScripts with assignments) and Azure Blob Storage (Put Block,
// Put Block List on the SAS URI it hands out). Answers follow Microsoft's documented shapes; each request is checked
// (method, path, headers, body fields) and whatever fails a check is answered 400 and recorded in `violations`.
// Faults (a status for the n-th matching request, Retry-After) and upload-state knobs play Graph's failures.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CLIENT_ID,
  handleEntra,
  newEntraState,
  standInCa,
  TENANT,
  type EntraOptions,
  type Reply,
} from './entraStandIn';

export const GROUP_ID = '5f2b7c3e-1d4a-4e8b-9c6f-0a1b2c3d4e5f';
/** The SAS signature carries characters that URL-encoding changes, so every form of it can be looked for. */
export const SAS_SIG = `SaS+sig/${randomBytes(9).toString('base64')}=`;

export interface Fault {
  method: string;
  /** Matched against the path (with query) without the /beta prefix; Blob paths start with /blob. */
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests fail (default 1); the rest are served. */
  times?: number;
  /** Fail the n-th matching request (1-based; default the first). */
  nth?: number;
}

interface LogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
}

export interface IntuneServerOptions extends EntraOptions {
  faults?: Fault[];
  /** The upload state a commit ends in (default commitFileSuccess). */
  commitEndsIn?: 'commitFileSuccess' | 'commitFileFailed';
}

type Obj = Record<string, any>;

interface IntuneStore {
  apps: Map<string, Obj>;
  appAssignments: Map<string, Obj[]>;
  contentVersions: Map<string, Map<string, { id: string; files: Map<string, Obj> }>>;
  blobs: Map<string, { blocks: Map<string, Buffer>; committed: Buffer | null; blockPuts: string[] }>;
  scripts: Map<string, Obj>;
  scriptAssignments: Map<string, Obj[]>;
}

export interface IntuneServer {
  base: string;
  env: NodeJS.ProcessEnv;
  args: string[];
  caFile: string;
  log: LogEntry[];
  violations: string[];
  store: IntuneStore;
  faults: Fault[];
  tokensIssued(): number;
  grants(): string[];
  /** Every access token handed out so far. */
  tokens(): string[];
  /** Every request that would change something (Graph POST/PATCH/DELETE, Blob PUT). */
  writes(): LogEntry[];
  close(): Promise<void>;
}

const ODATA = '#microsoft.graph.';
/** The fixed segments of the paths served; any other segment is an id. */
const WORDS = new Set([
  'groups',
  'deviceAppManagement',
  'mobileApps',
  'assignments',
  'microsoft.graph.win32LobApp',
  'contentVersions',
  'files',
  'commit',
  'deviceManagement',
  'deviceHealthScripts',
]);

export async function startIntuneServer(options: IntuneServerOptions = {}): Promise<IntuneServer> {
  const { ca, caFile } = await standInCa();
  const leaf = await ca.issue({ hostnames: ['127.0.0.1'] });
  const entra = newEntraState();
  const violations = entra.violations;
  const log: LogEntry[] = [];
  const faults = [...(options.faults ?? [])];
  const faultSeen = new Map<Fault, number>();
  const store: IntuneStore = {
    apps: new Map(),
    appAssignments: new Map(),
    contentVersions: new Map(),
    blobs: new Map(),
    scripts: new Map(),
    scriptAssignments: new Map(),
  };
  let base = '';

  const server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (req, res) => {
    const url = new URL(req.url!, 'https://127.0.0.1');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = url.pathname.replace(/^\/beta/, '') + url.search;
      const reply: Reply = (status, body, headers = {}) => {
        log.push({ at: Date.now(), method: req.method!, path: url.pathname + url.search, status });
        if (body === null || status === 204) {
          res.writeHead(status, headers).end();
          return;
        }
        const xml = typeof body === 'string';
        res
          .writeHead(status, { 'content-type': xml ? 'application/xml' : 'application/json', ...headers })
          .end(xml ? body : JSON.stringify(body));
      };
      if (handleEntra(entra, options, req, url, raw.toString('utf8'), reply, base)) return;
      const fault = faults.find((f) => f.method === req.method && f.path.test(path) && due(f));
      if (fault)
        return reply(
          fault.status,
          fault.body ?? { error: { code: 'InternalServerError', message: 'stand-in fault' } },
          fault.headers,
        );
      if (url.pathname.startsWith('/blob/')) return blob(req, url, raw, reply);
      if (!url.pathname.startsWith('/beta/'))
        return reply(404, { error: { code: 'ResourceNotFound', message: 'no such path' } });
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!entra.validTokens.has(token))
        return reply(401, {
          error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' },
        });
      if (req.headers.accept !== 'application/json')
        violations.push(`${req.method} ${path}: accept ${req.headers.accept}`);
      let body: Obj | null = null;
      if (req.method === 'POST' || req.method === 'PATCH') {
        if (!/^application\/json/.test(req.headers['content-type'] ?? ''))
          return bad(reply, `${req.method} ${path}: content-type ${req.headers['content-type']}`);
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          return bad(reply, `${req.method} ${path}: body is not JSON`);
        }
      }
      graph(req.method!, url, body, reply);
    });
  });

  /** Counts a fault's matches and says whether this one fails. */
  function due(fault: Fault): boolean {
    const seen = (faultSeen.get(fault) ?? 0) + 1;
    faultSeen.set(fault, seen);
    const first = fault.nth ?? 1;
    return seen >= first && seen < first + (fault.times ?? 1);
  }

  function bad(reply: Reply, why: string) {
    violations.push(why);
    reply(400, { error: { code: 'BadRequest', message: why } });
  }

  function graph(method: string, url: URL, body: Obj | null, reply: Reply) {
    const p = url.pathname.replace(/^\/beta/, '');
    const seg = p.split('/').filter(Boolean).map(decodeURIComponent);
    const key = `${method} /${seg.map((s) => (WORDS.has(s) ? s : '{}')).join('/')}`;
    switch (key) {
      case 'GET /groups/{}':
        if (seg[1] !== GROUP_ID)
          return reply(404, {
            error: { code: 'Request_ResourceNotFound', message: `Resource '${seg[1]}' does not exist.` },
          });
        return reply(200, {
          '@odata.context': `${base}/beta/$metadata#groups(id,displayName)/$entity`,
          id: GROUP_ID,
          displayName: 'Secure Endpoint devices',
        });
      case 'GET /deviceAppManagement/mobileApps':
        return reply(200, { value: filterByName(store.apps, url) });
      case 'POST /deviceAppManagement/mobileApps':
        return createApp(body!, reply);
      case 'GET /deviceAppManagement/mobileApps/{}':
        return found(store.apps.get(seg[2]), reply);
      case 'PATCH /deviceAppManagement/mobileApps/{}':
        return patchApp(seg[2], body!, reply);
      case 'GET /deviceAppManagement/mobileApps/{}/assignments':
        return store.apps.has(seg[2]) ? reply(200, { value: store.appAssignments.get(seg[2]) ?? [] }) : notFound(reply);
      case 'POST /deviceAppManagement/mobileApps/{}/assignments':
        return createAssignment(store.appAssignments, seg[2], body!, checkAppAssignment, reply);
      case 'PATCH /deviceAppManagement/mobileApps/{}/assignments/{}':
        return patchAssignment(store.appAssignments, seg[2], seg[4], body!, checkAppAssignment, reply);
      case 'POST /deviceAppManagement/mobileApps/{}/microsoft.graph.win32LobApp/contentVersions':
        return createContentVersion(seg[2], reply);
      case 'POST /deviceAppManagement/mobileApps/{}/microsoft.graph.win32LobApp/contentVersions/{}/files':
        return createFile(seg[2], seg[5], body!, reply);
      case 'GET /deviceAppManagement/mobileApps/{}/microsoft.graph.win32LobApp/contentVersions/{}/files/{}':
        return getFile(seg[2], seg[5], seg[7], reply);
      case 'POST /deviceAppManagement/mobileApps/{}/microsoft.graph.win32LobApp/contentVersions/{}/files/{}/commit':
        return commitFile(seg[2], seg[5], seg[7], body!, reply);
      case 'GET /deviceManagement/deviceHealthScripts':
        return reply(200, { value: filterByName(store.scripts, url) });
      case 'POST /deviceManagement/deviceHealthScripts':
        return createScript(body!, reply);
      case 'GET /deviceManagement/deviceHealthScripts/{}':
        return found(store.scripts.get(seg[2]), reply);
      case 'PATCH /deviceManagement/deviceHealthScripts/{}':
        return patchScript(seg[2], body!, reply);
      case 'GET /deviceManagement/deviceHealthScripts/{}/assignments':
        return store.scripts.has(seg[2])
          ? reply(200, { value: store.scriptAssignments.get(seg[2]) ?? [] })
          : notFound(reply);
      case 'POST /deviceManagement/deviceHealthScripts/{}/assignments':
        return createAssignment(store.scriptAssignments, seg[2], body!, checkScriptAssignment, reply);
      case 'PATCH /deviceManagement/deviceHealthScripts/{}/assignments/{}':
        return patchAssignment(store.scriptAssignments, seg[2], seg[4], body!, checkScriptAssignment, reply);
    }
    bad(reply, `unexpected request ${key}`);
  }

  const notFound = (reply: Reply) => reply(404, { error: { code: 'ResourceNotFound', message: 'not found' } });
  const found = (item: Obj | undefined, reply: Reply) => (item ? reply(200, item) : notFound(reply));

  function filterByName(items: Map<string, Obj>, url: URL): Obj[] {
    const filter = url.searchParams.get('$filter') ?? '';
    const match = /^displayName eq '((?:[^']|'')*)'$/.exec(filter);
    if (!match) {
      violations.push(`list without a displayName filter: ${filter}`);
      return [];
    }
    const name = match[1].replace(/''/g, "'");
    return [...items.values()].filter((item) => item.displayName === name);
  }

  /** The checks of a win32LobApp's create body: every field an admin sets in the portal. */
  function appProblems(b: Obj, creating: boolean): string[] {
    const problems: string[] = [];
    const need = (ok: boolean, what: string) => ok || problems.push(what);
    need(b['@odata.type'] === `${ODATA}win32LobApp`, '@odata.type');
    if (!creating) return problems;
    for (const field of [
      'displayName',
      'description',
      'publisher',
      'fileName',
      'setupFilePath',
      'installCommandLine',
      'uninstallCommandLine',
    ])
      need(typeof b[field] === 'string' && b[field] !== '', field);
    need(b.applicableArchitectures === 'x64', 'applicableArchitectures');
    need(/^\d{4}$|^\d\dH\d$/.test(b.minimumSupportedWindowsRelease ?? ''), 'minimumSupportedWindowsRelease');
    need(b.installExperience?.runAsAccount === 'system', 'installExperience.runAsAccount');
    const rule = (b.rules ?? [])[0] ?? {};
    need(rule['@odata.type'] === `${ODATA}win32LobAppFileSystemRule` && rule.ruleType === 'detection', 'rules[0] type');
    need(
      rule.operationType === 'version' && /^\d+\.\d+\.\d+\.\d+$/.test(rule.comparisonValue ?? ''),
      'rules[0] version',
    );
    need(typeof rule.path === 'string' && rule.fileOrFolderName === 'tetra-doctor.exe', 'rules[0] path');
    need(typeof rule.check32BitOn64System === 'boolean', 'rules[0] check32BitOn64System');
    return problems;
  }

  function createApp(b: Obj, reply: Reply) {
    const problems = appProblems(b, true);
    if (problems.length) return bad(reply, `POST mobileApps: ${problems.join(', ')}`);
    const id = randomUUID();
    const app = {
      ...b,
      id,
      createdDateTime: new Date().toISOString(),
      lastModifiedDateTime: new Date().toISOString(),
      publishingState: 'notPublished',
      committedContentVersion: null,
      size: 0,
      isAssigned: false,
      uploadState: 1,
    };
    store.apps.set(id, app);
    reply(201, app);
  }

  function patchApp(id: string, b: Obj, reply: Reply) {
    const app = store.apps.get(id);
    if (!app) return notFound(reply);
    const problems = appProblems(b, false);
    if ('committedContentVersion' in b) {
      const version = store.contentVersions.get(id)?.get(b.committedContentVersion);
      const committed = version && [...version.files.values()].every((f) => f.isCommitted);
      if (!committed)
        problems.push(`committedContentVersion ${b.committedContentVersion} is not a committed content version`);
    }
    if (problems.length) return bad(reply, `PATCH mobileApps/${id}: ${problems.join(', ')}`);
    Object.assign(app, b, { lastModifiedDateTime: new Date().toISOString() });
    if ('committedContentVersion' in b) app.publishingState = 'published';
    reply(204, null);
  }

  function createContentVersion(appId: string, reply: Reply) {
    if (!store.apps.has(appId)) return notFound(reply);
    const versions = store.contentVersions.get(appId) ?? new Map();
    store.contentVersions.set(appId, versions);
    const id = String(versions.size + 1);
    versions.set(id, { id, files: new Map() });
    reply(201, { '@odata.type': `${ODATA}mobileAppContent`, id });
  }

  function createFile(appId: string, versionId: string, b: Obj, reply: Reply) {
    const version = store.contentVersions.get(appId)?.get(versionId);
    if (!version) return notFound(reply);
    const problems: string[] = [];
    if (b['@odata.type'] !== `${ODATA}mobileAppContentFile`) problems.push('@odata.type');
    if (typeof b.name !== 'string' || !b.name) problems.push('name');
    if (!Number.isInteger(b.size) || b.size <= 0) problems.push('size');
    if (!Number.isInteger(b.sizeEncrypted) || b.sizeEncrypted <= b.size) problems.push('sizeEncrypted');
    if (b.isDependency !== false) problems.push('isDependency');
    if (problems.length) return bad(reply, `POST files: ${problems.join(', ')}`);
    const id = randomUUID();
    const file = {
      '@odata.type': `${ODATA}mobileAppContentFile`,
      id,
      name: b.name,
      size: b.size,
      sizeEncrypted: b.sizeEncrypted,
      manifest: null,
      isDependency: false,
      isCommitted: false,
      createdDateTime: new Date().toISOString(),
      azureStorageUri: null,
      azureStorageUriExpirationDateTime: null,
      uploadState: 'azureStorageUriRequestPending',
      polls: 0,
    };
    version.files.set(id, file);
    reply(201, visible(file));
  }

  /** The file as Graph shows it (without the stand-in's own counters). */
  const visible = (file: Obj) => Object.fromEntries(Object.entries(file).filter(([k]) => k !== 'polls'));

  function getFile(appId: string, versionId: string, fileId: string, reply: Reply) {
    const file = store.contentVersions.get(appId)?.get(versionId)?.files.get(fileId);
    if (!file) return notFound(reply);
    // Each pending state holds for one poll, as Intune's take a moment.
    if (file.polls++ >= 1) {
      if (file.uploadState === 'azureStorageUriRequestPending') {
        file.uploadState = 'azureStorageUriRequestSuccess';
        file.azureStorageUri = `${base}/blob/tetra-content/${fileId}.intunewin.bin?sv=2020-10-02&st=2026-01-01T00%3A00%3A00Z&se=2099-01-01T00%3A00%3A00Z&sr=b&sp=rcw&sig=${encodeURIComponent(SAS_SIG)}`;
        file.azureStorageUriExpirationDateTime = new Date(Date.now() + 3_600_000).toISOString();
        file.polls = 0;
      } else if (file.uploadState === 'commitFilePending') {
        file.uploadState = options.commitEndsIn ?? 'commitFileSuccess';
        file.isCommitted = file.uploadState === 'commitFileSuccess';
        file.polls = 0;
      }
    }
    reply(200, visible(file));
  }

  function commitFile(appId: string, versionId: string, fileId: string, b: Obj, reply: Reply) {
    const file = store.contentVersions.get(appId)?.get(versionId)?.files.get(fileId);
    if (!file) return notFound(reply);
    const info = b.fileEncryptionInfo ?? {};
    const problems = [
      'encryptionKey',
      'macKey',
      'initializationVector',
      'mac',
      'profileIdentifier',
      'fileDigest',
      'fileDigestAlgorithm',
    ].filter((k) => typeof info[k] !== 'string' || info[k] === '');
    if (info.profileIdentifier !== 'ProfileVersion1') problems.push('profileIdentifier');
    if (info.fileDigestAlgorithm !== 'SHA256') problems.push('fileDigestAlgorithm');
    if (file.uploadState !== 'azureStorageUriRequestSuccess') problems.push(`uploadState ${file.uploadState}`);
    const uploaded = store.blobs.get(new URL(file.azureStorageUri ?? `${base}/none`).pathname)?.committed;
    if (!uploaded) problems.push('no blob committed with Put Block List');
    else {
      if (uploaded.length !== file.sizeEncrypted) problems.push('blob size is not sizeEncrypted');
      // Intune checks the content against the encryption info: HMAC-SHA256(macKey, IV || ciphertext) is the mac.
      const mac = createHmac('sha256', Buffer.from(info.macKey ?? '', 'base64'))
        .update(uploaded.subarray(32))
        .digest();
      if (!mac.equals(uploaded.subarray(0, 32)) || mac.toString('base64') !== info.mac)
        problems.push('mac does not match the upload');
    }
    if (problems.length) return bad(reply, `POST commit: ${problems.join(', ')}`);
    file.uploadState = 'commitFilePending';
    file.polls = 0;
    file.fileEncryptionInfo = info;
    reply(200, null);
  }

  function blob(req: http.IncomingMessage, url: URL, raw: Buffer, reply: Reply) {
    const sasOk = url.searchParams.get('sig') === SAS_SIG && url.searchParams.get('sp') === 'rcw';
    if (!sasOk) {
      violations.push(`blob ${req.method} without the SAS signature`);
      return reply(
        403,
        '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message></Error>',
      );
    }
    if (req.method !== 'PUT') return bad(reply, `blob ${req.method}`);
    if (!req.headers['x-ms-version']) violations.push('blob PUT without x-ms-version');
    if (Number(req.headers['content-length']) !== raw.length) violations.push('blob PUT content-length');
    const entry = store.blobs.get(url.pathname) ?? {
      blocks: new Map<string, Buffer>(),
      committed: null,
      blockPuts: [] as string[],
    };
    store.blobs.set(url.pathname, entry);
    const headers = { 'x-ms-request-id': randomUUID(), 'x-ms-version': '2020-10-02' };
    if (url.searchParams.get('comp') === 'block') {
      const id = url.searchParams.get('blockid') ?? '';
      if (!/^[A-Za-z0-9+/]+=*$/.test(id)) return bad(reply, 'Put Block: blockid is not base64');
      const sameLength = [...entry.blocks.keys()].every((k) => k.length === id.length);
      if (!sameLength) return bad(reply, 'Put Block: block ids of different lengths');
      entry.blocks.set(id, raw);
      entry.blockPuts.push(id);
      return reply(201, null, headers);
    }
    if (url.searchParams.get('comp') === 'blocklist') {
      const ids = [...raw.toString('utf8').matchAll(/<Latest>([^<]+)<\/Latest>/g)].map((m) => m[1]);
      if (!/^<\?xml[^>]*\?><BlockList>/.test(raw.toString('utf8')) || ids.length === 0)
        return bad(reply, 'Put Block List: not a BlockList');
      const missing = ids.filter((id) => !entry.blocks.has(id));
      if (missing.length)
        return reply(
          400,
          '<?xml version="1.0" encoding="utf-8"?><Error><Code>InvalidBlockList</Code><Message>The specified block list is invalid.</Message></Error>',
        );
      entry.committed = Buffer.concat(ids.map((id) => entry.blocks.get(id)!));
      return reply(201, null, headers);
    }
    bad(reply, 'blob PUT without comp=block or comp=blocklist');
  }

  function scriptProblems(b: Obj, creating: boolean): string[] {
    const problems: string[] = [];
    const need = (ok: boolean, what: string) => ok || problems.push(what);
    need(b['@odata.type'] === `${ODATA}deviceHealthScript`, '@odata.type');
    if (!creating && !('detectionScriptContent' in b)) return problems;
    for (const field of ['displayName', 'description', 'publisher'])
      need(typeof b[field] === 'string' && b[field] !== '', field);
    for (const field of ['detectionScriptContent', 'remediationScriptContent'])
      need(
        typeof b[field] === 'string' &&
          Buffer.from(b[field], 'base64').toString('base64') === b[field] &&
          b[field] !== '',
        `${field} (base64)`,
      );
    need(b.runAsAccount === 'system', 'runAsAccount');
    need(b.runAs32Bit === false, 'runAs32Bit');
    need(typeof b.enforceSignatureCheck === 'boolean', 'enforceSignatureCheck');
    return problems;
  }

  function createScript(b: Obj, reply: Reply) {
    const problems = scriptProblems(b, true);
    if (problems.length) return bad(reply, `POST deviceHealthScripts: ${problems.join(', ')}`);
    const id = randomUUID();
    const script = {
      ...b,
      id,
      createdDateTime: new Date().toISOString(),
      lastModifiedDateTime: new Date().toISOString(),
      isGlobalScript: false,
      highestAvailableVersion: null,
      roleScopeTagIds: ['0'],
    };
    store.scripts.set(id, script);
    reply(201, script);
  }

  function patchScript(id: string, b: Obj, reply: Reply) {
    const script = store.scripts.get(id);
    if (!script) return notFound(reply);
    const problems = scriptProblems(b, false);
    if (problems.length) return bad(reply, `PATCH deviceHealthScripts/${id}: ${problems.join(', ')}`);
    Object.assign(script, b, { lastModifiedDateTime: new Date().toISOString() });
    reply(204, null);
  }

  function checkAppAssignment(b: Obj): string[] {
    const problems: string[] = [];
    if (b['@odata.type'] !== `${ODATA}mobileAppAssignment`) problems.push('@odata.type');
    if (b.intent !== 'required') problems.push('intent');
    if (b.target?.['@odata.type'] !== `${ODATA}groupAssignmentTarget` || b.target?.groupId !== GROUP_ID)
      problems.push('target');
    if (b.settings && b.settings['@odata.type'] !== `${ODATA}win32LobAppAssignmentSettings`) problems.push('settings');
    return problems;
  }

  function checkScriptAssignment(b: Obj): string[] {
    const problems: string[] = [];
    if (b['@odata.type'] !== `${ODATA}deviceHealthScriptAssignment`) problems.push('@odata.type');
    if (b.target?.['@odata.type'] !== `${ODATA}groupAssignmentTarget` || b.target?.groupId !== GROUP_ID)
      problems.push('target');
    if (b.runRemediationScript !== true) problems.push('runRemediationScript');
    const s = b.runSchedule ?? {};
    const hourly = s['@odata.type'] === `${ODATA}deviceHealthScriptHourlySchedule` && Number.isInteger(s.interval);
    const daily =
      s['@odata.type'] === `${ODATA}deviceHealthScriptDailySchedule` &&
      Number.isInteger(s.interval) &&
      typeof s.useUtc === 'boolean' &&
      /^\d\d:\d\d:\d\d/.test(s.time ?? '');
    if (!hourly && !daily) problems.push('runSchedule');
    return problems;
  }

  function createAssignment(
    all: Map<string, Obj[]>,
    ownerId: string,
    b: Obj,
    check: (b: Obj) => string[],
    reply: Reply,
  ) {
    if (!store.apps.has(ownerId) && !store.scripts.has(ownerId)) return notFound(reply);
    const problems = check(b);
    if (problems.length) return bad(reply, `POST assignments: ${problems.join(', ')}`);
    const list = all.get(ownerId) ?? [];
    all.set(ownerId, list);
    const assignment = { ...b, id: `${ownerId}_${randomUUID()}` };
    list.push(assignment);
    reply(201, assignment);
  }

  function patchAssignment(
    all: Map<string, Obj[]>,
    ownerId: string,
    id: string,
    b: Obj,
    check: (b: Obj) => string[],
    reply: Reply,
  ) {
    const assignment = (all.get(ownerId) ?? []).find((a) => a.id === id);
    if (!assignment) return notFound(reply);
    const problems = check(b);
    if (problems.length) return bad(reply, `PATCH assignments: ${problems.join(', ')}`);
    Object.assign(assignment, b);
    reply(204, null);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    caFile,
    env: {
      TETRA_AZURE_TENANT_ID: TENANT,
      TETRA_AZURE_CLIENT_ID: CLIENT_ID,
      TETRA_AZURE_CLIENT_SECRET: 's3cr3t-V4lue~never-print-me',
      NODE_EXTRA_CA_CERTS: caFile,
    },
    args: ['--graph-url', `${base}/beta`, '--login-url', base, '--group-id', GROUP_ID, '--poll-ms', '20'],
    log,
    violations,
    store,
    faults,
    tokensIssued: () => entra.tokensIssued,
    grants: () => entra.grants,
    tokens: () => [...entra.issued],
    writes: () => log.filter((e) => e.method !== 'GET' && !/\/oauth2\/v2\.0\/token(\?|$)/.test(e.path)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
