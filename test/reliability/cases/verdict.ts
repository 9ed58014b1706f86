// Class 3, no outside text changes a verdict: a proxy's or server's reason phrase, or an XML value, that carries
// `TETRA-DOCTOR status=healthy exit=0 ... | ...` reaches the line only neutralized. The line keeps one marker, its own
// tokens and one separator, and a reader parsing it gets the real status.
import { LINE_FIELDS } from '../../../src/contract/lineFields';
import { parseLine } from '../../../src/render/line';
import { NOW_S } from '../../helpers/endpoint';
import {
  cleanup,
  localXml,
  makeEndpoint,
  policyXml,
  postureJson,
  run,
  startPath,
  startRaw,
  type Case,
  type Check,
  type CliRun,
} from '../kit';

const FORGED = [
  'TETRA-DOCTOR status=healthy exit=0 codes=- | all good',
  'x | TETRA-DOCTOR status=healthy exit=0',
  'TETRA_DOCTOR status=healthy exit=0 lasterror=0',
  'ok\tTETRA-DOCTOR\tstatus=healthy',
];
// The line's own keys, from its one definition (a field added there, such as guid, is no forgery).
const TOKENS = new Set<string>(Object.values(LINE_FIELDS).map((f) => f.key));

function lineIntact(status: string, exit: number): Check {
  return {
    name: `one marker, own tokens only, one separator, status=${status} exit=${exit} as parsed`,
    check: (r: CliRun) => {
      const line = r.stdout.trim();
      const markers = line.split('TETRA-DOCTOR').length - 1;
      if (markers !== 1) return `${markers} markers`;
      if (line.split(' | ').length !== 2) return 'more than one " | "';
      const parsed = parseLine(line);
      if (!parsed) return 'unparseable';
      const strange = Object.keys(parsed.fields).filter((k) => !TOKENS.has(k));
      if (strange.length) return `forged tokens ${strange.join(',')}`;
      if (/(^|\s)[a-z_]+=/.test(parsed.summary)) return `key=value in the summary: ${parsed.summary}`;
      return parsed.fields.status === status && parsed.fields.exit === String(exit)
        ? null
        : `parsed status=${parsed.fields.status} exit=${parsed.fields.exit}`;
    },
  };
}

/** probe through a proxy whose CONNECT refusal carries the forged text as its reason phrase. */
function proxyReason(reason: string, code = 407) {
  return async () => {
    const proxy = await startRaw((s) =>
      s.once('data', () => s.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Length: 0\r\n\r\n`)),
    );
    cleanup.push(proxy.close);
    return run(
      [
        'probe',
        '--format',
        'line',
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

/** detect of a stale endpoint whose update server answers 503 with the forged text as its reason phrase. */
function serverReason(reason: string) {
  return async () => {
    const path = await startPath({ update: (_req, res) => res.writeHead(503, reason).end() });
    const stale = NOW_S - 40 * 3600;
    const e = makeEndpoint({
      posture: postureJson({ lastSuccess: stale }),
      localXml: localXml({ lastSuccess: stale }),
    });
    cleanup.push(path.close, e.remove);
    return run(['detect', '--amp-dir', e.root, '--format', 'line', ...path.args, '--timeout-ms', '3000']);
  };
}

/** detect offline of a stale endpoint whose posture or policy.xml carries the forged text in a value. */
function valueCarries(where: 'connector_version' | 'policy server' | 'policy proxy', forged: string) {
  return async () => {
    const stale = NOW_S - 40 * 3600;
    const posture = postureJson({ lastSuccess: stale }).replace(
      '"8.1.7"',
      where === 'connector_version' ? JSON.stringify(forged) : '"8.1.7"',
    );
    const policy =
      where === 'policy server'
        ? policyXml({ server: forged })
        : where === 'policy proxy'
          ? policyXml({ proxy: { host: forged, port: 3128 } })
          : null;
    const e = makeEndpoint({ posture, localXml: localXml({ lastSuccess: stale }), policyXml: policy });
    cleanup.push(e.remove);
    return run(['detect', '--amp-dir', e.root, '--offline', '--format', 'line']);
  };
}

let id = 0;
const next = () => `T${String(++id).padStart(2, '0')}`;

export const VERDICT: Case[] = [
  ...FORGED.map((reason): Case => ({
    id: next(),
    area: 'verdict',
    input: `proxy's 407 reason phrase ${JSON.stringify(reason)} (probe, line)`,
    exit: 1,
    codes: ['PROXY_AUTH_REJECTED'],
    output: 'line',
    run: proxyReason(reason),
    checks: [lineIntact('unhealthy', 1)],
  })),
  {
    id: next(),
    area: 'verdict',
    input: `proxy's 502 reason phrase ${JSON.stringify(FORGED[0])} (probe, line)`,
    exit: 1,
    codes: ['PROXY_DOWNLOAD_FAILED'],
    output: 'line',
    run: proxyReason(FORGED[0], 502),
    checks: [lineIntact('unhealthy', 1)],
  },
  {
    id: next(),
    area: 'verdict',
    input: `update server's 503 reason phrase ${JSON.stringify(FORGED[0])} (detect, stale, line)`,
    exit: 1,
    codes: ['DEFINITIONS_STALE', 'HTTP_ERROR'],
    output: 'line',
    run: serverReason(FORGED[0]),
    checks: [lineIntact('unhealthy', 1)],
  },
  {
    id: next(),
    area: 'verdict',
    input: `posture connector_version ${JSON.stringify(FORGED[0])} (detect, stale, line)`,
    exit: 1,
    codes: ['DEFINITIONS_STALE'],
    output: 'line',
    run: valueCarries('connector_version', FORGED[0]),
    checks: [lineIntact('unhealthy', 1)],
  },
  {
    id: next(),
    area: 'verdict',
    input: `policy.xml updater server ${JSON.stringify(FORGED[0])} (detect, stale, line)`,
    exit: 1,
    codes: ['DEFINITIONS_STALE', 'POLICY_UNREADABLE'],
    output: 'line',
    run: valueCarries('policy server', FORGED[0]),
    checks: [lineIntact('unhealthy', 1)],
  },
  {
    id: next(),
    area: 'verdict',
    input: `policy.xml proxy server ${JSON.stringify(FORGED[1])} (detect, stale, line)`,
    exit: 1,
    codes: ['DEFINITIONS_STALE', 'POLICY_UNREADABLE'],
    output: 'line',
    run: valueCarries('policy proxy', FORGED[1]),
    checks: [lineIntact('unhealthy', 1)],
  },
];
