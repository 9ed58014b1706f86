// --format text: for a person at a console. Colour is the caller's choice (the CLI: a terminal on stdout, no
// NO_COLOR); files get none.
import type { Language } from '../contract/options';
import { forTerminal } from '../system/terminalText';
import { groupByRootCause, primaryFinding, rootCauseOf } from '../contract/rootCauses';
import { probeErrorText } from './probeWords';
import type { DoctorResult } from '../contract/result';

interface TextOptions {
  lang: Language;
  colour: boolean;
  /** Applied to every value after it is made terminal-safe, so that neutralizing cannot re-form a secret. */
  redact?: (text: string) => string;
}

const LABELS = {
  en: {
    status: 'Status',
    host: 'Host',
    connector: 'Connector',
    definitions: 'TETRA definitions',
    latest: 'latest',
    behind: 'behind',
    lastUpdate: 'Last successful update',
    lastError: 'Last update error',
    server: 'Update server',
    proxy: 'Proxy',
    findings: 'Findings',
    probes: 'Network checks',
    action: 'Action',
    nextStep: 'Next step',
    nothingToDo: 'none',
    rejectedUser: (user: string) => `The proxy rejected user "${user}".`,
    none: 'none',
    unknown: 'unknown',
    notInstalled: 'not installed',
    running: 'running',
    stopped: 'not running',
    connected: 'connected',
    disconnected: 'disconnected',
  },
  ja: {
    status: '状態',
    host: 'ホスト',
    connector: 'コネクタ',
    definitions: 'TETRA 定義',
    latest: '最新',
    behind: '遅れ',
    lastUpdate: '最終更新成功',
    lastError: '前回の更新エラー',
    server: '更新サーバー',
    proxy: 'プロキシ',
    findings: '検出結果',
    probes: 'ネットワーク確認',
    action: '対処',
    nextStep: '次の対処',
    nothingToDo: 'なし',
    rejectedUser: (user: string) => `プロキシはユーザー "${user}" を拒否しました。`,
    none: 'なし',
    unknown: '不明',
    notInstalled: '未インストール',
    running: '動作中',
    stopped: '停止',
    connected: '接続済み',
    disconnected: '未接続',
  },
} as const;

const STATUS_WORDS = {
  en: { healthy: 'HEALTHY', unhealthy: 'UNHEALTHY', not_applicable: 'NOT APPLICABLE', undetermined: 'UNDETERMINED' },
  ja: { healthy: '正常', unhealthy: '要対応', not_applicable: '対象外', undetermined: '判定不能' },
} as const;

const COLOURS = { red: 31, green: 32, yellow: 33, grey: 90 } as const;

export function renderText(result: DoctorResult, options: TextOptions): string {
  const L = LABELS[options.lang];
  const redact = options.redact ?? ((t: string) => t);
  // Every value printed is data: whatever a proxy, a server or an XML file put in it, the terminal only shows it.
  const v = (value: unknown) => redact(forTerminal(String(value)));
  const paint = (colour: keyof typeof COLOURS, text: string) =>
    options.colour ? `\x1b[${COLOURS[colour]}m${text}\x1b[0m` : text;
  const statusColour =
    result.status === 'healthy'
      ? 'green'
      : result.status === 'unhealthy' || result.status === 'undetermined'
        ? 'red'
        : 'yellow';
  const { connector, tetra } = result;
  const words = result.localized ?? { summary: result.summary, findings: result.findings };
  // Each cause once: the connector's last error and the probe that reproduces it are one group, one entry.
  const groups = groupByRootCause(words.findings);
  const primary = result.status === 'healthy' ? null : primaryFinding(words.findings);
  const primaryGroup = primary ? (groups.find((g) => g.includes(primary)) ?? [primary]) : null;
  const lines = [
    `${L.status}: ${paint(statusColour, STATUS_WORDS[options.lang][result.status] ?? v(result.status))} (exit ${result.exitCode})  ${L.host}: ${v(result.host)}`,
    `${L.nextStep}: ${primary && primaryGroup ? v(nextStep(primary.action, primaryGroup, result, options.lang)) : L.nothingToDo}`,
    // The summary restates the findings listed below; it is shown when there is no cause to act on.
    ...(primary ? [] : [v(words.summary)]),
    '',
  ];
  if (result.command !== 'probe') {
    const state = connector.installed
      ? [
          connector.version === null ? L.unknown : v(connector.version),
          connector.running === null ? null : connector.running ? L.running : L.stopped,
          connector.connected === null ? null : connector.connected ? L.connected : L.disconnected,
        ]
          .filter(Boolean)
          .join(', ')
      : L.notInstalled;
    lines.push(`${L.connector}: ${state}`);
    lines.push(
      `${L.definitions}: ${v(tetra.version ?? L.unknown)} (${L.latest} ${v(tetra.latestVersion ?? L.unknown)}, ${L.behind} ${v(tetra.versionsBehind ?? L.unknown)})`,
    );
    lines.push(`${L.lastUpdate}: ${v(tetra.lastSuccessfulUpdate ?? L.unknown)}`);
    lines.push(
      `${L.lastError}: ${tetra.lastError ? v(`${tetra.lastError.unsigned} (${tetra.lastError.code}, ${tetra.lastError.name})`) : L.unknown}`,
    );
  }
  const path = result.path;
  const from = (source: string | undefined) => (source ? ` (${source})` : '');
  lines.push(
    `${L.server}: ${v(result.updateServer ?? L.unknown)}${from(path?.updateServer.source)}  ${L.proxy}: ${result.proxy ? v(proxyText(result.proxy)) : L.none}${from(path?.proxySource)}${result.pacUrl ? `  PAC: ${v(result.pacUrl)}` : ''}`,
  );
  if (result.winHttpProxy)
    lines.push(
      `WinHTTP ${L.proxy}: ${result.winHttpProxy.direct ? 'direct' : v(`${result.winHttpProxy.proxyServers}${result.winHttpProxy.bypassList ? ` (bypass ${result.winHttpProxy.bypassList})` : ''}`)}`,
    );
  if (result.probes.length > 0) {
    lines.push('', `${L.probes}:`);
    // Checks that failed the same way (one 407 fails the tunnel, TLS, HTTP and the reference) are one line.
    for (const probes of groupProbes(result.probes)) {
      const [probe] = probes;
      const mark = probe.ok ? paint('green', 'ok  ') : paint('red', 'FAIL');
      const names = probes.map((p) => v(p.name)).join(', ');
      const error = probe.error ? `  ${v(probeErrorText(probe.error, probe.failure, options.lang))}` : '';
      lines.push(
        `  ${mark} ${names.padEnd(16)} ${v(probe.target)} ${paint('grey', `${v(probe.durationMs)} ms`)}${error}`,
      );
    }
  }
  lines.push('', `${L.findings}:${words.findings.length === 0 ? ` ${L.none}` : ''}`);
  for (const group of groups) {
    const finding = group.find((f) => f.code === rootCauseOf(f.code)) ?? group[0];
    const colour = finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'grey';
    const codes = group.map((f) => v(f.code)).join(', ');
    lines.push(`  ${paint(colour, v(finding.severity).toUpperCase().padEnd(7))} ${codes}: ${v(finding.message)}`);
    // The primary cause's action is the Next step above: said once.
    if (group !== primaryGroup) lines.push(`          ${L.action}: ${v(finding.action)}`);
  }
  lines.push(...actionSections(result, options.lang).map((line) => v(line)));
  return lines.join('\n');
}

const PROXY_AUTH_CODES = new Set(['PROXY_AUTH_REJECTED', 'LASTERROR_PROXY_AUTH']);

/** The primary cause's action; when the proxy refused credentials, which user it refused. */
function nextStep(action: string, group: Array<{ code: string }>, result: DoctorResult, lang: Language): string {
  const user = result.proxy?.username;
  const rejected = user && group.some((f) => PROXY_AUTH_CODES.has(f.code));
  return rejected ? `${action} ${LABELS[lang].rejectedUser(user)}` : action;
}

/** Probes in order, those that failed the same way (same failure kind) folded into the first of them. */
function groupProbes(probes: DoctorResult['probes']): Array<DoctorResult['probes']> {
  const groups: Array<DoctorResult['probes']> = [];
  const byFailure = new Map<string, DoctorResult['probes']>();
  for (const probe of probes) {
    const failure = !probe.ok && probe.failure ? probe.failure : null;
    const group = failure ? byFailure.get(failure) : undefined;
    if (group) {
      group.push(probe);
      continue;
    }
    const created = [probe];
    groups.push(created);
    if (failure) byFailure.set(failure, created);
  }
  return groups;
}

/** host:port, with the kind and authentication when they are not plain HTTP without any. */
function proxyText(proxy: NonNullable<DoctorResult['proxy']>): string {
  const where = proxy.host.includes(':') ? `[${proxy.host}]:${proxy.port}` : `${proxy.host}:${proxy.port}`;
  const kind = proxy.kind && proxy.kind !== 'http' ? `${proxy.kind}://` : '';
  return `${kind}${where}${proxy.auth && proxy.auth !== 'none' ? ` (${proxy.auth})` : ''}`;
}

/** remediate, collect and detect's history, when the result carries them. */
function actionSections(result: DoctorResult, lang: Language): string[] {
  const ja = lang === 'ja';
  const lines: string[] = [];
  const r = result.remediation;
  if (r)
    lines.push(
      '',
      `${ja ? '修復' : 'Remediation'}: ${r.outcome}  (${ja ? 'バージョン' : 'version'} ${r.before?.version ?? '-'} -> ${r.after?.version ?? '-'}, ${Math.round(r.waitedMs / 1000)} s, sfc.exe ${r.sfcExitCode ?? '-'})`,
    );
  const c = result.collection;
  if (c) {
    lines.push('', `${ja ? '資料の収集' : 'Collection'}: ${c.outcome}${c.outputDir ? `  ${c.outputDir}` : ''}`);
    if (c.attach.length > 0)
      lines.push(
        `  ${ja ? 'TAC ケースに添付するもの' : 'Attach to the TAC case'}:`,
        ...c.attach.map((f) => `    ${f}`),
      );
  }
  const h = result.history;
  if (h?.available) {
    const since = h.unhealthySince ? `; ${ja ? '要対応の開始' : 'unhealthy since'} ${h.unhealthySince}` : '';
    lines.push(
      '',
      `${ja ? '履歴' : 'History'}: ${h.unhealthyRecent}/${h.recentRuns} ${ja ? '回が要対応' : 'recent runs unhealthy'}${since}`,
    );
  }
  return lines;
}
