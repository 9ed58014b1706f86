// Class: the proxy protocol libraries (socks, @ewsjs/ntlm-client). They are given only what their protocol can
// carry (SOCKS 5: a user name and a password of at most 255 bytes each; SOCKS 4: a user id without NUL; NTLM: names
// Windows accepts), and whatever they throw becomes tetra-doctor's own words: never their message as the diagnosis,
// never a crash.
import type net from 'node:net';
import { startNtlmProxy } from '../../helpers/ntlmProxy';
import {
  cleanup,
  makeEndpoint,
  policyXml,
  probeNowhere,
  run,
  startPath,
  startRaw,
  type Case,
  type Check,
  type Running,
} from '../kit';

/** A SOCKS 5 proxy that asks for user/password and refuses whatever it is sent. */
const startSocks5 = () =>
  startRaw((socket: net.Socket) => {
    let greeted = false;
    socket.on('error', () => undefined);
    socket.on('data', () => {
      if (!greeted) {
        greeted = true;
        return void socket.write(Buffer.from([5, 2]));
      }
      socket.end(Buffer.from([1, 1]));
    });
  });

/** A Type 2 challenge that decodes but that the NTLM library cannot answer (it throws from createType3Message). */
function unanswerableChallenge(): string {
  const message = Buffer.alloc(48);
  message.write('NTLMSSP\0', 0, 'latin1');
  message.writeUInt32LE(2, 8);
  message.writeUInt32LE(48, 16);
  message.writeUInt32LE(0x00088205, 20);
  message.fill(1, 24, 32);
  return message.toString('base64');
}

/** An HTTP proxy that asks for NTLM and answers the negotiation with `challenge`. */
const startNtlmChallenger = (challenge: string) => () =>
  startRaw((socket: net.Socket) => {
    let head = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const negotiating = /Proxy-Authorization:\s*NTLM/i.test(head);
      head = '';
      socket.write(
        `HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM${negotiating ? ` ${challenge}` : ''}\r\nContent-Length: 0\r\n\r\n`,
      );
    });
  });

function probeVia(proxyUrl: (port: number) => string, start: () => Promise<Running> = startSocks5) {
  return async () => {
    const proxy = await start();
    cleanup.push(proxy.close);
    return probeNowhere(['--proxy', proxyUrl(proxy.port)]);
  };
}

type PolicyProxy = { type: string; authtype: string; username: string; password: string };

function probePolicyProxy(proxy: PolicyProxy, start: () => Promise<Running>) {
  return async () => {
    const [path, server] = await Promise.all([startPath(), start()]);
    const e = makeEndpoint({
      policyXml: policyXml({ server: path.update.url, proxy: { host: '127.0.0.1', port: server.port, ...proxy } }),
    });
    cleanup.push(path.close, server.close, e.remove);
    return run(['probe', '--amp-dir', e.root, ...path.args, '--format', 'json', '--timeout-ms', '2500'], { now: null });
  };
}

const saysInOwnWords = (pattern: RegExp): Check => ({
  name: `the failure is said in tetra-doctor's words (${pattern.source}), not the library's`,
  check: (r) => {
    const errors = ((r.json?.probes ?? []) as Array<{ error: string | null }>).map((p) => p.error ?? '').join(' | ');
    if (/out of range|Cannot read properties|Invalid key length|undefined|RangeError|TypeError/.test(r.stdout))
      return `a library message reached the output: ${errors.slice(0, 300)}`;
    return pattern.test(errors) ? null : `probe errors: ${errors.slice(0, 300)}`;
  },
});

const LONG_USER = 'u'.repeat(300);
const LONG_PASSWORD = 'S3NTINEL'.repeat(40);
const WIDE_USER = '\u20ac'.repeat(100);

let id = 0;
const next = () => `PL${String(++id).padStart(2, '0')}`;
const area = 'proxy libraries';

export const PROXY_LIBS: Case[] = [
  {
    id: next(),
    area,
    input: '--proxy socks5:// with a 300-byte user name (the SOCKS library threw from its socket handler)',
    exit: 2,
    codes: [],
    run: probeVia((port) => `socks5://${LONG_USER}:pw@127.0.0.1:${port}`),
  },
  {
    id: next(),
    area,
    input: '--proxy socks5:// with a 320-byte password',
    exit: 2,
    codes: [],
    run: probeVia((port) => `socks5://user:${LONG_PASSWORD}@127.0.0.1:${port}`),
  },
  {
    id: next(),
    area,
    input: '--proxy socks5h:// with a user name of 100 euro signs (100 characters, 300 bytes)',
    exit: 2,
    codes: [],
    run: probeVia((port) => `socks5h://${encodeURIComponent(WIDE_USER)}:pw@127.0.0.1:${port}`),
  },
  {
    id: next(),
    area,
    input: '--proxy socks4:// with a NUL in the user id (SOCKS 4 would cut it there)',
    exit: 2,
    codes: [],
    run: probeVia((port) => `socks4://us%00er@127.0.0.1:${port}`),
  },
  {
    id: next(),
    area,
    input: 'policy.xml SOCKS 5 proxy with a 300-byte user name',
    exit: 1,
    codes: ['PROXY_AUTH_REJECTED'],
    run: probePolicyProxy({ type: 'socks5', authtype: 'basic', username: LONG_USER, password: 'pw' }, startSocks5),
    checks: [saysInOwnWords(/at most 255/)],
  },
  {
    id: next(),
    area,
    input: 'policy.xml SOCKS 5 proxy with a 320-byte password',
    exit: 1,
    codes: ['PROXY_AUTH_REJECTED'],
    run: probePolicyProxy(
      { type: 'socks5', authtype: 'basic', username: 'user', password: LONG_PASSWORD },
      startSocks5,
    ),
    checks: [saysInOwnWords(/at most 255/)],
  },
  {
    id: next(),
    area,
    input:
      "an NTLM proxy whose Type 2 challenge decodes but makes the NTLM library throw (its message was the finding's)",
    exit: 1,
    codes: ['PROXY_AUTH_CHALLENGE'],
    run: probePolicyProxy(
      { type: 'http', authtype: 'ntlm', username: 'CORP\\svc-amp', password: 'pw' },
      startNtlmChallenger(unanswerableChallenge()),
    ),
    checks: [saysInOwnWords(/challenge that cannot be decoded/)],
  },
  {
    id: next(),
    area,
    input: 'policy.xml NTLM proxy with a 40000-character user name',
    exit: 1,
    codes: ['PROXY_AUTH_REJECTED'],
    run: probePolicyProxy(
      { type: 'http', authtype: 'ntlm', username: `CORP\\${'u'.repeat(40000)}`, password: 'pw' },
      () => startNtlmProxy({ user: 'svc-amp', domain: 'CORP' }),
    ),
    checks: [saysInOwnWords(/at most 256/)],
  },
];
