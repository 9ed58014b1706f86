// `intune deploy` against the Azure stand-in (test/helpers/intuneServer.ts): Entra ID, Graph and Blob Storage on
// 127.0.0.1 over HTTPS with a private CA, which the CLI (a child process) trusts through NODE_EXTRA_CA_CERTS. The
// stand-in checks every request; each test also asserts that none failed those checks.
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { runCli, type CliRun } from '../helpers/cli';
import { appCertificate, CLIENT_SECRET, IDENTITY_HEADER, MANAGED_IDENTITY_PATH } from '../helpers/entraStandIn';
import { GROUP_ID, SAS_SIG, startIntuneServer, type Fault, type IntuneServer } from '../helpers/intuneServer';
import { makeRelease, type ReleaseFolder } from '../helpers/releaseFolder';
import { wireForms } from '../helpers/secretForms';
import { tempDir } from '../helpers/fleetData';

const BLOCK = 65_536;

function deploy(server: IntuneServer, release: ReleaseFolder, more: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return runCli(
    ['intune', 'deploy', '--release', release.dir, ...server.args, '--block-bytes', String(BLOCK), ...more],
    {
      env: { ...server.env, ...env },
      timeoutMs: 90_000,
      now: null,
    },
  );
}

const onlyApp = (server: IntuneServer) => [...server.store.apps.values()];
const onlyScript = (server: IntuneServer) => [...server.store.scripts.values()];

/** The content Intune serves for the app: its committed content version's file, as Put Block List assembled it. */
function committedContent(server: IntuneServer): Buffer | null {
  const [app] = onlyApp(server);
  const version = server.store.contentVersions.get(app.id)?.get(app.committedContentVersion);
  const [file] = [...(version?.files.values() ?? [])];
  if (!file?.isCommitted) return null;
  return server.store.blobs.get(new URL(file.azureStorageUri).pathname)?.committed ?? null;
}

/** Checks that the tenant holds the release as a finished deploy leaves it. */
function holdsRelease(t: Test, server: IntuneServer, release: ReleaseFolder, schedule = { interval: 8 }) {
  const apps = onlyApp(server);
  const scripts = onlyScript(server);
  t.equal(apps.length, 1, 'one app');
  t.equal(scripts.length, 1, 'one Remediation');
  const [app] = apps;
  const [script] = scripts;
  t.ok(committedContent(server)?.equals(release.encrypted), 'the committed blob is the exact encrypted package');
  t.equal(app.displayVersion, release.version);
  t.equal(app.rules[0].comparisonValue, `${release.version}.0`, "detection: the exe's file version");
  t.equal(Buffer.from(script.detectionScriptContent, 'base64').toString(), release.detectionScript.toString());
  t.equal(Buffer.from(script.remediationScriptContent, 'base64').toString(), release.remediationScript.toString());
  t.match(server.store.appAssignments.get(app.id), [{ intent: 'required', target: { groupId: GROUP_ID } }]);
  t.equal(server.store.appAssignments.get(app.id)?.length, 1, 'one app assignment');
  t.match(server.store.scriptAssignments.get(script.id), [{ target: { groupId: GROUP_ID }, runSchedule: schedule }]);
  t.equal(server.store.scriptAssignments.get(script.id)?.length, 1, 'one Remediation assignment');
}

t.test(
  'a first deploy creates the app and the Remediation with every field, and the blocks reassemble the package',
  async (t) => {
    const server = await startIntuneServer();
    t.teardown(server.close);
    const release = await makeRelease('0.1.0');
    const run = await deploy(server, release);
    t.equal(run.code, 0, run.stderr);
    t.same(server.violations, [], 'every request passed the stand-in checks');
    holdsRelease(t, server, release);
    const [app] = onlyApp(server);
    t.match(app, {
      displayName: 'tetra-doctor',
      installCommandLine: 'powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\\install.ps1',
      uninstallCommandLine: 'powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\\uninstall.ps1',
      setupFilePath: 'install.ps1',
      applicableArchitectures: 'x64',
      minimumSupportedWindowsRelease: '1809',
      installExperience: { runAsAccount: 'system' },
      rules: [
        {
          ruleType: 'detection',
          path: '%ProgramFiles%\\tetra-doctor',
          fileOrFolderName: 'tetra-doctor.exe',
          check32BitOn64System: false,
          operationType: 'version',
          operator: 'greaterThanOrEqual',
        },
      ],
      committedContentVersion: '1',
    });
    t.match(onlyScript(server)[0], {
      displayName: 'TETRA definitions',
      runAsAccount: 'system',
      runAs32Bit: false,
      enforceSignatureCheck: false,
    });
    const blob = [...server.store.blobs.values()][0];
    t.equal(blob.blockPuts.length, Math.ceil(release.encrypted.length / BLOCK), 'uploaded in blocks');
    t.ok(blob.blockPuts.length > 1, `${blob.blockPuts.length} blocks`);
    t.same(run.json.created, ['app', 'app content', 'remediation', 'app assignment', 'remediation assignment']);
    t.same(run.json.updated, []);
    t.equal(run.json.app.id, app.id);
    t.equal(run.json.remediation.id, onlyScript(server)[0].id);
    t.match(run.stderr, /create the Win32 app[\s\S]*upload the package[\s\S]*commit the upload[\s\S]*done:/);
  },
);

t.test('a second deploy of the same release changes nothing', async (t) => {
  const server = await startIntuneServer();
  t.teardown(server.close);
  const release = await makeRelease('0.1.0');
  t.equal((await deploy(server, release)).code, 0);
  const writes = server.writes().length;
  const again = await deploy(server, release);
  t.equal(again.code, 0, again.stderr);
  t.equal(server.writes().length, writes, 'no write request');
  t.same(again.json.created, []);
  t.same(again.json.updated, []);
  t.same(again.json.unchanged, ['app', 'app content', 'remediation', 'app assignment', 'remediation assignment']);
  t.match(again.stderr, /nothing to change/);
  t.same(server.violations, []);
});

t.test(
  'a new release updates the app, its content and the Remediation in place; a new schedule updates the assignment',
  async (t) => {
    const server = await startIntuneServer();
    t.teardown(server.close);
    const first = await makeRelease('0.1.0');
    t.equal((await deploy(server, first)).code, 0);
    const [appBefore] = onlyApp(server);
    const scriptId = onlyScript(server)[0].id;
    const next = await makeRelease('0.2.0', 'changed detection');
    const run = await deploy(server, next, ['--schedule', 'daily', '--interval', '2', '--time', '03:30']);
    t.equal(run.code, 0, run.stderr);
    t.same(server.violations, []);
    holdsRelease(t, server, next, {
      '@odata.type': '#microsoft.graph.deviceHealthScriptDailySchedule',
      interval: 2,
      time: '03:30:00.0000000',
    } as never);
    t.equal(onlyApp(server)[0].id, appBefore.id, 'the same app');
    t.equal(onlyScript(server)[0].id, scriptId, 'the same Remediation');
    t.equal(onlyApp(server)[0].committedContentVersion, '2');
    t.same(run.json.created, []);
    t.same(run.json.updated, ['app', 'app content', 'remediation', 'remediation assignment']);
    t.same(run.json.unchanged, ['app assignment']);
  },
);

t.test('--dry-run prints the plan and makes no write request', async (t) => {
  const server = await startIntuneServer();
  t.teardown(server.close);
  const release = await makeRelease('0.1.0');
  const empty = await deploy(server, release, ['--dry-run']);
  t.equal(empty.code, 0, empty.stderr);
  t.same(server.writes(), [], 'nothing written to an empty tenant');
  t.equal(empty.json.dryRun, true);
  t.same(empty.json.plan, [
    'create the Win32 app',
    'upload and commit the package',
    'assign the app to the group',
    'create the Remediation',
    'assign the Remediation to the group',
  ]);
  t.equal((await deploy(server, release)).code, 0);
  const writes = server.writes().length;
  const next = await deploy(server, await makeRelease('0.3.0', 'new'), ['--dry-run', '--schedule', 'daily']);
  t.equal(next.code, 0, next.stderr);
  t.equal(server.writes().length, writes, 'nothing written to a tenant that holds an older release');
  t.same(next.json.plan, [
    'update the Win32 app',
    'upload and commit the package',
    'update the Remediation',
    'update the remediation assignment',
  ]);
  t.same(server.violations, []);
});

const APP = '/deviceAppManagement/mobileApps';
const STEP_FAULTS: Array<[string, Fault]> = [
  ['create the Win32 app', { method: 'POST', path: /^\/deviceAppManagement\/mobileApps$/, status: 500 }],
  ['create a content version', { method: 'POST', path: /\/contentVersions$/, status: 500 }],
  ['create the content file', { method: 'POST', path: /\/files$/, status: 500 }],
  ['wait for the Azure Storage upload URI', { method: 'GET', path: /\/files\/[^/]+$/, status: 500 }],
  ['upload the package', { method: 'PUT', path: /comp=block&/, status: 500, nth: 2, times: 4 }],
  ['upload the package', { method: 'PUT', path: /comp=blocklist/, status: 500, times: 4 }],
  ['commit the upload', { method: 'POST', path: /\/commit$/, status: 500 }],
  ['wait for the commit', { method: 'GET', path: /\/files\/[^/]+$/, status: 500, nth: 3 }],
  [
    'set the committed content version',
    { method: 'PATCH', path: /^\/deviceAppManagement\/mobileApps\/[^/]+$/, status: 500 },
  ],
  ['create the Remediation', { method: 'POST', path: /^\/deviceManagement\/deviceHealthScripts$/, status: 500 }],
  ['assign the app to the group', { method: 'POST', path: new RegExp(`^${APP}/[^/]+/assignments$`), status: 500 }],
  [
    'assign the remediation to the group',
    { method: 'POST', path: /deviceHealthScripts\/[^/]+\/assignments$/, status: 500 },
  ],
];

t.test('a failure at each step names the step and what exists; a rerun finishes the job', async (t) => {
  const release = await makeRelease('0.1.0');
  for (const [step, fault] of STEP_FAULTS) {
    await t.test(step, async (t) => {
      // Graph's 500 is retried by nobody but the blob's block: a fault that lasts longer than the retries fails.
      const server = await startIntuneServer({
        faults: [
          {
            ...fault,
            status: fault.method === 'PUT' ? 500 : 400,
            body: { error: { code: 'BadRequest', message: 'stand-in fault' } },
          },
        ],
      });
      t.teardown(server.close);
      const failed = await deploy(server, release);
      t.equal(failed.code, 4, 'the deploy failed');
      t.match(failed.json.error, { step: new RegExp(`^${step}`) });
      t.match(failed.stderr, new RegExp(`FAILED at step "${step}`));
      t.match(failed.stderr, /Run the same command again to resume/);
      const existing = failed.json.error.existing as string[];
      if (server.store.apps.size)
        t.ok(
          existing.some((e) => e.includes(onlyApp(server)[0].id)),
          `lists the app: ${existing}`,
        );
      if (server.store.scripts.size)
        t.ok(
          existing.some((e) => e.includes(onlyScript(server)[0].id)),
          'lists the Remediation',
        );
      const rerun = await deploy(server, release);
      t.equal(rerun.code, 0, rerun.stderr);
      holdsRelease(t, server, release);
      t.same(
        server.violations.filter((v) => !v.includes('stand-in fault')),
        [],
      );
    });
  }
});

t.test('403 names the Graph permission the app registration lacks', async (t) => {
  const release = await makeRelease('0.1.0');
  const cases: Array<[Fault, string]> = [
    [{ method: 'GET', path: /^\/groups\//, status: 403 }, 'Group.Read.All'],
    [
      { method: 'GET', path: /^\/deviceAppManagement\/mobileApps\?/, status: 403 },
      'DeviceManagementApps.ReadWrite.All',
    ],
    [
      { method: 'POST', path: /^\/deviceManagement\/deviceHealthScripts$/, status: 403 },
      'DeviceManagementConfiguration.ReadWrite.All',
    ],
  ];
  for (const [fault, permission] of cases) {
    const server = await startIntuneServer({
      faults: [{ ...fault, times: 99, body: { error: { code: 'Forbidden', message: 'Forbidden' } } }],
    });
    const run = await deploy(server, release);
    await server.close();
    t.equal(run.code, 4);
    t.match(
      run.stderr,
      new RegExp(
        `HTTP 403: Forbidden \\(Forbidden\\): the app registration needs the Microsoft Graph application permission ${permission.replace(/\./g, '\\.')}`,
      ),
    );
    t.match(run.json.error.message, permission);
  }
});

t.test('429 and 503 wait as Retry-After says; a block that fails is sent again alone', async (t) => {
  const server = await startIntuneServer({
    faults: [
      {
        method: 'POST',
        path: /^\/deviceManagement\/deviceHealthScripts$/,
        status: 429,
        headers: { 'retry-after': '1' },
      },
      { method: 'PUT', path: /comp=block&/, status: 503, headers: { 'retry-after': '1' }, nth: 3 },
    ],
  });
  t.teardown(server.close);
  const release = await makeRelease('0.1.0');
  const run = await deploy(server, release);
  t.equal(run.code, 0, run.stderr);
  holdsRelease(t, server, release);
  const posts = server.log.filter((e) => e.method === 'POST' && e.path.endsWith('/deviceHealthScripts'));
  t.same(
    posts.map((e) => e.status),
    [429, 201],
  );
  t.ok(posts[1].at - posts[0].at >= 900, `waited ${posts[1].at - posts[0].at} ms`);
  const blob = [...server.store.blobs.values()][0];
  const third = blob.blockPuts[2];
  const puts = server.log.filter((e) => e.method === 'PUT' && e.path.includes('comp=block&'));
  t.same(puts.map((e) => e.status).slice(0, 4), [201, 201, 503, 201], 'block 3 refused once, then sent again');
  t.ok(puts[3].at - puts[2].at >= 900, 'after Retry-After');
  t.equal(blob.blockPuts.filter((id) => id === third).length, 1, 'each block stored once');
  t.equal(puts.length, blob.blockPuts.length + 1, 'only the refused block went twice');
  t.same(server.violations, []);
});

/** Every form of every secret the run knew, looked for in a text. */
function leaks(text: string, secrets: string[]): string[] {
  return secrets.filter((secret) => wireForms(secret).some((form) => text.includes(form)));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

t.test('no secret, token or SAS signature reaches stdout, stderr or a file, even when Graph echoes them', async (t) => {
  const release = await makeRelease('0.1.0');
  // A hostile or careless Graph that echoes the request back: the token and the SAS URI in an error message.
  const server = await startIntuneServer();
  t.teardown(server.close);
  server.faults.push({
    method: 'POST',
    path: /\/commit$/,
    status: 400,
    times: 1,
    get body() {
      const file = [...[...server.store.contentVersions.values()][0].values()][0].files.values().next().value!;
      return {
        error: {
          code: 'BadRequest',
          message: `bad upload ${file.azureStorageUri} with Bearer ${server.tokens()[0]} client_secret=${CLIENT_SECRET}`,
        },
      };
    },
  } as Fault);
  server.faults.push({ method: 'PUT', path: /comp=block&/, status: 500, nth: 2 });
  const runs: CliRun[] = [await deploy(server, release), await deploy(server, release)];
  t.equal(runs[0].code, 4, 'the echo made the first run fail');
  t.equal(runs[1].code, 0, runs[1].stderr);
  t.match(
    runs[0].stderr,
    /bad upload https:\/\/127\.0\.0\.1:\d+\/blob\/[^ ]+\?\*\*\*/,
    'the echo is shown with its secrets cut',
  );
  const secrets = [CLIENT_SECRET, SAS_SIG, encodeURIComponent(SAS_SIG), ...server.tokens()];
  t.ok(server.tokens().length >= 2, 'each run signed in');
  for (const [i, run] of runs.entries()) {
    t.same(leaks(run.stdout, secrets), [], `run ${i + 1}: stdout`);
    t.same(leaks(run.stderr, secrets), [], `run ${i + 1}: stderr`);
  }
  for (const file of filesUnder(path.dirname(release.dir)))
    t.same(leaks(readFileSync(file, 'latin1'), secrets), [], `no secret in ${path.basename(file)}`);
});

t.test(
  'certificate sign-in from a credentials file works, and the private key stays out of every output',
  async (t) => {
    const cert = await appCertificate();
    const server = await startIntuneServer({ certificatePem: cert.certPem, secretAccepted: false });
    t.teardown(server.close);
    const dir = tempDir(t);
    const pem = path.join(dir, 'app.pem');
    writeFileSync(pem, cert.certPem + cert.keyPem);
    const credentials = path.join(dir, 'azure.env');
    writeFileSync(
      credentials,
      `# the deploy app registration\nTETRA_AZURE_TENANT_ID=contoso-tenant\nTETRA_AZURE_CLIENT_ID="app-client-id"\nTETRA_AZURE_CLIENT_CERTIFICATE_PATH=${pem}\n`,
      { mode: 0o600 },
    );
    const release = await makeRelease('0.1.0');
    const env = { TETRA_AZURE_TENANT_ID: '', TETRA_AZURE_CLIENT_ID: '', TETRA_AZURE_CLIENT_SECRET: '' };
    const run = await deploy(server, release, ['--azure-credentials-file', credentials], env);
    t.equal(run.code, 0, run.stderr);
    t.same(server.grants(), ['certificate'], 'signed in with the certificate');
    holdsRelease(t, server, release);
    const keyBody = cert.keyPem.split('\n').slice(1, -2).join('');
    t.notOk(run.stdout.includes(keyBody.slice(0, 40)) || run.stderr.includes(keyBody.slice(0, 40)));
    t.same(server.violations, []);
  },
);

t.test(
  'an Azure credentials file other users can read is refused, as the console one is, without its values',
  async (t) => {
    const release = await makeRelease('0.1.0');
    const server = await startIntuneServer();
    t.teardown(server.close);
    const dir = tempDir(t);
    const credentials = path.join(dir, 'azure.env');
    writeFileSync(credentials, `TETRA_AZURE_CLIENT_SECRET=${CLIENT_SECRET}\n`, { mode: 0o644 });
    const env = { TETRA_AZURE_CLIENT_SECRET: '' };
    const open = await deploy(server, release, ['--azure-credentials-file', credentials], env);
    t.equal(open.code, 2, open.stderr);
    t.match(open.stderr, /can be read or changed by other users \(mode 0644\): make it readable by its owner only/);
    t.notOk((open.stdout + open.stderr).includes(CLIENT_SECRET), 'the secret is not shown');
    chmodSync(credentials, 0o600);
    const owned = await deploy(server, release, ['--azure-credentials-file', credentials], env);
    t.equal(owned.code, 0, owned.stderr);
  },
);

t.test('a sign-in given two ways, or none, is a usage error naming the variables, never their values', async (t) => {
  const release = await makeRelease('0.1.0');
  const server = await startIntuneServer();
  t.teardown(server.close);
  const both = await deploy(server, release, [], { TETRA_AZURE_CLIENT_CERTIFICATE_PATH: '/nonexistent.pem' });
  t.equal(both.code, 2);
  t.match(
    both.stderr,
    /set one way to sign in, not several \(TETRA_AZURE_CLIENT_SECRET, TETRA_AZURE_CLIENT_CERTIFICATE_PATH are set\)/,
  );
  t.notMatch(both.stderr, CLIENT_SECRET);
  const none = await deploy(server, release, [], { TETRA_AZURE_CLIENT_SECRET: '' });
  t.equal(none.code, 2);
  t.match(none.stderr, /Azure sign-in incomplete: set TETRA_AZURE_CLIENT_SECRET/);
  const noGroup = await runCli(['intune', 'deploy', '--release', release.dir], { env: server.env, now: null });
  t.equal(noGroup.code, 2);
  t.match(noGroup.stderr, /--group-id must be the object id of an Entra ID group/);
  t.same(server.log, [], 'nothing was asked of Graph');
});

t.test(
  'a managed identity (Azure Automation: IDENTITY_ENDPOINT, IDENTITY_HEADER) signs in without any secret',
  async (t) => {
    const server = await startIntuneServer();
    t.teardown(server.close);
    const release = await makeRelease('0.1.0');
    const run = await deploy(server, release, [], {
      TETRA_AZURE_TENANT_ID: '',
      TETRA_AZURE_CLIENT_ID: '',
      TETRA_AZURE_CLIENT_SECRET: '',
      TETRA_AZURE_MANAGED_IDENTITY: 'system',
      IDENTITY_ENDPOINT: `${server.base}${MANAGED_IDENTITY_PATH}`,
      IDENTITY_HEADER,
    });
    t.equal(run.code, 0, run.stderr);
    t.same(server.grants(), ['managed identity']);
    holdsRelease(t, server, release);
    t.same(server.violations, []);
  },
);
