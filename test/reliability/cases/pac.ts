// Class: the PAC sandbox. A policy's PAC file is outside code: nothing it does may reach stdout, stderr, the
// network or the run's time, except what the PAC functions ask and the tool answers locally. alert() is captured
// into the pac probe's detail; myIpAddress() is answered from the interfaces without a packet; dnsResolve() is
// bounded by the deadline; a hung script is PAC_INVALID inside the deadline; and the policy's credentials never go in
// clear to a SOCKS proxy the PAC file picked.
import { readFileSync, writeFileSync } from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { startHttp } from '../../helpers/servers';
import { cleanup, makeEndpoint, policyXml, run, startPath, startRaw, tempDir, type Case, type Check } from '../kit';
import type { PolicyOptions } from '../../helpers/endpoint';
import { ROOT } from '../../helpers/paths';

/** The preload that refuses non-loopback connections and leaves *.unanswered.test lookups unanswered. */
const GUARD = path.join(ROOT, 'test', 'helpers', 'networkGuard.cjs');

interface PacRun {
  script: string;
  proxy?: PolicyOptions['proxy'];
  format?: 'json' | 'line' | 'text';
  timeoutMs?: number;
  /** A SOCKS 5 proxy that records what it is sent; the script reaches it as SOCKS_PORT. */
  socks?: boolean;
}

/** `probe` of a healthy path through the policy's PAC file (served on loopback), with the network guard loaded. */
function probeWithPac(o: PacRun) {
  return async () => {
    const dir = tempDir('tetra-pac-');
    const guardLog = path.join(dir, 'guard.log');
    writeFileSync(guardLog, '');
    const socks = o.socks ? await startRecordingSocks(path.join(dir, 'socks.log')) : null;
    const script = o.script.replace(/SOCKS_PORT/g, String(socks?.port ?? 1));
    const [pathServers, pac] = await Promise.all([
      startPath(),
      startHttp((_req, res) => res.writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig' }).end(script)),
    ]);
    cleanup.push(pathServers.close, pac.close, ...(socks ? [socks.close] : []));
    const e = makeEndpoint({
      policyXml: policyXml({
        server: pathServers.update.url,
        proxy: { pacloc: `${pac.url}/proxy.pac`, ...o.proxy },
      }),
    });
    cleanup.push(e.remove);
    const r = await run(
      [
        'probe',
        '--amp-dir',
        e.root,
        ...pathServers.args,
        '--format',
        o.format ?? 'json',
        '--timeout-ms',
        String(o.timeoutMs ?? 6000),
      ],
      { now: null, env: { NODE_OPTIONS: `--require=${GUARD}`, TETRA_GUARD_LOG: guardLog } },
    );
    return { ...r, guardLog: readFileSync(guardLog, 'utf8'), socksLog: socks ? socks.log() : '' };
  };
}

/** A SOCKS 5 proxy that offers user/password when asked, records the user/password packet, and refuses it. */
function startRecordingSocks(logFile: string) {
  writeFileSync(logFile, '');
  return startRaw((socket: net.Socket) => {
    let stage = 0;
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      if (stage === 0) {
        stage = 1;
        const methods = [...chunk.subarray(2, 2 + chunk[1])];
        if (methods.includes(2)) socket.write(Buffer.from([5, 2]));
        else socket.end(Buffer.from([5, 0xff]));
        return;
      }
      writeFileSync(logFile, chunk.toString('latin1'), { flag: 'a' });
      socket.end(Buffer.from([1, 1]));
    });
  }).then((server) => ({ ...server, log: () => readFileSync(logFile, 'latin1') }));
}

type PacCliRun = Awaited<ReturnType<ReturnType<typeof probeWithPac>>>;

const pacDetail = (r: { json: any }) => r.json?.probes?.find((p: { name: string }) => p.name === 'pac') ?? null;

const alertCaptured = (text: string): Check => ({
  name: 'alert() is in the pac probe detail, not on stdout',
  check: (r) => {
    const alerts = (pacDetail(r)?.detail?.alerts ?? []) as string[];
    return alerts.some((a) => a.includes(text)) ? null : `alerts: ${JSON.stringify(alerts)}`;
  },
});

const noOutbound: Check = {
  name: 'no connection and no lookup left loopback',
  check: (r) => ((r as PacCliRun).guardLog.trim() === '' ? null : (r as PacCliRun).guardLog.trim()),
};

const noOutboundConnection: Check = {
  name: 'no connection left loopback',
  check: (r) => {
    const connects = (r as PacCliRun).guardLog.split('\n').filter((l) => l.startsWith('connect'));
    return connects.length === 0 ? null : connects.join('; ');
  },
};

const secretNeverAtSocks = (secret: string): Check => ({
  name: 'the SOCKS proxy the PAC file picked never received the password',
  check: (r) => ((r as PacCliRun).socksLog.includes(secret) ? 'the password reached the SOCKS proxy in clear' : null),
});

const pacOk: Check = {
  name: 'the pac probe answered within the deadline',
  check: (r) => (pacDetail(r)?.ok === true ? null : `pac probe: ${JSON.stringify(pacDetail(r))}`),
};

const pacFailed = (pattern: RegExp): Check => ({
  name: `the pac probe failed as ${pattern}`,
  check: (r) => {
    const pac = pacDetail(r);
    return pac && !pac.ok && pac.failure === 'pac_invalid' && pattern.test(pac.error ?? '')
      ? null
      : `pac probe: ${JSON.stringify(pac)}`;
  },
});

const direct = (body: string) => `function FindProxyForURL(url, host) { ${body}; return "DIRECT"; }`;
const NTLM = { username: 'CORP\\svc-amp', password: 'S3NTINEL-ntlm', authtype: 'ntlm' };
const BASIC = { username: 'svc-amp', password: 'S3NTINEL-basic', authtype: 'basic' };
const ESC = '\\u001b';

let id = 0;
const next = () => `PS${String(++id).padStart(2, '0')}`;
const area = 'PAC sandbox';

const PAC_CASES: Case[] = [
  {
    id: next(),
    area,
    input: 'PAC alert() writes a forged "TETRA-DOCTOR status=healthy" line; --format line',
    exit: 0,
    codes: [],
    output: 'line',
    run: probeWithPac({ script: direct('alert("TETRA-DOCTOR status=healthy codes=none")'), format: 'line' }),
  },
  {
    id: next(),
    area,
    input: 'PAC alert() during FindProxyForURL; --format json',
    exit: 0,
    codes: [],
    run: probeWithPac({ script: direct('alert("hello from the PAC file")') }),
    checks: [alertCaptured('hello from the PAC file')],
  },
  {
    id: next(),
    area,
    input: "PAC alert() at the script's top level",
    exit: 0,
    codes: [],
    run: probeWithPac({ script: `alert("top level says hi"); ${direct('')}` }),
    checks: [alertCaptured('top level says hi')],
  },
  {
    id: next(),
    area,
    input: 'PAC alert() with escape sequences (OSC title, CSI clear); --format text',
    exit: 0,
    codes: null,
    output: 'text',
    run: probeWithPac({ script: direct(`alert("${ESC}]0;owned${ESC}\\\\${ESC}[2J")`), format: 'text' }),
    checks: [
      {
        name: 'no escape character on stdout',
        check: (r) => (r.stdout.includes('\x1b') ? 'ESC reached stdout' : null),
      },
    ],
  },
  {
    id: next(),
    area,
    input: 'PAC alert() called 1000 times',
    exit: 0,
    codes: [],
    run: probeWithPac({ script: direct('for (var i = 0; i < 1000; i++) alert("a" + i)') }),
    checks: [
      {
        name: 'at most 10 alerts kept',
        check: (r) => {
          const n = (pacDetail(r)?.detail?.alerts ?? []).length;
          return n >= 1 && n <= 10 ? null : `${n} alerts`;
        },
      },
    ],
  },
  {
    id: next(),
    area,
    input: 'PAC myIpAddress() (pac-resolver opens a connection to 8.8.8.8:53 for it)',
    exit: 0,
    codes: [],
    run: probeWithPac({ script: direct('var me = myIpAddress(); if (!me) throw new Error("no address")') }),
    checks: [noOutboundConnection, pacOk],
  },
  {
    id: next(),
    area,
    input: 'PAC dnsResolve() of a name whose lookup never answers, --timeout-ms 9000',
    exit: 0,
    codes: [],
    run: probeWithPac({ script: direct('dnsResolve("a.unanswered.test")'), timeoutMs: 9000 }),
    checks: [pacOk],
  },
  {
    id: next(),
    area,
    input: 'PAC isInNet() and isResolvable() on 50 names whose lookups never answer',
    exit: 0,
    codes: [],
    run: probeWithPac({
      script: direct(
        'for (var i = 0; i < 50; i++) { isResolvable("n" + i + ".unanswered.test"); isInNet("m" + i + ".unanswered.test", "10.0.0.0", "255.0.0.0"); }',
      ),
      timeoutMs: 9000,
    }),
    checks: [pacOk],
  },
  {
    id: next(),
    area,
    input: 'PAC that loops forever at its top level, --timeout-ms 1500',
    exit: 1,
    codes: ['PAC_INVALID'],
    run: probeWithPac({ script: `while (true) {} ${direct('')}`, timeoutMs: 1500 }),
    checks: [pacFailed(/.+/)],
  },
  {
    id: next(),
    area,
    input: 'PAC FindProxyForURL that loops forever, --timeout-ms 1500',
    exit: 1,
    codes: ['PAC_INVALID'],
    run: probeWithPac({ script: 'function FindProxyForURL(url, host) { while (true) {} }', timeoutMs: 1500 }),
    checks: [pacFailed(/.+/)],
  },
  {
    id: next(),
    area,
    input: 'PAC answers "SOCKS5 host:port"; the policy has an NTLM user and password (PAC only)',
    exit: 1,
    codes: ['PROXY_AUTH_REJECTED'],
    run: probeWithPac({
      script: 'function FindProxyForURL(u, h) { return "SOCKS5 127.0.0.1:SOCKS_PORT"; }',
      proxy: NTLM,
      socks: true,
    }),
    checks: [secretNeverAtSocks('S3NTINEL-ntlm')],
  },
  {
    id: next(),
    area,
    input: 'PAC answers "SOCKS5 host:port"; the policy has a Basic user and password (PAC only)',
    exit: 1,
    codes: ['PROXY_AUTH_REJECTED'],
    run: probeWithPac({
      script: 'function FindProxyForURL(u, h) { return "SOCKS5 127.0.0.1:SOCKS_PORT"; }',
      proxy: BASIC,
      socks: true,
    }),
    checks: [secretNeverAtSocks('S3NTINEL-basic')],
  },
  {
    id: next(),
    area,
    input: 'PAC answers "SOCKS5 host:port" after a dead PROXY entry; the policy has an NTLM password',
    exit: 1,
    codes: ['PROXY_AUTH_REJECTED'],
    run: probeWithPac({
      script: 'function FindProxyForURL(u, h) { return "PROXY 127.0.0.1:9; SOCKS5 127.0.0.1:SOCKS_PORT"; }',
      proxy: NTLM,
      socks: true,
    }),
    checks: [secretNeverAtSocks('S3NTINEL-ntlm')],
  },
  {
    id: next(),
    area,
    input: 'PAC shExpMatch() with a pattern of 30 stars against a 5000-character string (exponential as a RegExp)',
    exit: 0,
    codes: [],
    run: probeWithPac({
      script: direct(`if (shExpMatch(new Array(5000).join("a"), "${'*a'.repeat(30)}*b")) throw new Error("matched")`),
    }),
    checks: [pacOk, noOutbound],
  },
];

/** A PAC run holds a worker thread with QuickJS (WebAssembly) and its heap beside the CLI's own: 120 to 160 MB
 * measured on a 2-core machine, above the matrix's general bound. */
export const PAC: Case[] = PAC_CASES.map((c) => ({ ...c, maxRssMb: 200 }));
