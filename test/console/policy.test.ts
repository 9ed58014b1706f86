// `tetra-doctor policy` against a local Secure Endpoint API over HTTPS with a Private Cloud CA: policies listed,
// each one's XML saved and summarised; 401, 403, an untrusted certificate, v3 with a bearer token; no credential
// and no proxy password ever printed.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { runCli } from '../helpers/cli';
import {
  apiComputer,
  ORG,
  SE_API_KEY,
  SE_BEARER,
  SE_CLIENT_ID,
  startConsoleServer,
  type ApiPolicy,
} from '../helpers/consoleServer';
import { tempDir } from '../helpers/fleetData';

const PASSWORD = 'Pr0xy-pa55word-never-print';

function signedPolicy(o: {
  name: string;
  uuid: string;
  serial: number;
  proxy?: boolean;
  updater?: boolean;
  pac?: string;
  evil?: boolean;
}): string {
  const proxy = o.proxy
    ? `<proxy><server>proxy.corp.example</server><port>3128</port><type>1</type><authtype>2</authtype><username>svc-amp</username><password>${PASSWORD}</password><pacloc>${o.pac ?? ''}</pacloc></proxy>`
    : o.pac
      ? `<proxy><pacloc>${o.pac}</pacloc></proxy>`
      : '';
  const server = o.evil ? 'tetra-defs.amp.cisco.com&#x1b;[2J&#x1b;]0;owned&#x07;' : 'tetra-defs.eu.amp.cisco.com';
  return `<?xml version="1.0" encoding="UTF-8"?>
<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignatureValue>c2ln</SignatureValue><Object Id="Policy"><config>
<janus><policy><uuid>${o.uuid}</uuid><name>${o.name}</name><serial_number>${o.serial}</serial_number></policy></janus>
<agent><scansettings><tetra><enable>1</enable><updater><enable>${o.updater === false ? 0 : 1}</enable><server>${server}</server><interval>3600</interval></updater></tetra></scansettings></agent>
${proxy}</config></Object></Signature>
`;
}

const POLICIES: ApiPolicy[] = [
  {
    guid: '11111111-aaaa-4bbb-8ccc-000000000001',
    name: 'Protect',
    serial_number: 214,
    xml: signedPolicy({ name: 'Protect', uuid: '11111111-aaaa-4bbb-8ccc-000000000001', serial: 214, proxy: true }),
  },
  {
    guid: '11111111-aaaa-4bbb-8ccc-000000000002',
    name: 'Servers / no updates',
    serial_number: 7,
    xml: signedPolicy({
      name: 'Servers / no updates',
      uuid: '11111111-aaaa-4bbb-8ccc-000000000002',
      serial: 7,
      updater: false,
      pac: 'http://wpad.corp.example/proxy.pac',
    }),
  },
  {
    guid: '11111111-aaaa-4bbb-8ccc-000000000003',
    name: 'Mac',
    product: 'mac',
    serial_number: 3,
    xml: signedPolicy({ name: 'Mac', uuid: '11111111-aaaa-4bbb-8ccc-000000000003', serial: 3 }),
  },
];

const secretsIn = (text: string) =>
  [SE_API_KEY, SE_BEARER, PASSWORD, Buffer.from(`${SE_CLIENT_ID}:${SE_API_KEY}`).toString('base64')].filter((s) =>
    text.includes(s),
  );

t.test(
  'lists the Windows policies, saves each XML byte for byte, prints switches, server, interval and proxy, never a password',
  async (t) => {
    const api = await startConsoleServer({ computers: [], policies: POLICIES });
    t.teardown(api.close);
    const out = path.join(tempDir(t), 'policies');
    const run = await runCli(['policy', ...api.args, '--out', out], { env: api.env });
    t.equal(run.code, 0, run.stderr);
    t.equal(run.stderr, '');
    t.same(readdirSync(out).sort(), [
      'Protect-11111111-aaaa-4bbb-8ccc-000000000001.xml',
      'Servers_no_updates-11111111-aaaa-4bbb-8ccc-000000000002.xml',
    ]);
    t.equal(
      readFileSync(path.join(out, 'Protect-11111111-aaaa-4bbb-8ccc-000000000001.xml'), 'utf8'),
      POLICIES[0].xml,
      "the connector's file as the console gave it",
    );
    t.equal(
      statSync(path.join(out, 'Protect-11111111-aaaa-4bbb-8ccc-000000000001.xml')).mode & 0o077,
      0,
      'readable by its owner only (it holds the proxy password)',
    );
    t.match(run.stdout, /Protect \(11111111-aaaa-4bbb-8ccc-000000000001, serial 214\) -> .*Protect-11111111/);
    t.match(run.stdout, /TETRA on, updater on, update server tetra-defs\.eu\.amp\.cisco\.com, interval 3600 s/);
    t.match(
      run.stdout,
      /proxy proxy\.corp\.example:3128, type 1, auth type 2, user svc-amp, password set \(not shown\), PAC -; detect cannot interpret these settings/,
      'numeric type and auth codes are shown as the policy holds them, and said to be beyond detect',
    );
    t.match(
      run.stdout,
      /Servers \/ no updates[\s\S]*TETRA on, updater off[\s\S]*proxy none, PAC http:\/\/wpad\.corp\.example\/proxy\.pac/,
    );
    t.notMatch(run.stdout, /Mac/, 'only Windows policies by default');
    t.same(secretsIn(run.stdout + run.stderr), []);
    t.match(
      api.log.map((e) => e.path),
      [
        '/v1/policies?product[]=windows&limit=500',
        '/v1/policies/11111111-aaaa-4bbb-8ccc-000000000001.xml',
        '/v1/policies/11111111-aaaa-4bbb-8ccc-000000000002.xml',
      ],
    );

    const json = await runCli(['policy', ...api.args, '--out', out, '--format', 'json', '--product', ''], {
      env: api.env,
    });
    t.equal(json.code, 0);
    t.equal(json.json.policies.length, 3);
    t.match(json.json.policies[0], {
      guid: POLICIES[0].guid,
      name: 'Protect',
      serialNumber: 214,
      error: null,
      summary: {
        tetraEnabled: true,
        updaterEnabled: true,
        updateServer: 'tetra-defs.eu.amp.cisco.com',
        updateIntervalSeconds: 3600,
        proxy: {
          host: 'proxy.corp.example',
          port: 3128,
          type: '1',
          authType: '2',
          username: 'svc-amp',
          hasPassword: true,
          interpretedByDetect: false,
        },
      },
    });
    t.same(secretsIn(json.stdout), []);
  },
);

t.test('with a v3 bearer token the XML comes from /v3/organizations/{org}/policies/{guid}/xml', async (t) => {
  const api = await startConsoleServer({ computers: [], policies: POLICIES.slice(0, 1) });
  t.teardown(api.close);
  const out = tempDir(t);
  const run = await runCli(['policy', ...api.args, '--out', out, '--format', 'json'], {
    env: { ...api.env, TETRA_SE_BEARER_TOKEN: SE_BEARER },
  });
  t.equal(run.code, 0, run.stderr);
  t.equal(run.json.via, 'v3');
  t.same(
    api.log.map((e) => e.path.split('?')[0]),
    [
      '/v1/policies',
      '/v3/organizations',
      `/v3/organizations/${ORG.organizationIdentifier}/policies/${POLICIES[0].guid}/xml`,
    ],
  );
  t.ok(api.log[2].auth.startsWith('Bearer '), 'v3 with the bearer token');
  t.same(secretsIn(run.stdout + run.stderr), []);
});

t.test('401 and 403 say what is wrong and which permission is missing; nothing secret is printed', async (t) => {
  const api = await startConsoleServer({ computers: [], policies: POLICIES, noPolicyAccess: true });
  t.teardown(api.close);
  const out = tempDir(t);
  const forbidden = await runCli(['policy', ...api.args, '--out', out], { env: api.env });
  t.equal(forbidden.code, 4);
  t.match(forbidden.stdout, /HTTP 403: the credentials lack a permission; this call needs read access to policies/);
  const wrongKey = await runCli(['policy', ...api.args, '--out', out, '--format', 'json'], {
    env: { ...api.env, TETRA_SE_API_KEY: `${SE_API_KEY}-old` },
  });
  t.equal(wrongKey.code, 4);
  t.match(
    wrongKey.json.error,
    /HTTP 401: the API client ID and key were refused \(check TETRA_SE_CLIENT_ID and TETRA_SE_API_KEY/,
  );
  t.match(wrongKey.stderr, /tetra-doctor policy: GET \/v1\/policies: HTTP 401/);
  t.same(secretsIn(forbidden.stdout + forbidden.stderr + wrongKey.stdout + wrongKey.stderr), []);
});

t.test('a Private Cloud console whose CA is not given is refused, and says how to give it', async (t) => {
  const api = await startConsoleServer({ computers: [], policies: POLICIES });
  t.teardown(api.close);
  const run = await runCli(['policy', '--console-url', api.url, '--out', tempDir(t)], { env: api.env });
  t.equal(run.code, 4);
  t.match(run.stdout, /certificate is not trusted: for a Private Cloud console give its CA with --console-ca-file/);
  t.equal(api.log.length, 0, 'no request was answered: the credentials never left');
});

t.test('credentials come from the environment or a file, never the command line', async (t) => {
  const api = await startConsoleServer({
    computers: [apiComputer({ guid: 'g', hostname: 'h' })],
    policies: POLICIES.slice(0, 1),
  });
  t.teardown(api.close);
  const dir = tempDir(t);
  const file = path.join(dir, 'se.env');
  writeFileSync(
    file,
    `# Secure Endpoint read-only key\nTETRA_SE_CLIENT_ID=${SE_CLIENT_ID}\nTETRA_SE_API_KEY="${SE_API_KEY}"\n`,
    { mode: 0o600 },
  );
  const fromFile = await runCli(['policy', ...api.args, '--out', dir, '--credentials-file', file], {
    env: { ...api.env, TETRA_SE_CLIENT_ID: '', TETRA_SE_API_KEY: '' },
  });
  t.equal(fromFile.code, 0, fromFile.stderr);
  const missing = await runCli(['policy', ...api.args, '--out', dir], {
    env: { ...api.env, TETRA_SE_CLIENT_ID: '', TETRA_SE_API_KEY: '' },
  });
  t.equal(missing.code, 2);
  t.match(missing.stderr, /set TETRA_SE_CLIENT_ID and TETRA_SE_API_KEY/);
  const onCommandLine = await runCli(['policy', ...api.args, '--out', dir, '--api-key', SE_API_KEY], { env: api.env });
  t.equal(onCommandLine.code, 2, 'there is no option for a key');
  t.notMatch(onCommandLine.stderr, SE_API_KEY, 'and the usage error does not repeat it');
  const fifo = await runCli(['policy', ...api.args, '--out', dir, '--credentials-file', '/dev/zero'], { env: api.env });
  t.equal(fifo.code, 2);
  t.match(fifo.stderr, /not a regular file/);
});

t.test('XML values cannot reach the terminal as escape sequences', async (t) => {
  const evil: ApiPolicy = {
    guid: '11111111-aaaa-4bbb-8ccc-00000000000e',
    name: 'Evil\u001b[31m',
    serial_number: 1,
    xml: signedPolicy({ name: 'Evil', uuid: '11111111-aaaa-4bbb-8ccc-00000000000e', serial: 1, evil: true }),
  };
  const api = await startConsoleServer({ computers: [], policies: [evil] });
  t.teardown(api.close);
  const run = await runCli(['policy', ...api.args, '--out', tempDir(t)], { env: api.env });
  // XML 1.0 allows no reference to ESC or BEL (&#x1b; is not a Char): the file is not well-formed, and says so.
  t.equal(run.code, 4, run.stderr);
  t.match(run.stderr, /not well-formed XML \(an undefined or invalid reference/);
  t.notOk(
    (run.stdout + run.stderr).includes('\u001b') || (run.stdout + run.stderr).includes('\u0007'),
    'no ESC or BEL reaches stdout or stderr',
  );
});
