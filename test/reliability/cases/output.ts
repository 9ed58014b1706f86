// Class 12, output a person acts on: text opens with the status and one "Next step" (naming the proxy user that was
// rejected), states each cause once and merges the checks that failed alike, in Japanese too; `-h`, "did you mean"
// and --help's examples and exit codes; one name for the output folder; and the Intune script's last line puts the
// status and the primary cause in its first 120 characters while fleet still reads it.
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseLine } from '../../../src/render/line';
import { BUNDLE, type CliRun } from '../../helpers/cli';
import { INTUNE_DIR } from '../../helpers/pwsh';
import {
  cleanup,
  localXml,
  makeEndpoint,
  policyXml,
  postureJson,
  run,
  runScript,
  startProxy,
  tempDir,
  type Case,
  type Check,
} from '../kit';

let id = 0;
const next = () => `O${String(++id).padStart(2, '0')}`;

const check = (name: string, ok: (r: CliRun) => boolean): Check => ({
  name,
  check: (r) => (ok(r) ? null : JSON.stringify(r.stdout.slice(0, 600))),
});

const OLD = Date.parse('2026-11-20T00:00:00Z') / 1000;

/** An endpoint whose connector's last error is the proxy's refusal, behind a proxy that refuses its credentials. */
async function proxyAuthEndpoint(): Promise<{ args: string[] }> {
  const proxy = await startProxy({ username: 'svc-amp', password: 'the-right-one' });
  const e = makeEndpoint({
    posture: postureJson({ lastSuccess: OLD }),
    localXml: localXml({ lastSuccess: OLD, lastError: -2100 }),
    policyXml: policyXml({
      proxy: { host: '127.0.0.1', port: proxy.port, username: 'svc-amp', password: 'a-wrong-one' },
    }),
  });
  cleanup.push(proxy.close, e.remove);
  return {
    args: [
      '--amp-dir',
      e.root,
      '--update-server',
      'https://127.0.0.1:9/',
      '--reference-url',
      'http://127.0.0.1:9/versions.id',
      '--timeout-ms',
      '2500',
    ],
  };
}

function proxyAuthText(input: string, checks: Check[], extra: string[] = []): Case {
  return {
    id: next(),
    area: 'output',
    input,
    exit: 1,
    codes: null,
    output: 'text',
    run: async () => run(['detect', '--format', 'text', ...(await proxyAuthEndpoint()).args, ...extra]),
    checks,
  };
}

const lines = (r: CliRun) => r.stdout.split('\n');

function help(input: string, args: string[], checks: Check[], exit = 0): Case {
  return { id: next(), area: 'output', input, exit, codes: [], output: 'text', run: () => run(args), checks };
}

/** The Intune detection script, run as Intune runs it, against the bundled CLI behind a shell wrapper. */
async function intuneLastLine(): Promise<CliRun> {
  const endpoint = await proxyAuthEndpoint();
  const dir = tempDir('tetra-intune-');
  const exe = path.join(dir, 'tetra-doctor');
  writeFileSync(exe, `#!/bin/sh\nexec "${process.execPath}" "${BUNDLE}" "$@" --state-dir "${dir}"\n`);
  chmodSync(exe, 0o755);
  // With the colon: a value that starts with "--" is otherwise read as a parameter name (docs/intune.md).
  return runScript(path.join(INTUNE_DIR, 'Detect-TetraDefinitions.ps1'), [
    '-ExePath',
    exe,
    `-ExtraArguments:${endpoint.args.join(' ')}`,
  ]);
}

export const OUTPUT: Case[] = [
  proxyAuthText('text: the status, then one "Next step" (a proxy that rejects the credentials)', [
    check(
      'line 1 is the status, line 2 the next step',
      (r) => /^Status: UNHEALTHY/.test(lines(r)[0]) && /^Next step: Check the proxy/.test(lines(r)[1]),
    ),
  ]),
  proxyAuthText('text: the next step names the proxy user that was rejected', [
    check('names the rejected user', (r) => /^Next step: .*The proxy rejected user "svc-amp"\./.test(lines(r)[1])),
  ]),
  proxyAuthText("text: the connector's proxy-auth error and the probe's 407 are one cause, stated once", [
    check(
      'one finding line holds both codes',
      (r) =>
        /LASTERROR_PROXY_AUTH, PROXY_AUTH_REJECTED: /.test(r.stdout) &&
        (r.stdout.match(/LASTERROR_PROXY_AUTH/g) ?? []).length === 1,
    ),
    check('its action is said once (as the next step)', (r) => (r.stdout.match(/Check the proxy/g) ?? []).length === 1),
  ]),
  proxyAuthText('text: the checks one 407 failed are one line', [
    check(
      'one FAIL line for the proxy, TLS, HTTP and reference checks',
      (r) => (r.stdout.match(/^ {2}FAIL /gm) ?? []).length === 1 && /FAIL proxy, tls, http, reference /.test(r.stdout),
    ),
  ]),
  proxyAuthText(
    'text in Japanese: the network checks are in Japanese too',
    [
      check('the probe failure in Japanese', (r) => /FAIL .*プロキシが認証情報を拒否/.test(r.stdout)),
      check('the next step in Japanese', (r) =>
        /^次の対処: .*プロキシはユーザー "svc-amp" を拒否しました/.test(lines(r)[1]),
      ),
    ],
    ['--lang', 'ja'],
  ),
  {
    id: next(),
    area: 'output',
    input: 'line: the primary cause is a field of its own (cause=)',
    exit: 1,
    codes: ['LASTERROR_PROXY_AUTH', 'PROXY_AUTH_REJECTED'],
    output: 'line',
    run: async () => run(['detect', '--format', 'line', ...(await proxyAuthEndpoint()).args]),
    checks: [check('cause=LASTERROR_PROXY_AUTH', (r) => parseLine(r.stdout)?.fields.cause === 'LASTERROR_PROXY_AUTH')],
  },
  {
    id: next(),
    area: 'output',
    input: "Intune detection script's last line: status and primary cause in the first 120 characters",
    exit: 1,
    codes: null,
    output: 'text',
    run: intuneLastLine,
    checks: [
      check('UNHEALTHY and the cause within 120 characters', (r) =>
        /^UNHEALTHY.*LASTERROR_PROXY_AUTH/.test(r.stdout.trim().split('\n').at(-1)!.slice(0, 120)),
      ),
      check('fleet still reads the line', (r) => {
        const parsed = parseLine(r.stdout);
        return parsed?.fields.status === 'unhealthy' && parsed.fields.codes?.includes('PROXY_AUTH_REJECTED') === true;
      }),
    ],
  },
  {
    id: next(),
    area: 'output',
    input: 'text of a healthy endpoint: "Next step: none", then the summary',
    exit: 0,
    codes: null,
    output: 'text',
    run: async () => {
      const e = makeEndpoint();
      cleanup.push(e.remove);
      return run(['detect', '--amp-dir', e.root, '--offline', '--format', 'text']);
    },
    checks: [
      check('line 2 is "Next step: none"', (r) => lines(r)[1] === 'Next step: none' && /current/.test(lines(r)[2])),
    ],
  },
  help('-h', ['-h'], [check('the help, on stdout', (r) => /tetra-doctor <command>/.test(r.stdout))]),
  help('detect -h', ['detect', '-h'], [check("detect's help", (r) => /^tetra-doctor detect/.test(r.stdout))]),
  help(
    '--help shows examples and the exit codes',
    ['--help'],
    [
      check('examples', (r) => /^Examples:/m.test(r.stdout) && /tetra-doctor detect --format line/.test(r.stdout)),
      check('every exit code', (r) =>
        [0, 1, 2, 3, 4, 5].every((c) => new RegExp(`^ {2}${c} {2}\\w`, 'm').test(r.stdout)),
      ),
    ],
  ),
  help(
    'fleet --help shows its own exit codes, --allow-partial among them',
    ['fleet', '--help'],
    [check('fleet exit codes', (r) => /^Exit codes:/m.test(r.stdout) && /--allow-partial/.test(r.stdout))],
  ),
  help(
    'policy --help: the output folder is --output, --out kept as its alias',
    ['policy', '--help'],
    [check('--output, --out', (r) => /--output, --out\s/.test(r.stdout))],
  ),
  help(
    'a mistyped command: detec',
    ['detec', '--offline'],
    [check('did you mean "detect"', (r) => /did you mean "detect"\?/.test(r.stderr))],
    2,
  ),
  help(
    'a mistyped command: remediat',
    ['remediat'],
    [check('did you mean "remediate"', (r) => /did you mean "remediate"\?/.test(r.stderr))],
    2,
  ),
  proxyAuthText('text: the 407 is said once across findings (the reference finding names its cause)', [
    check('the findings say "rejected the credentials" once', (r) => {
      const findings = r.stdout.slice(r.stdout.indexOf('\nFindings:'));
      return (findings.match(/rejected the credentials/g) ?? []).length === 1;
    }),
    check('REFERENCE_UNAVAILABLE names PROXY_AUTH_REJECTED', (r) =>
      /REFERENCE_UNAVAILABLE: .*the same failure as PROXY_AUTH_REJECTED\./.test(r.stdout),
    ),
  ]),
  proxyAuthText(
    "text in Japanese: no English probe words inside the Japanese, only the 407's tokens",
    [
      check('no English sentence of the probe', (r) => !/rejected|credentials|the proxy said|Required/.test(r.stdout)),
      check('the finding keeps the status in Japanese', (r) =>
        /PROXY_AUTH_REJECTED: プロキシ認証に失敗しました（407）。/.test(r.stdout),
      ),
    ],
    ['--lang', 'ja'],
  ),
  {
    id: next(),
    area: 'output',
    input: "JSON: the reference finding's message names the proxy's cause instead of repeating the 407",
    exit: 1,
    codes: ['PROXY_AUTH_REJECTED', 'REFERENCE_UNAVAILABLE'],
    run: async () => run(['detect', '--format', 'json', ...(await proxyAuthEndpoint()).args]),
    checks: [
      check('REFERENCE_UNAVAILABLE: the same failure as PROXY_AUTH_REJECTED', (r) =>
        (r.json?.findings ?? []).some(
          (f: { code: string; message: string }) =>
            f.code === 'REFERENCE_UNAVAILABLE' && /the same failure as PROXY_AUTH_REJECTED\.$/.test(f.message),
        ),
      ),
    ],
  },
];
