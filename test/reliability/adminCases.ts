// The bad-input matrix for what runs on an admin's machine: `policy` saving policy XML (which holds the proxy
// password) into a folder where something was planted, and the Secure Endpoint console's answers (pages, prototype
// names, echoed secrets, escape sequences). Kept apart from cases.ts: these commands' contract is their report and
// the files they write, not an endpoint result; each case says what must hold.
import { execFileSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliRun } from '../helpers/cli';
import { apiComputer, startConsoleServer, type ApiPolicy, type ConsoleServerOptions } from '../helpers/consoleServer';
import { createCa } from '../helpers/pki';
import { startHttps } from '../helpers/servers';
import { KILL_AFTER_MS } from './kit';

export interface AdminCase {
  id: string;
  area: 'admin files' | 'console answers';
  input: string;
  exit: number;
  run(): Promise<AdminRun>;
  /** What must hold; the problems found (empty when it holds). */
  check(run: AdminRun): string[];
}

interface AdminRun extends CliRun {
  /** The folder the policies were saved to. */
  out: string;
  /** The requests the console received, when the case keeps them. */
  log?: readonly unknown[];
}

const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];
export async function cleanUpAdmin(): Promise<void> {
  while (closers.length) await closers.pop()!();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function tmp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tetra-admin-matrix-'));
  dirs.push(dir);
  return dir;
}

const PASSWORD = 'S3NTINEL-policy-proxy-pw';
const GUID = '11111111-aaaa-4bbb-8ccc-000000000001';

function policyXmlWith(o: { uuid: string; pacloc?: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><Object Id="Policy"><config>
<agent><scansettings><tetra><enable>1</enable><updater><enable>1</enable><server>tetra-defs.amp.cisco.com</server><interval>3600</interval></updater></tetra></scansettings></agent>
<proxy><server>proxy.corp.example</server><port>3128</port><type>http</type><authtype>basic</authtype><username>svc-amp</username><password>${PASSWORD}</password><pacloc>${o.pacloc ?? ''}</pacloc></proxy></config></Object></Signature>
`;
}

const PROTECT: ApiPolicy = { guid: GUID, name: 'Protect', serial_number: 1, xml: policyXmlWith({ uuid: GUID }) };
const FILE = `Protect-${GUID}.xml`;

/** `policy --format json` into a folder prepared by `plant` (which gets the file's path). */
function policyInto(
  plant: (file: string, dir: string) => void,
  policies: ApiPolicy[] = [PROTECT],
  extra: Partial<ConsoleServerOptions> = {},
): () => Promise<AdminRun> {
  return async () => {
    const api = await startConsoleServer({ computers: [], policies, ...extra });
    closers.push(api.close);
    const out = path.join(tmp(), 'policies');
    mkdirSync(out);
    plant(path.join(out, FILE), out);
    const run = await runCli(['policy', ...api.args, '--out', out, '--format', 'json'], {
      env: api.env,
      measureRss: true,
      timeoutMs: KILL_AFTER_MS,
    });
    return { ...run, out };
  };
}

const expect = (ok: boolean, problem: string) => (ok ? [] : [problem]);
const holdsPassword = (file: string) => existsSync(file) && readFileSync(file, 'utf8').includes(PASSWORD);
const noPasswordOut = (r: CliRun) => expect(!(r.stdout + r.stderr).includes(PASSWORD), 'the password was printed');
// eslint-disable-next-line no-control-regex -- control characters are what must not be printed
const noEscape = (r: CliRun) => expect(!/[\x1b\x9b\x07]/.test(r.stdout + r.stderr), 'an escape sequence was printed');

/** A usage error: one line on stderr naming the option, nothing on stdout. */
const oneUsageLine = (r: CliRun) =>
  expect(
    r.stdout === '' && /^tetra-doctor: --output: [^\n]+\n$/.test(r.stderr),
    `not one usage line: ${JSON.stringify(r.stderr.slice(0, 300))}`,
  );
const noRequest = (r: AdminRun) =>
  expect((r.log?.length ?? 0) === 0, 'the console was asked before the folder was known to be usable');

let af = 0;
const nextAf = () => `AF${String(++af).padStart(2, '0')}`;
let ca = 0;
const nextCa = () => `CA${String(++ca).padStart(2, '0')}`;

export const ADMIN_CASES: AdminCase[] = [
  {
    id: nextAf(),
    area: 'admin files',
    input: 'policy: a file of mode 0644 already at the policy file name',
    exit: 4,
    run: policyInto((file) => writeFileSync(file, 'an older export\n', { mode: 0o644 })),
    check: (r) => [
      ...expect(!holdsPassword(path.join(r.out, FILE)), 'the proxy password was written into the 0644 file'),
      ...noPasswordOut(r),
    ],
  },
  {
    id: nextAf(),
    area: 'admin files',
    input: 'policy: a symbolic link planted at the file name, to a file elsewhere',
    exit: 4,
    run: policyInto((file, dir) => {
      writeFileSync(path.join(dir, '..', 'victim.txt'), 'victim\n', { mode: 0o644 });
      symlinkSync(path.join(dir, '..', 'victim.txt'), file);
    }),
    check: (r) =>
      expect(
        readFileSync(path.join(r.out, '..', 'victim.txt'), 'utf8') === 'victim\n',
        'the link was followed: the file it points at was overwritten',
      ),
  },
  {
    id: nextAf(),
    area: 'admin files',
    input: 'policy: a dangling symbolic link planted at the file name',
    exit: 4,
    run: policyInto((file, dir) => symlinkSync(path.join(dir, '..', 'created-through-link.xml'), file)),
    check: (r) =>
      expect(
        !existsSync(path.join(r.out, '..', 'created-through-link.xml')),
        'the link was followed: a file was created where it points',
      ),
  },
  {
    id: nextAf(),
    area: 'admin files',
    input: 'policy: a hard link (mode 0600) at the file name, its other name elsewhere',
    exit: 4,
    run: policyInto((file, dir) => {
      writeFileSync(path.join(dir, '..', 'other-name.txt'), 'other\n', { mode: 0o600 });
      linkSync(path.join(dir, '..', 'other-name.txt'), file);
    }),
    check: (r) =>
      expect(
        readFileSync(path.join(r.out, '..', 'other-name.txt'), 'utf8') === 'other\n',
        "the password went into the hard link's other name",
      ),
  },
  {
    id: nextAf(),
    area: 'admin files',
    input: 'policy: a FIFO at the file name (writing to it blocks until a reader comes)',
    exit: 4,
    run: policyInto((file) => execFileSync('mkfifo', [file])),
    check: (r) => expect(r.ms < 20_000, `it waited ${r.ms} ms on the FIFO`),
  },
  {
    id: nextAf(),
    area: 'admin files',
    input: "policy: another user's file (mode 0600) at the file name",
    exit: 4,
    run: policyInto((file) => {
      writeFileSync(file, 'not yours\n', { mode: 0o600 });
      // The matrix runs as root on the CI machines; elsewhere the file is ours and the case says so.
      if (process.getuid?.() === 0) chownSync(file, 65534, 65534);
    }),
    check: (r) =>
      expect(readFileSync(path.join(r.out, FILE), 'utf8') === 'not yours\n', "another user's file was replaced"),
  },
  {
    id: nextAf(),
    area: 'admin files',
    input: 'policy: two policies whose file names differ only in case (they collide on Windows)',
    exit: 4,
    run: policyInto(
      () => undefined,
      [
        PROTECT,
        {
          guid: GUID.toUpperCase(),
          name: 'PROTECT',
          serial_number: 2,
          xml: policyXmlWith({ uuid: GUID.toUpperCase() }),
        },
      ],
    ),
    check: (r) => {
      const names = readdirSync(r.out).map((n) => n.toLowerCase());
      return expect(new Set(names).size === names.length, `saved files collide without case: ${names.join(', ')}`);
    },
  },
  {
    id: nextAf(),
    area: 'admin files',
    input: 'policy: --output a folder that can never be made (under /proc, where recursive mkdir spins)',
    exit: 2,
    run: async () => {
      const api = await startConsoleServer({ computers: [], policies: [PROTECT] });
      closers.push(api.close);
      const out = '/proc/self/no-such-folder/policies';
      const run = await runCli(['policy', ...api.args, '--output', out, '--format', 'json'], {
        env: api.env,
        measureRss: true,
        timeoutMs: 30_000,
      });
      return { ...run, out, log: [...api.log] };
    },
    check: (r) => [...oneUsageLine(r), ...noRequest(r), ...expect(r.ms < 10_000, `it took ${r.ms} ms`)],
  },
  {
    id: nextCa(),
    area: 'console answers',
    input: 'policy: the console lists 501 policies in one page asked for with limit=500',
    exit: 4,
    run: policyInto(
      () => undefined,
      Array.from({ length: 501 }, (_, i) => {
        const guid = `22222222-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}`;
        return { guid, name: `P${i}`, serial_number: i, xml: policyXmlWith({ uuid: guid }) };
      }),
    ),
    check: (r) => [
      ...expect(/more than the 500 asked for/.test(r.json?.error ?? ''), `error: ${r.json?.error}`),
      ...expect(readdirSync(r.out).length === 0, `${readdirSync(r.out).length} files saved from an oversized page`),
    ],
  },
  {
    id: nextCa(),
    area: 'console answers',
    input: 'policy: an error body echoes the API key with JSON \\u escapes, the 200-character cut falling inside it',
    exit: 4,
    run: hostileConsole((res) =>
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(
          `{"errors":[{"error_code":404,"description":"${'x'.repeat(175)} key ${[...API_KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}]}`,
        ),
    ),
    check: (r) => noPieceOf(API_KEY, r),
  },
  {
    id: nextCa(),
    area: 'console answers',
    input:
      'policy: --out names a path below a regular file, with escape sequences in its name (a usage error on stderr)',
    exit: 2,
    run: async () => {
      const api = await startConsoleServer({ computers: [], policies: [PROTECT] });
      closers.push(api.close);
      const dir = tmp();
      writeFileSync(path.join(dir, 'file'), '');
      const out = path.join(dir, 'file', '\x1b]0;owned\x07\x1b[2J');
      const run = await runCli(['policy', ...api.args, '--out', out, '--format', 'json'], { env: api.env });
      return { ...run, out: dir, log: [...api.log] };
    },
    check: (r) => [...noEscape(r), ...oneUsageLine(r), ...noRequest(r)],
  },
  {
    id: nextCa(),
    area: 'console answers',
    input: 'fleet --secure-endpoint: computers with faults named __proto__, constructor and toString',
    exit: 0,
    run: async () => {
      const api = await startConsoleServer({
        computers: [apiComputer({ guid: 'g-1', hostname: 'PC-1', faults: ['__proto__', 'constructor', 'toString'] })],
      });
      closers.push(api.close);
      const dir = tmp();
      const run = await runCli(['fleet', dir, '--secure-endpoint', ...api.args, '--format', 'json'], {
        env: api.env,
        measureRss: true,
      });
      return { ...run, out: dir };
    },
    check: (r) => {
      const faults = JSON.stringify(r.json?.secureEndpoint ?? null);
      return [
        ...expect(
          !/function|native code|\[object/.test(faults),
          `a prototype leaked into the counts: ${faults.slice(0, 300)}`,
        ),
        ...expect(/"constructor":1/.test(faults) && /"__proto__":1/.test(faults), `faults not counted as data`),
      ];
    },
  },
];

const API_KEY = 'abcd1234-ef56-7890-ab12-S3NTINEL-key';

/** No 10-character piece of the secret anywhere in the output. */
function noPieceOf(secret: string, r: CliRun): string[] {
  const text = r.stdout + r.stderr;
  for (let i = 0; i + 10 <= secret.length; i++)
    if (text.includes(secret.slice(i, i + 10)))
      return [`a piece of the secret was printed: ${secret.slice(i, i + 10)}`];
  return [];
}

/** `policy` against an HTTPS "console" that answers every request with `answer` (v1 key in the environment). */
function hostileConsole(answer: (res: http.ServerResponse) => void): () => Promise<AdminRun> {
  return async () => {
    const ca = await createCa('hostile console CA');
    const leaf = await ca.issue({});
    const server = await startHttps(leaf, (_req, res) => answer(res));
    closers.push(server.close);
    const dir = tmp();
    const caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, ca.certPem);
    const run = await runCli(
      [
        'policy',
        '--console-url',
        server.url,
        '--console-ca-file',
        caFile,
        '--out',
        path.join(dir, 'p'),
        '--format',
        'json',
      ],
      { env: { TETRA_SE_CLIENT_ID: 'client-id', TETRA_SE_API_KEY: API_KEY }, measureRss: true },
    );
    return { ...run, out: path.join(dir, 'p') };
  };
}
