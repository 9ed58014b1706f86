// fleet --graph against a local Graph on 127.0.0.1: token, name lookup, paging, throttling, expired tokens, timeouts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { runCli } from '../helpers/cli';
import { line } from '../helpers/fleetData';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  REMEDIATION,
  startGraphServer,
  TENANT,
  type GraphLogEntry,
} from '../helpers/graphServer';
import { appCertificate } from '../helpers/entraStandIn';

const unhealthy = (host: string) =>
  line({ host, status: 'unhealthy', version: 90100, codes: ['DEFINITIONS_STALE', 'PROXY_AUTH_REJECTED'] });
const healthy = (host: string) => line({ host, status: 'healthy' });
const PAGES = [
  [
    { deviceName: 'PC-P1', pre: healthy('PC-P1') },
    { deviceName: 'PC-P2', pre: unhealthy('PC-P2') },
  ],
  [{ deviceName: 'PC-P3', pre: unhealthy('PC-P3') }],
  [
    { deviceName: 'PC-P4', pre: healthy('PC-P4') },
    { deviceName: 'PC-P5', pre: null, detectionState: 'pending' },
  ],
];

const runStatePaths = (log: GraphLogEntry[]) => log.filter((e) => e.path.includes('/deviceRunStates'));

t.test('looks the remediation up by name, follows every page, waits out a 429 as Retry-After asks', async (t) => {
  const graph = await startGraphServer({ pages: PAGES, throttlePage: { page: 2, retryAfter: '1' } });
  t.teardown(graph.close);
  const run = await runCli(['fleet', ...graph.args, '--remediation-name', REMEDIATION.name, '--format', 'json'], {
    env: graph.env,
  });
  t.equal(run.code, 0, run.stderr);
  t.equal(run.json.endpoints, 4);
  t.same(run.json.status, { healthy: 2, unhealthy: 2, not_applicable: 0, undetermined: 0 });
  t.same(
    run.json.causes.map((c: { code: string; endpoints: number }) => [c.code, c.endpoints]),
    [['PROXY_AUTH_REJECTED', 2]],
  );
  t.match(run.json.inputs.files, [{ path: `graph:${REMEDIATION.name}`, format: 'graph', rows: 5, error: null }]);
  const states = runStatePaths(graph.log);
  t.same(
    states.map((e) => e.status),
    [200, 429, 200, 200],
    'page 2 throttled once, then fetched',
  );
  t.ok(states[2].at - states[1].at >= 900, `retried after Retry-After (${states[2].at - states[1].at} ms)`);
  t.equal(graph.tokensIssued, 1, 'one token for the whole run');
  t.notMatch(run.stdout + run.stderr, CLIENT_SECRET, 'the secret is never printed');
});

t.test('a token refused with 401 is renewed once and the page fetched again', async (t) => {
  const graph = await startGraphServer({ pages: PAGES, revokeTokenAfterPage: 1 });
  t.teardown(graph.close);
  const run = await runCli(['fleet', ...graph.args, '--remediation-id', REMEDIATION.id, '--format', 'json'], {
    env: graph.env,
  });
  t.equal(run.code, 0, run.stderr);
  t.equal(run.json.endpoints, 4);
  t.equal(graph.tokensIssued, 2);
  t.same(
    runStatePaths(graph.log).map((e) => e.status),
    [200, 401, 200, 200],
  );
});

t.test("wrong credentials: exit 4 with Entra's reason, secret not printed", async (t) => {
  const graph = await startGraphServer({ pages: PAGES });
  t.teardown(graph.close);
  const env = { ...graph.env, TETRA_GRAPH_CLIENT_SECRET: 'wrong-secret-value' };
  const run = await runCli(['fleet', ...graph.args, '--remediation-id', REMEDIATION.id, '--format', 'json'], { env });
  t.equal(run.code, 4, 'nothing could be read');
  t.match(
    run.stderr,
    /Graph: token request: (HTTP 401: )?invalid_client \(AADSTS7000215: Invalid client secret provided\.\)/,
  );
  t.notMatch(run.stdout + run.stderr, 'wrong-secret-value');
});

t.test('a page that never answers fails after --timeout-ms, not never', async (t) => {
  const graph = await startGraphServer({ pages: PAGES, hangPage: 2 });
  t.teardown(graph.close);
  const run = await runCli(
    ['fleet', ...graph.args, '--remediation-id', REMEDIATION.id, '--timeout-ms', '800', '--format', 'json'],
    { env: graph.env, timeoutMs: 20_000 },
  );
  t.equal(run.code, 4, 'a failed --graph is not a complete report');
  const partial = await runCli(
    ['fleet', ...graph.args, '--remediation-id', REMEDIATION.id, '--timeout-ms', '800', '--format', 'json'].concat(
      '--allow-partial',
    ),
    { env: graph.env, timeoutMs: 20_000 },
  );
  t.equal(partial.code, 0, 'with --allow-partial, page 1 read before the timeout is the report');
  t.equal(run.json.endpoints, 2);
  t.match(
    run.stderr,
    /Graph: GET 127\.0\.0\.1:\d+\/beta\/deviceManagement\/deviceHealthScripts\/[^ ]+\/deviceRunStates: timed out/,
  );
});

t.test('a nextLink to another host is refused: the token goes only to the Graph named', async (t) => {
  const graph = await startGraphServer({ pages: PAGES, foreignNextLink: true });
  t.teardown(graph.close);
  const run = await runCli(['fleet', ...graph.args, '--remediation-id', REMEDIATION.id, '--format', 'json'], {
    env: graph.env,
  });
  t.match(run.stderr, /refusing @odata.nextLink to another host: http:\/\/graph\.attacker\.invalid/);
  t.equal(run.json.endpoints, 2, 'the first page still counts');
});

t.test('an unknown remediation name is an error, not an empty report', async (t) => {
  const graph = await startGraphServer({ pages: PAGES });
  t.teardown(graph.close);
  const run = await runCli(['fleet', ...graph.args, '--remediation-name', 'nope', '--format', 'json'], {
    env: graph.env,
  });
  t.equal(run.code, 4);
  t.match(run.stderr, /no remediation named "nope"/);
});

t.test('a nextLink that points at its own page stops paging with an error; the page read still counts', async (t) => {
  const graph = await startGraphServer({ pages: PAGES, selfNextLink: true });
  t.teardown(graph.close);
  const run = await runCli(['fleet', ...graph.args, '--remediation-id', REMEDIATION.id, '--format', 'json'], {
    env: graph.env,
    timeoutMs: 20_000,
  });
  t.equal(run.code, 4, 'page 1 counts, and the failure exits 4 (no --allow-partial)');
  // The first URL is ours ($expand only); the page's self link adds its $skiptoken, so it is fetched once more.
  t.match(run.stderr, /nextLink repeats an earlier page after page 2; stopped/);
  t.equal(runStatePaths(graph.log).length, 2, 'the self link is followed once, then recognised');
  t.equal(run.json.endpoints, 2);
});

t.test('paging stops after the page cap even when every nextLink is new', async (t) => {
  const graph = await startGraphServer({ pages: PAGES, endlessPages: true });
  t.teardown(graph.close);
  const base = graph.args[graph.args.indexOf('--graph-url') + 1];
  const login = graph.args[graph.args.indexOf('--login-url') + 1];
  const settings = {
    graphUrl: base,
    loginUrl: login,
    timeoutMs: 5000,
    maxRetries: 1,
    maxRetryAfterMs: 1000,
    maxPages: 7,
  };
  // Its own process (the server answers from this one), trusting the stand-in's CA through NODE_EXTRA_CA_CERTS.
  const child = spawn(process.execPath, ['--import=tsx', path.join(__dirname, '../helpers/pullPages.ts')], {
    env: {
      ...process.env,
      ...graph.env,
      PULL_SETTINGS: JSON.stringify({ ...settings, remediationId: REMEDIATION.id }),
    },
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  await new Promise((resolve) => child.on('exit', resolve));
  const result = JSON.parse(stdout || '{}');
  t.match(result.error, /more than 7 pages; stopped/);
  t.equal(result.pages, 7);
});

t.test(
  'fleet --graph signs in with a certificate from a credentials file, through the shared Azure sign-in',
  async (t) => {
    const cert = await appCertificate();
    const graph = await startGraphServer({ pages: PAGES, certificatePem: cert.certPem, secretAccepted: false });
    t.teardown(graph.close);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-fleet-cert-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'app.pem'), cert.certPem + cert.keyPem);
    writeFileSync(
      path.join(dir, 'azure.env'),
      `TETRA_AZURE_TENANT_ID=${TENANT}\nTETRA_AZURE_CLIENT_ID=${CLIENT_ID}\nTETRA_AZURE_CLIENT_CERTIFICATE_PATH=${path.join(dir, 'app.pem')}\n`,
      { mode: 0o600 },
    );
    const env = { NODE_EXTRA_CA_CERTS: graph.caFile };
    const run = await runCli(
      [
        'fleet',
        ...graph.args,
        '--azure-credentials-file',
        path.join(dir, 'azure.env'),
        '--remediation-id',
        REMEDIATION.id,
        '--format',
        'json',
      ],
      { env },
    );
    t.equal(run.code, 0, run.stderr);
    t.equal(run.json.endpoints, 4, 'every deviceRunStates page read');
    t.same(graph.grants, ['certificate'], 'one token, got with a signed client assertion');
  },
);
