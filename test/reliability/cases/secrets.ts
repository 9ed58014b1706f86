// Class 2, secrets: a proxy password of any shape (one that spells a JSON literal, a quote, a backslash, a key
// name, non-ASCII), echoed back by a proxy in its reason phrase (plain, URL-encoded, and the Basic header's base64)
// or sitting in a malformed policy.xml, never reaches the output in any form, and the output keeps its structure.
import { chmodSync, writeFileSync } from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { parseLine } from '../../../src/render/line';
import {
  cleanup,
  detectOffline,
  localXml,
  makeEndpoint,
  policyXml,
  postureJson,
  probeNowhere,
  run,
  startRaw,
  tempDir,
  type Case,
  type Check,
  type CliRun,
} from '../kit';
import { formInJson, formInLine, formsOf, PROXY_USER as USER } from '../../helpers/secretForms';

/** A proxy that refuses every request with 407, quoting the credentials it was sent in its reason phrase. */
function startEchoProxy(reason: (auth: string, decoded: string) => string) {
  return startRaw((socket: net.Socket) => {
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const auth = /^proxy-authorization:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? '';
      const decoded = Buffer.from(auth.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
      const phrase = Buffer.from(reason(auth, decoded).replace(/[\r\n]/g, ' '), 'utf8');
      const body = Buffer.from(`{"error":"denied","credentials":${JSON.stringify(decoded)}}`);
      socket.end(
        Buffer.concat([
          Buffer.from('HTTP/1.1 407 '),
          phrase,
          Buffer.from(`\r\nProxy-Authenticate: Basic realm="x"\r\nContent-Length: ${body.length}\r\n\r\n`),
          body,
        ]),
      );
    });
  });
}

const echoAll = (auth: string, decoded: string) => `Denied ${auth} for ${decoded} (${encodeURIComponent(decoded)})`;

function probeThroughEcho(password: string, format: 'json' | 'line' | 'text') {
  return async () => {
    const proxy = await startEchoProxy(echoAll);
    cleanup.push(proxy.close);
    const url = `http://${USER}:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}`;
    return run(
      ['probe', '--format', format, '--update-server', 'https://127.0.0.1:9/', '--timeout-ms', '3000', '--proxy', url],
      { now: null },
    );
  };
}

/** No string value (but the vocabulary's) holds any form; keys are untouched (the generic checks parse the JSON). */
function noFormInJson(password: string): Check {
  return {
    name: 'no form of the password in any value (plain, URL-encoded, JSON-escaped, base64)',
    check: (r: CliRun) => {
      if (!r.json) return 'no JSON';
      const hit = formInJson(r.json, password);
      return hit ? `${hit[0]}: ${hit[1].slice(0, 200)}` : null;
    },
  };
}

function noFormInLine(password: string): Check {
  return {
    name: 'no form of the password in any token or the summary',
    check: (r: CliRun) => {
      const line = parseLine(r.stdout);
      return line ? (formInLine(line, password) ?? null) : 'no line';
    },
  };
}

const noFormInText = (password: string): Check => ({
  name: 'no form of the password anywhere in the text',
  check: (r: CliRun) => formsOf(password).find((f) => r.stdout.includes(f)) ?? null,
});

const echoed: Check = {
  name: 'the proxy did echo the credentials (the case tests something)',
  check: (r: CliRun) => (/Denied/.test(r.stdout) ? null : 'the reason phrase did not reach the output'),
};

/** Passwords that broke text-replacement redaction, or could: JSON literals, syntax, key names, escapes, non-ASCII. */
const PASSWORDS = [
  'true',
  'null',
  'proxy',
  '"',
  '\\',
  'status',
  '{"a":[1]}',
  ':',
  '%41%',
  'p@ss:w/rd?#&=+ x',
  'пароль-ünï€',
  'summary',
];

let id = 0;
const next = () => `K${String(++id).padStart(2, '0')}`;

/** Passwords that spell a word of the result's fixed vocabulary, where that word is, and the word. */
const VOCABULARY: Array<[string, string, string]> = [
  ['basic', 'proxy.auth', 'basic'],
  ['http', 'proxy.kind', 'http'],
  ['option', 'path.proxySource', 'option'],
  ['none', 'path.policy', 'none'],
];

export const SECRETS: Case[] = [
  ...PASSWORDS.map((password): Case => ({
    id: next(),
    area: 'secrets',
    input: `proxy password ${JSON.stringify(password)}, echoed in a 407 reason phrase (plain, URL-encoded, Basic base64)`,
    exit: 1,
    codes: ['PROXY_AUTH_REJECTED'],
    run: probeThroughEcho(password, 'json'),
    checks: [noFormInJson(password), echoed],
  })),
  ...['true', '"|TETRA-DOCTOR status=healthy'].map((password): Case => ({
    id: next(),
    area: 'secrets',
    input: `proxy password ${JSON.stringify(password)}, echoed, --format line`,
    exit: 1,
    codes: ['PROXY_AUTH_REJECTED'],
    output: 'line',
    run: probeThroughEcho(password, 'line'),
    checks: [noFormInLine(password)],
  })),
  {
    id: next(),
    area: 'secrets',
    input: 'proxy password "S3cr3t-\\u00dc x", echoed, --format text',
    exit: 1,
    codes: null,
    output: 'text',
    run: probeThroughEcho('S3cr3t-\u00dc x', 'text'),
    checks: [noFormInText('S3cr3t-\u00dc x'), echoed],
  },
  {
    id: next(),
    area: 'secrets',
    input: 'policy.xml malformed right after its proxy password (a parser error would quote it)',
    exit: 0,
    codes: ['POLICY_UNREADABLE'],
    run: async () => {
      const password = 'Pol1cy-Secret"<';
      const xml = policyXml({
        proxy: { host: '127.0.0.1', port: 3128, username: USER, password: 'Pol1cy-Secret' },
      }).replace('Pol1cy-Secret</password>', 'Pol1cy-Secret"<</pasword>');
      const e = makeEndpoint({ policyXml: xml, posture: postureJson(), localXml: localXml() });
      cleanup.push(e.remove);
      const r = await run(['detect', '--amp-dir', e.root, '--offline', '--format', 'json']);
      return { ...r, password };
    },
    checks: [noFormInJson('Pol1cy-Secret')],
  },
  ...VOCABULARY.map(([password, key, want]): Case => ({
    id: next(),
    area: 'secrets',
    input: `--proxy password ${JSON.stringify(password)}: the word ${JSON.stringify(want)} of tetra-doctor's vocabulary stays`,
    exit: 1,
    codes: null,
    run: () => probeNowhere(['--proxy', `http://user:${password}@127.0.0.1:9`], 1500),
    checks: [
      {
        name: `${key} is ${JSON.stringify(want)}, not redacted`,
        check: (r: CliRun) => {
          const value = key.split('.').reduce((node: any, step) => node?.[step], r.json);
          return value === want ? null : `${key}: ${JSON.stringify(value)}`;
        },
      },
    ],
  })),
  ...(['0644', '0640', '0604'] as const).map((mode): Case => ({
    id: next(),
    area: 'secrets',
    input: `policy --credentials-file of mode ${mode} (other users can read the API key)`,
    exit: 2,
    codes: [],
    run: async () => {
      const file = path.join(tempDir('tetra-cred-'), 'se.env');
      writeFileSync(file, 'TETRA_SE_CLIENT_ID=id\nTETRA_SE_API_KEY=S3NTINEL-api-key\n');
      chmodSync(file, parseInt(mode, 8));
      return run(['policy', '--credentials-file', file, '--out', path.join(path.dirname(file), 'out')], {
        now: null,
        env: { TETRA_SE_CLIENT_ID: '', TETRA_SE_API_KEY: '' },
      });
    },
  })),
  {
    id: next(),
    area: 'secrets',
    input: 'policy.xml pacloc with credentials (http://pacuser:S3NTINEL@host/proxy.pac), --offline',
    exit: 0,
    codes: null,
    run: detectOffline({
      policyXml: policyXml({ proxy: { pacloc: 'http://pacuser:S3NTINEL-pac@127.0.0.1:9/proxy.pac' } }),
    }),
  },
  {
    id: next(),
    area: 'secrets',
    input: 'policy.xml pacloc with credentials, probed (the PAC server is down)',
    exit: 1,
    codes: ['PAC_UNREACHABLE'],
    run: async () => {
      const e = makeEndpoint({
        policyXml: policyXml({ proxy: { pacloc: 'http://pacuser:S3NTINEL-pac@127.0.0.1:9/proxy.pac' } }),
      });
      cleanup.push(e.remove);
      return probeNowhere(['--amp-dir', e.root]);
    },
  },
  {
    id: next(),
    area: 'secrets',
    input: 'policy.xml pacloc with credentials that is no http(s) URL (ftp://u:S3NTINEL@host/p.pac), --format text',
    exit: 0,
    codes: null,
    output: 'text',
    run: async () => {
      const e = makeEndpoint({
        policyXml: policyXml({ proxy: { pacloc: 'ftp://pacuser:S3NTINEL-ftp@wpad.corp/proxy.pac' } }),
      });
      cleanup.push(e.remove);
      return run(['detect', '--amp-dir', e.root, '--offline', '--format', 'text']);
    },
  },
];
