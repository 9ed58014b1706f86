// The v3 token exchange against a local HTTPS stand-in for Cisco XDR's token endpoint and the Secure Endpoint API:
// `tetra-doctor policy` with only TETRA_SE_XDR_CLIENT_ID/PASSWORD gets its own token and fetches the policies over v3;
// each step's failure (wrong password, 403 at the exchange, no token, no connection, a timeout) is a clear error that
// names the step; an expired token is re-exchanged once; no password or token is ever printed or saved, in any form.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { promptLimit, runCli } from '../helpers/cli';
import {
  exchangedTokenN,
  ORG,
  SE_BEARER,
  startConsoleServer,
  XDR_CLIENT_ID,
  XDR_PASSWORD,
  xdrTokenN,
  type ApiPolicy,
  type ConsoleServer,
} from '../helpers/consoleServer';
import { tempDir } from '../helpers/fleetData';
import { closedPort, startBlackHole } from '../helpers/servers';

const PROXY_PASSWORD = 'Pr0xy-pa55word-never-print';

function policyXml(name: string, uuid: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignatureValue>c2ln</SignatureValue><Object Id="Policy"><config>
<janus><policy><uuid>${uuid}</uuid><name>${name}</name><serial_number>5</serial_number></policy></janus>
<agent><scansettings><tetra><enable>1</enable><updater><enable>1</enable><server>tetra-defs.eu.amp.cisco.com</server><interval>3600</interval></updater></tetra></scansettings></agent>
<proxy><server>proxy.corp.example</server><port>3128</port><username>svc-amp</username><password>${PROXY_PASSWORD}</password></proxy>
</config></Object></Signature>
`;
}

const policy = (n: number, name: string, product = 'windows'): ApiPolicy => {
  const guid = `22222222-aaaa-4bbb-8ccc-00000000000${n}`;
  return { guid, name, product, serial_number: 5, xml: policyXml(name, guid) };
};
const POLICIES = [policy(1, 'Protect'), policy(2, 'Mac', 'mac'), policy(3, 'Servers')];

/** Every form a secret of this file can take in text: plain, URL-encoded, JSON-escaped, and the Basic header's. */
const SECRET_FORMS = [
  XDR_PASSWORD,
  encodeURIComponent(XDR_PASSWORD),
  Buffer.from(`${XDR_CLIENT_ID}:${XDR_PASSWORD}`).toString('base64'),
  Buffer.from(`${XDR_CLIENT_ID}:${XDR_PASSWORD}-old`).toString('base64'),
  ...[1, 2, 3].flatMap((n) => [xdrTokenN(n), exchangedTokenN(n)]),
  SE_BEARER,
];

/** What a run left anywhere: stdout, stderr and every file saved to its folder. */
function everythingFrom(run: { stdout: string; stderr: string }, folder?: string): string {
  const files = folder ? readdirSync(folder).map((f) => readFileSync(path.join(folder, f), 'utf8')) : [];
  return [run.stdout, run.stderr, ...files].join('\n');
}

const secretsIn = (text: string) => SECRET_FORMS.filter((s) => text.includes(s));

/** The requests that reached the stand-in, as METHOD path, queries dropped. */
const requests = (api: ConsoleServer) => api.log.map((e) => `${e.method} ${e.path.split('?')[0]}`);

async function policyRun(api: ConsoleServer, t: Test, env: NodeJS.ProcessEnv = {}, extra: string[] = []) {
  const out = tempDir(t);
  // A test that names its own token URL replaces the stand-in's (the option is given once).
  const args = extra.includes('--xdr-token-url') ? api.args : api.xdrArgs;
  const run = await runCli(['policy', ...args, '--out', out, '--format', 'json', ...extra], {
    env: { ...api.xdrEnv, ...env },
  });
  return { run, out };
}

t.test('with only the XDR API client, policy runs the exchange once and fetches every policy over v3', async (t) => {
  const api = await startConsoleServer({ computers: [], policies: POLICIES, v3PerPage: 2 });
  t.teardown(api.close);
  const { run, out } = await policyRun(api, t);
  t.equal(run.code, 0, run.stdout + run.stderr);
  t.equal(run.stderr, '');
  t.equal(run.json.via, 'v3');
  t.same(
    run.json.policies.map((p: { name: string; error: string | null }) => [p.name, p.error]),
    [
      ['Protect', null],
      ['Servers', null],
    ],
    'the Windows policies of both v3 pages',
  );
  t.same(requests(api), [
    'POST /iroh/oauth2/token',
    'POST /v3/access_tokens',
    'GET /v3/organizations',
    `GET /v3/organizations/${ORG.organizationIdentifier}/policies`,
    `GET /v3/organizations/${ORG.organizationIdentifier}/policies`,
    `GET /v3/organizations/${ORG.organizationIdentifier}/policies/${POLICIES[0].guid}/xml`,
    `GET /v3/organizations/${ORG.organizationIdentifier}/policies/${POLICIES[2].guid}/xml`,
  ]);
  t.ok(
    api.log.slice(2).every((e) => e.auth === `Bearer ${exchangedTokenN(1)}`),
    'every v3 call carries the exchanged Secure Endpoint token, never the XDR token',
  );
  t.equal(api.log[1].auth, `Bearer ${xdrTokenN(1)}`, 'the exchange carries the XDR token');
  t.equal(readFileSync(path.join(out, `Protect-${POLICIES[0].guid}.xml`), 'utf8'), POLICIES[0].xml);
  t.same(secretsIn(everythingFrom(run, out)), []);
});

t.test('the XDR pair works from a credentials file; a ready TETRA_SE_BEARER_TOKEN wins over it', async (t) => {
  const api = await startConsoleServer({ computers: [], policies: POLICIES.slice(0, 1) });
  t.teardown(api.close);
  const file = path.join(tempDir(t), 'se.env');
  writeFileSync(file, `TETRA_SE_XDR_CLIENT_ID=${XDR_CLIENT_ID}\nTETRA_SE_XDR_CLIENT_PASSWORD="${XDR_PASSWORD}"\n`, {
    mode: 0o600,
  });
  const blank = { TETRA_SE_XDR_CLIENT_ID: '', TETRA_SE_XDR_CLIENT_PASSWORD: '' };
  const fromFile = await policyRun(api, t, blank, ['--credentials-file', file]);
  t.equal(fromFile.run.code, 0, fromFile.run.stdout);
  t.equal(requests(api)[0], 'POST /iroh/oauth2/token');
  api.log.length = 0;
  const ready = await policyRun(api, t, { TETRA_SE_BEARER_TOKEN: SE_BEARER });
  t.equal(ready.run.code, 0, ready.run.stdout);
  t.notOk(
    requests(api).some((r) => r.startsWith('POST')),
    'no exchange when a ready token is given',
  );
  t.same(secretsIn(everythingFrom(fromFile.run, fromFile.out) + everythingFrom(ready.run, ready.out)), []);
});

t.test('an error body that echoes the exchanged token and the password is scrubbed of both', async (t) => {
  const api = await startConsoleServer({ computers: [], policies: POLICIES.slice(0, 1), echoAuthOnV3Xml: 'plain' });
  t.teardown(api.close);
  const { run, out } = await policyRun(api, t);
  t.equal(run.code, 4);
  t.match(run.json.policies[0].error, /HTTP 404: No policy for Bearer \*\*\* \(client [^ ]+:\*\*\*\)/);
  t.same(secretsIn(everythingFrom(run, out)), []);

  const cut = await startConsoleServer({ computers: [], policies: POLICIES.slice(0, 1), echoAuthOnV3Xml: 'cut' });
  t.teardown(cut.close);
  const shortened = await policyRun(cut, t);
  t.equal(shortened.run.code, 4);
  t.match(shortened.run.json.policies[0].error, /-{100} Bearer \*\*\*/);
  t.notOk(
    everythingFrom(shortened.run, shortened.out).includes('eyJ.se-exch'),
    'not even the start of a token that the cut of a long description would leave unrecognisable',
  );
});

t.test('a wrong client password fails at the XDR step and says which variables to check', async (t) => {
  const api = await startConsoleServer({ computers: [], policies: POLICIES });
  t.teardown(api.close);
  const { run, out } = await policyRun(api, t, { TETRA_SE_XDR_CLIENT_PASSWORD: `${XDR_PASSWORD}-old` });
  t.equal(run.code, 4);
  t.match(
    run.json.error,
    /^v3 token exchange, step 1 \(Cisco XDR token\): POST \/iroh\/oauth2\/token: HTTP 401: the XDR API client ID and password were refused \(check TETRA_SE_XDR_CLIENT_ID and TETRA_SE_XDR_CLIENT_PASSWORD/,
  );
  t.match(run.stderr, /^tetra-doctor policy: v3 token exchange, step 1/);
  t.same(requests(api), ['POST /iroh/oauth2/token'], 'nothing after the refused step');
  t.notMatch(run.stdout, /unknown client/, "the server's own text (which echoes the header) is not shown");
  t.same(
    secretsIn(everythingFrom(run, out)),
    [],
    'neither the wrong password (it starts with the right one) nor its header',
  );
});

t.test('a 403 at the exchange names step 2 and the permission it needs; the XDR token is not shown', async (t) => {
  const api = await startConsoleServer({ computers: [], policies: POLICIES, exchangeForbidden: true });
  t.teardown(api.close);
  const { run, out } = await policyRun(api, t);
  t.equal(run.code, 4);
  t.match(
    run.json.error,
    /^v3 token exchange, step 2 \(Secure Endpoint token\): POST \/v3\/access_tokens: HTTP 403: the API client lacks a permission; the exchange needs an API client of a Cisco XDR \/ Secure Client Cloud Management integrated with this Secure Endpoint organization, made by a user who may read Secure Endpoint/,
  );
  t.same(requests(api), ['POST /iroh/oauth2/token', 'POST /v3/access_tokens']);
  t.same(secretsIn(everythingFrom(run, out)), []);
});

t.test('an expired token is re-exchanged once on a 401; a second 401 is an error, not a loop', async (t) => {
  const api = await startConsoleServer({ computers: [], policies: POLICIES, firstTokenExpiresAfter: 2 });
  t.teardown(api.close);
  const { run, out } = await policyRun(api, t);
  t.equal(run.code, 0, run.stdout);
  t.same(requests(api), [
    'POST /iroh/oauth2/token',
    'POST /v3/access_tokens',
    'GET /v3/organizations',
    `GET /v3/organizations/${ORG.organizationIdentifier}/policies`,
    `GET /v3/organizations/${ORG.organizationIdentifier}/policies/${POLICIES[0].guid}/xml`,
    'POST /iroh/oauth2/token',
    'POST /v3/access_tokens',
    `GET /v3/organizations/${ORG.organizationIdentifier}/policies/${POLICIES[0].guid}/xml`,
    `GET /v3/organizations/${ORG.organizationIdentifier}/policies/${POLICIES[2].guid}/xml`,
  ]);
  t.equal(api.log[4].status, 401);
  t.equal(api.log.at(-1)!.auth, `Bearer ${exchangedTokenN(2)}`, 'the fresh token is used from then on');
  t.same(secretsIn(everythingFrom(run, out)), []);

  const never = await startConsoleServer({ computers: [], policies: POLICIES, everyTokenExpiresAfter: 0 });
  t.teardown(never.close);
  const refused = await policyRun(never, t);
  t.equal(refused.run.code, 4);
  t.match(
    refused.run.json.error,
    /GET \/v3\/organizations: HTTP 401: the Secure Endpoint token from the v3 token exchange was refused even after a fresh exchange/,
  );
  t.equal(requests(never).filter((r) => r === 'POST /v3/access_tokens').length, 2, 'two exchanges at most');
  t.same(secretsIn(everythingFrom(refused.run, refused.out)), []);
});

/** policy against a stand-in whose XDR token endpoint answers 200 with `xdrAnswer`: the run fails (exit 4). */
async function xdrAnswered(t: Test, xdrAnswer: string) {
  const api = await startConsoleServer({ computers: [], policies: POLICIES, xdrAnswer });
  t.teardown(api.close);
  const { run, out } = await policyRun(api, t);
  t.equal(run.code, 4);
  return { api, run, out, error: run.json.error as string };
}

t.test('an answer without a token, or no answer at all, is a clear error naming the step', async (t) => {
  const html = await xdrAnswered(t, '<html>login</html>');
  t.match(
    html.error,
    /^v3 token exchange, step 1 \(Cisco XDR token\): POST \/iroh\/oauth2\/token: the answer is not JSON$/,
  );

  const empty = await xdrAnswered(t, '{"token_type":"bearer"}');
  t.match(empty.error, /step 1 \(Cisco XDR token\): POST \/iroh\/oauth2\/token: the answer holds no access_token$/);

  const crlf = await xdrAnswered(t, JSON.stringify({ access_token: 'eyJ.x\r\nX-Injected: 1', token_type: 'bearer' }));
  t.match(crlf.error, /step 1 \(Cisco XDR token\): POST \/iroh\/oauth2\/token: the answer holds no access_token$/);
  t.same(requests(crlf.api), ['POST /iroh/oauth2/token'], 'a token that would break a header is never sent');

  const big = await xdrAnswered(t, `"${'x'.repeat(100_000)}"`);
  t.match(big.error, /step 1 \(Cisco XDR token\): POST \/iroh\/oauth2\/token: an answer larger than 65536 bytes$/);

  const api = await startConsoleServer({ computers: [], policies: POLICIES });
  t.teardown(api.close);
  const refusedUrl = `https://127.0.0.1:${await closedPort()}/iroh/oauth2/token`;
  const closed = await policyRun(api, t, {}, ['--xdr-token-url', refusedUrl]);
  t.equal(closed.run.code, 4);
  t.match(
    closed.run.json.error,
    /^v3 token exchange, step 1 \(Cisco XDR token\): POST 127\.0\.0\.1:\d+\/iroh\/oauth2\/token: ECONNREFUSED$/,
  );

  const hole = await startBlackHole();
  t.teardown(hole.close);
  const started = Date.now();
  const silent = await policyRun(api, t, {}, [
    '--xdr-token-url',
    `${hole.url}iroh/oauth2/token`,
    '--console-timeout-ms',
    '500',
  ]);
  t.equal(silent.run.code, 4);
  t.match(silent.run.json.error, /step 1 \(Cisco XDR token\): POST 127\.0\.0\.1:\d+\/iroh\/oauth2\/token: timed out$/);
  const tookMs = Date.now() - started;
  const limit = await promptLimit(10_000, 60_000);
  t.ok(tookMs < limit, `bounded by --console-timeout-ms (${tookMs} ms, limit ${limit} ms)`);
  t.same(secretsIn([html, empty, closed, silent].map((r) => everythingFrom(r.run, r.out)).join('\n')), []);
  t.notMatch([html, empty, closed, silent].map((r) => r.run.stderr).join(''), /\n\s+at /, 'no stack trace');
});

t.test('usage errors: a Private Cloud console has no XDR; half a pair; a token URL that is not https', async (t) => {
  const api = await startConsoleServer({ computers: [], policies: POLICIES });
  t.teardown(api.close);
  const dir = tempDir(t);
  const privateCloud = await runCli(['policy', ...api.args, '--out', dir], { env: api.xdrEnv });
  t.equal(privateCloud.code, 2);
  t.match(
    privateCloud.stderr,
    /TETRA_SE_XDR_CLIENT_ID and TETRA_SE_XDR_CLIENT_PASSWORD are for the Secure Endpoint cloud: a Private Cloud console \(--console-url\) has no Cisco XDR/,
  );
  const half = await runCli(['policy', ...api.xdrArgs, '--out', dir], {
    env: { ...api.xdrEnv, TETRA_SE_XDR_CLIENT_PASSWORD: '' },
  });
  t.equal(half.code, 2);
  t.match(
    half.stderr,
    /set both TETRA_SE_XDR_CLIENT_ID and TETRA_SE_XDR_CLIENT_PASSWORD \(only TETRA_SE_XDR_CLIENT_ID is set\)/,
  );
  const plain = await runCli(
    ['policy', ...api.args, '--xdr-token-url', 'http://127.0.0.1:1/iroh/oauth2/token', '--out', dir],
    { env: api.xdrEnv },
  );
  t.equal(plain.code, 2);
  t.match(plain.stderr, /--xdr-token-url must be an https URL/);
  t.equal(api.log.length, 0, 'no request for a usage error');
  t.same(secretsIn(privateCloud.stderr + half.stderr + plain.stderr), []);
});
