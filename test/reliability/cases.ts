// The bad-input matrix: malformed and hostile inputs from every source tetra-doctor reads, each with the finding
// and exit code it must produce. docs/reliability.md is generated from this table (npm run docs:reliability).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, type CliRun } from '../helpers/cli';
import { localXml, makeEndpoint, postureJson, policyXml, type EndpointOptions } from '../helpers/endpoint';
import { startPath, type PathOptions } from '../helpers/pathServers';
import { endlessBody, redirectLoop, startBlackHole, startProxy, startRaw, trickle, type Running } from '../helpers/servers';

export interface Case {
  id: string;
  area: 'posture' | 'local.xml' | 'policy.xml' | 'versions.id' | 'server' | 'proxy' | 'arguments';
  input: string;
  exit: number;
  /** Findings that must be reported (others may be too). */
  codes: string[];
  run(): Promise<CliRun>;
}

const cleanup: Array<() => unknown> = [];
export async function cleanUp(): Promise<void> {
  while (cleanup.length) await cleanup.pop()!();
}

function detectOffline(endpoint: EndpointOptions, extra: string[] = []) {
  return async () => {
    const e = makeEndpoint(endpoint);
    cleanup.push(e.remove);
    return runCli(['detect', '--amp-dir', e.root, '--offline', '--format', 'json', '--posture-timeout-ms', '1500', ...extra], { measureRss: true });
  };
}

/** Detect with a healthy update path and the given versions.id server behaviour. */
function detectWithReference(reference: PathOptions['reference']) {
  return async () => {
    const path = await startPath({ reference });
    const e = makeEndpoint();
    cleanup.push(path.close, e.remove);
    return runCli(['detect', '--amp-dir', e.root, '--format', 'json', ...path.args], { measureRss: true });
  };
}

function probeWith(start: () => Promise<Running>, args: (server: Running) => string[]) {
  return async () => {
    const server = await start();
    cleanup.push(server.close);
    return runCli(['probe', '--format', 'json', '--timeout-ms', '2500', ...args(server)], { now: null, measureRss: true });
  };
}

function probePath(options: PathOptions) {
  return async () => {
    const path = await startPath(options);
    cleanup.push(path.close);
    return runCli(['probe', '--format', 'json', ...path.args, '--timeout-ms', '2500'], { now: null, measureRss: true });
  };
}

/** Probe a healthy path through a misbehaving proxy. */
function viaProxy(start: () => Promise<Running>) {
  return async () => {
    const [path, proxy] = await Promise.all([startPath(), start()]);
    cleanup.push(path.close, proxy.close);
    return runCli(['probe', '--format', 'json', ...path.args, '--timeout-ms', '2500', '--proxy', `http://user:S3NTINEL-pw@127.0.0.1:${proxy.port}`], { now: null, measureRss: true });
  };
}

const ampCli = (body: string): EndpointOptions => ({ ampCliScript: body });
const failedPosture: EndpointOptions = { posture: null };
const utf16 = (text: string) => Buffer.from(text, 'utf16le');
const bomb = (root: string) =>
  `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><${root}>&j;</${root}>`;
const deep = (n: number) => `<config>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</config>`;
const padded = (xml: string, megabytes: number) => xml.replace('<config>', `<config><!--${'x'.repeat(megabytes * 1024 * 1024)}-->`);
const notConfig = '<?xml version="1.0"?><settings><tetra>1</tetra></settings>';

export const CASES: Case[] = [
  // AmpCLI.exe posture: local.xml is sound, so every broken posture falls back to it.
  { id: 'P01', area: 'posture', input: 'prints nothing', exit: 0, codes: ['POSTURE_UNAVAILABLE'], run: detectOffline({ posture: '' }) },
  { id: 'P02', area: 'posture', input: 'prints an HTML error page', exit: 0, codes: ['POSTURE_UNAVAILABLE'], run: detectOffline({ posture: '<html><body>500 Internal Server Error</body></html>' }) },
  { id: 'P03', area: 'posture', input: 'JSON truncated mid-object', exit: 0, codes: ['POSTURE_UNAVAILABLE'], run: detectOffline({ posture: postureJson().slice(0, 120) }) },
  { id: 'P04', area: 'posture', input: 'fields of the wrong types (engines a string, version "abc")', exit: 0, codes: [], run: detectOffline({ posture: '{"connected":"maybe","running":[],"engines":"Tetra","connector_version":{"a":1}}' }) },
  { id: 'P05', area: 'posture', input: 'NUL bytes inside the JSON', exit: 0, codes: ['POSTURE_UNAVAILABLE'], run: detectOffline({ posture: postureJson().replace(/,/g, ',\u0000') }) },
  { id: 'P06', area: 'posture', input: '30 MB of output', exit: 0, codes: ['POSTURE_UNAVAILABLE'], run: detectOffline(ampCli('head -c 31457280 /dev/zero')) },
  { id: 'P07', area: 'posture', input: 'UTF-16LE without a BOM', exit: 0, codes: [], run: detectOffline({ posture: utf16(postureJson()) as unknown as string }) },
  { id: 'P08', area: 'posture', input: 'never finishes (killed after --posture-timeout-ms)', exit: 0, codes: ['POSTURE_UNAVAILABLE'], run: detectOffline(ampCli('sleep 60')) },
  { id: 'P09', area: 'posture', input: 'exits 1 after printing an error', exit: 0, codes: ['POSTURE_UNAVAILABLE'], run: detectOffline(ampCli('echo "Error: the service is not responding"; exit 1')) },
  { id: 'P10', area: 'posture', input: 'a JSON array instead of an object', exit: 0, codes: ['POSTURE_UNAVAILABLE'], run: detectOffline({ posture: '[{"name":"Tetra"}]' }) },
  { id: 'P11', area: 'posture', input: 'numbers out of range (version 1e308, times negative)', exit: 0, codes: [], run: detectOffline({ posture: '{"running":true,"engines":[{"name":"Tetra","enabled":true,"definitions":[{"version":1e308,"last_successful_update":-5}]}]}' }) },
  { id: 'P12', area: 'posture', input: 'AmpCLI.exe cannot be executed', exit: 0, codes: ['POSTURE_UNAVAILABLE'], run: detectOffline({ ampCliNotExecutable: true }) },
  // local.xml when posture has failed too: the state is undetermined unless local.xml still reads.
  { id: 'L01', area: 'local.xml', input: 'truncated', exit: 4, codes: ['LOCAL_XML_UNREADABLE', 'DEFINITIONS_UNKNOWN'], run: detectOffline({ ...failedPosture, localXml: localXml().slice(0, 180) }) },
  { id: 'L02', area: 'local.xml', input: 'declares encoding="UTF-16" but is UTF-8', exit: 0, codes: ['POSTURE_UNAVAILABLE'], run: detectOffline({ ...failedPosture, localXml: localXml().replace('UTF-8', 'UTF-16') }) },
  { id: 'L03', area: 'local.xml', input: 'UTF-16LE without a BOM', exit: 0, codes: ['POSTURE_UNAVAILABLE'], run: detectOffline({ ...failedPosture, localXml: utf16(localXml()) }) },
  { id: 'L04', area: 'local.xml', input: 'entity expansion bomb (a billion laughs)', exit: 4, codes: ['LOCAL_XML_UNREADABLE'], run: detectOffline({ ...failedPosture, localXml: bomb('config') }) },
  { id: 'L05', area: 'local.xml', input: '50 MB', exit: 4, codes: ['LOCAL_XML_UNREADABLE'], run: detectOffline({ ...failedPosture, localXml: padded(localXml(), 50) }) },
  { id: 'L06', area: 'local.xml', input: '100,000 elements deep', exit: 4, codes: ['LOCAL_XML_UNREADABLE'], run: detectOffline({ ...failedPosture, localXml: deep(100_000) }) },
  { id: 'L07', area: 'local.xml', input: 'empty file', exit: 4, codes: ['LOCAL_XML_UNREADABLE'], run: detectOffline({ ...failedPosture, localXml: '' }) },
  { id: 'L08', area: 'local.xml', input: 'binary garbage', exit: 4, codes: ['LOCAL_XML_UNREADABLE'], run: detectOffline({ ...failedPosture, localXml: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)) }) },
  { id: 'L09', area: 'local.xml', input: 'well-formed but not a <config> document', exit: 4, codes: ['LOCAL_XML_UNREADABLE'], run: detectOffline({ ...failedPosture, localXml: notConfig }) },
  { id: 'L10', area: 'local.xml', input: 'times and version that are not numbers', exit: 4, codes: ['DEFINITIONS_UNKNOWN'], run: detectOffline({ ...failedPosture, localXml: localXml().replace(/>\d{6,}</g, '>soon<').replace('1:90604', '1:latest') }) },
  { id: 'L11', area: 'local.xml', input: 'lasterror beyond 32 bits', exit: 0, codes: [], run: detectOffline({ localXml: localXml({ lastError: '99999999999999' }) }) },
  { id: 'L12', area: 'local.xml', input: 'a folder where the file should be', exit: 4, codes: ['LOCAL_XML_UNREADABLE'], run: detectOffline({ ...failedPosture, localXml: null, extraFolders: ['local.xml'] }) },
  { id: 'L13', area: 'local.xml', input: 'missing altogether', exit: 4, codes: ['LOCAL_XML_UNREADABLE', 'DEFINITIONS_UNKNOWN'], run: detectOffline({ ...failedPosture, localXml: null }) },
  // policy.xml: optional, so a bad one is a warning and never stops the diagnosis.
  { id: 'Y01', area: 'policy.xml', input: 'truncated', exit: 0, codes: ['POLICY_UNREADABLE'], run: detectOffline({ policyXml: policyXml().slice(0, 150) }) },
  { id: 'Y02', area: 'policy.xml', input: 'entity expansion bomb', exit: 0, codes: ['POLICY_UNREADABLE'], run: detectOffline({ policyXml: bomb('Signature') }) },
  { id: 'Y03', area: 'policy.xml', input: '50 MB', exit: 0, codes: ['POLICY_UNREADABLE'], run: detectOffline({ policyXml: padded(policyXml(), 50) }) },
  { id: 'Y04', area: 'policy.xml', input: 'UTF-16LE without a BOM, TETRA disabled', exit: 3, codes: ['TETRA_DISABLED'], run: detectOffline({ policyXml: utf16(policyXml({ tetraEnabled: false })) }) },
  { id: 'Y05', area: 'policy.xml', input: '100,000 elements deep', exit: 0, codes: ['POLICY_UNREADABLE'], run: detectOffline({ policyXml: deep(100_000) }) },
  // versions.id: the reference is optional; when it cannot be read the age alone decides.
  { id: 'V01', area: 'versions.id', input: 'garbage', exit: 0, codes: ['REFERENCE_UNAVAILABLE'], run: detectWithReference((_q, res) => res.writeHead(200).end('\u0000\u00ff garbage <<<')) },
  { id: 'V02', area: 'versions.id', input: 'an endless body', exit: 0, codes: ['REFERENCE_UNAVAILABLE'], run: detectWithReference(endlessBody) },
  { id: 'V03', area: 'versions.id', input: 'no value (value="")', exit: 0, codes: ['REFERENCE_UNAVAILABLE'], run: detectWithReference((_q, res) => res.writeHead(200).end('<tetra value="" />')) },
  { id: 'V04', area: 'versions.id', input: 'HTTP 404', exit: 0, codes: ['REFERENCE_UNAVAILABLE'], run: detectWithReference((_q, res) => res.writeHead(404).end()) },
  { id: 'V05', area: 'versions.id', input: 'a redirect loop', exit: 0, codes: ['REFERENCE_UNAVAILABLE'], run: detectWithReference(redirectLoop) },
  // The update server.
  { id: 'S01', area: 'server', input: 'response headers trickled a byte at a time', exit: 1, codes: ['SERVER_UNREACHABLE'], run: probeWith(() => startRaw(trickle('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 400)), (s) => ['--update-server', s.url]) },
  { id: 'S02', area: 'server', input: 'an endless body', exit: 1, codes: ['HTTP_ERROR'], run: probePath({ update: endlessBody }) },
  { id: 'S03', area: 'server', input: 'a redirect loop', exit: 1, codes: ['HTTP_ERROR'], run: probePath({ update: redirectLoop }) },
  { id: 'S04', area: 'server', input: 'a certificate for another host', exit: 1, codes: ['TLS_VERIFY_FAILED'], run: probePath({ leaf: { hostnames: ['tetra-defs.example.net'] } }) },
  { id: 'S05', area: 'server', input: 'an expired certificate', exit: 1, codes: ['TLS_VERIFY_FAILED'], run: probePath({ leaf: { notBefore: new Date(Date.now() - 9e8), notAfter: new Date(Date.now() - 864e5) } }) },
  { id: 'S06', area: 'server', input: 'plain HTTP where TLS is expected', exit: 1, codes: ['TLS_HANDSHAKE_FAILED'], run: probeWith(() => startRaw((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')), (s) => ['--update-server', `https://127.0.0.1:${s.port}/`]) },
  { id: 'S07', area: 'server', input: 'accepts and never answers', exit: 1, codes: ['SERVER_UNREACHABLE'], run: probeWith(startBlackHole, (s) => ['--update-server', s.url]) },
  // Proxies, with a healthy server behind them.
  { id: 'X01', area: 'proxy', input: 'answers 407 to every request', exit: 1, codes: ['PROXY_AUTH_REJECTED'], run: viaProxy(() => startProxy({ username: 'nobody-matches', password: 'x' })) },
  { id: 'X02', area: 'proxy', input: 'answers garbage', exit: 1, codes: ['PROXY_DOWNLOAD_FAILED'], run: viaProxy(() => startRaw((s) => s.once('data', () => s.end('\u0000\u0001 not http at all\r\n\r\n')))) },
  { id: 'X03', area: 'proxy', input: 'closes the connection mid-CONNECT', exit: 1, codes: ['PROXY_DOWNLOAD_FAILED'], run: viaProxy(() => startRaw((s) => s.once('data', () => s.destroy()))) },
  { id: 'X04', area: 'proxy', input: 'accepts and never answers', exit: 1, codes: ['PROXY_DOWNLOAD_FAILED'], run: viaProxy(startBlackHole) },
  { id: 'X05', area: 'proxy', input: 'trickles its CONNECT answer a byte at a time', exit: 1, codes: ['PROXY_DOWNLOAD_FAILED'], run: viaProxy(() => startRaw((s) => s.once('data', () => trickle('HTTP/1.1 200 Connection Established\r\n\r\n', 400)(s)))) },
  { id: 'X06', area: 'proxy', input: 'nothing listening on the proxy port', exit: 1, codes: ['PROXY_UNREACHABLE'], run: viaProxy(async () => { const r = await startRaw(() => undefined); await r.close(); return r; }) },
  // The command line itself.
  { id: 'A01', area: 'arguments', input: '--proxy with an https:// URL (TLS to the proxy is not spoken)', exit: 2, codes: [], run: () => runCli(['detect', '--proxy', 'https://127.0.0.1:1080']) },
  { id: 'A02', area: 'arguments', input: '--ca-file that does not exist', exit: 2, codes: [], run: () => runCli(['probe', '--ca-file', path.join('/nonexistent', 'ca.pem')]) },
  { id: 'A03', area: 'arguments', input: '--update-server that is not a URL or host', exit: 2, codes: [], run: () => runCli(['probe', '--update-server', 'http://[::']) },
];

/** docs/reliability.md, generated from the matrix so that the two cannot drift apart: what each case produced. */
export function writeReliabilityDoc(file: string, results: Map<string, CliRun>): void {
  const rows = CASES.map((c) => {
    const run = results.get(c.id);
    if (!run) return `| ${c.id} | ${c.area} | ${c.input} | not run | | |`;
    const codes: string[] = (run.json?.findings ?? []).map((f: { code: string }) => f.code);
    const finding = run.code === 2 ? `usage error: ${run.stderr.trim().replace(/\|/g, '/')}` : codes.join(', ') || 'none (input tolerated)';
    const met = run.code === c.exit && c.codes.every((code) => codes.includes(code)) ? '' : ' (NOT AS EXPECTED)';
    const rss = run.rssKiB ? `${(run.rssKiB / 1024).toFixed(0)} MB` : '-';
    return `| ${c.id} | ${c.area} | ${c.input} | ${finding}${met} | ${run.code} | ${run.ms} ms, ${rss} |`;
  });
  writeFileSync(
    file,
    [
      '# Reliability: the bad-input matrix',
      '',
      'Every row is a test in `test/reliability/matrix.test.ts` (cases in `test/reliability/cases.ts`). For each one the',
      'test asserts the exit code, the findings, that stdout is one complete, valid JSON result (or, for usage errors,',
      'empty), that stderr is empty (one line for usage errors), that no stack trace appears anywhere, that the run took',
      'less than 20 s (the network cases use a 2.5 s deadline; the margin is for a loaded machine) and that its peak RSS',
      'stayed under 150 MB. The findings, exit codes, times and peak RSS below are what each case produced in the run',
      'that wrote this file (`npm run docs:reliability`) on a 2-core machine; RSS is not measured for usage errors.',
      '',
      '| id | source | input | findings reported | exit | time, peak RSS |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}
