// The fleet report for a person at a console: status counts, ranked causes, version lag, and who needs attention.
import type { Language } from '../../contract/options';
import type { AttentionRow, FleetReport } from '../aggregate';
import { STATUSES } from '../types';
import { causeName, causeWords, lagLabel, STATUS_NAMES, WORDS } from './labels';

export interface TextOptions {
  lang: Language;
  /** How many of the endpoints that need attention are listed (all of them are in json and csv). */
  top: number;
}

const BAR_WIDTH = 24;
const MAX_FILE_ERRORS = 10;

export function renderFleetText(report: FleetReport, options: TextOptions): string {
  const W = WORDS[options.lang];
  return [
    `${W.title}: ${W.endpointCount(report.endpoints)}  (${W.generated} ${report.generatedAt})`,
    '',
    ...statusSection(report, options.lang),
    '',
    ...causeSection(report, options.lang),
    '',
    ...lagSection(report, options.lang),
    '',
    ...attentionSection(report, options),
    '',
    ...freshnessSection(report, options.lang),
    ...truthSection(report, options),
    ...consoleSection(report, options),
    '',
    ...inputSection(report, options.lang),
  ].join('\n');
}

function freshnessSection(report: FleetReport, lang: Language): string[] {
  const W = WORDS[lang];
  const { freshness } = report;
  const total = report.shareOf.ages;
  const rows = freshness.ages.map((b) => [
    b.bucket === 'unknown' ? W.unknownAge : b.bucket,
    String(b.endpoints),
    percent(b.endpoints, total),
    bar(b.endpoints, total),
  ]);
  const stale = STATUSES.filter((s) => freshness.staleByStatus[s] > 0).map(
    (s) => `${STATUS_NAMES[lang][s]} ${freshness.staleByStatus[s]}`,
  );
  return [
    `${W.freshness(freshness.maxResultAgeDays)}; ${W.shareOf(report.shareOf.ages, W.ofAll)}`,
    ...table(rows, [false, true, true, false]).map(indent),
    indent(`${W.staleReports}: ${freshness.staleReports}${stale.length ? ` (${stale.join(', ')})` : ''}`),
  ];
}

/** Results that cannot be taken at their word: dated in the future, or one connector GUID on several hosts. */
function truthSection(report: FleetReport, options: TextOptions): string[] {
  const W = WORDS[options.lang];
  const lines: string[] = [];
  if (report.future.length) {
    lines.push('', W.future(report.future.length));
    for (const r of report.future.slice(0, options.top))
      lines.push(indent(`${r.device}  ${STATUS_NAMES[options.lang][r.status]}  ${r.checkedAt ?? '-'}  ${r.source}`));
  }
  if (report.clones.length) {
    lines.push('', W.clones(report.clones.length));
    for (const c of report.clones.slice(0, options.top)) lines.push(indent(`${c.guid}: ${c.devices.join(', ')}`));
  }
  return lines;
}

function consoleSection(report: FleetReport, options: TextOptions): string[] {
  const se = report.secureEndpoint;
  if (!se) return [];
  const W = WORDS[options.lang];
  const lines = [
    '',
    `${W.console}: ${se.computers} ${W.consoleComputers} (${se.source})${se.error ? `; ${se.error}` : ''}`,
    indent(`${W.coverage}: ${asPercent(se.coverage)}  ${bar(se.reporting, se.computers)}`),
    indent(
      `${W.reporting}: ${se.reporting}; ${W.staleReports}: ${se.staleReports}; ${W.notReporting}: ${se.notReporting}`,
    ),
    indent(`${W.unknownToConsole}: ${se.unknownToConsole}; ${W.disagree}: ${se.definitionsDisagree}`),
    indent(W.matched(se.matchedByGuid, se.matchedByHostname)),
  ];
  const breakdown = (title: string, rows: typeof se.byPolicy) => {
    const header = [
      title,
      W.consoleComputers,
      W.reporting,
      W.staleReports,
      W.notReporting,
      W.faults,
      W.definitionStatus,
    ];
    const cells = rows
      .slice(0, options.top)
      .map((r) => [
        r.name,
        String(r.computers),
        String(r.reporting),
        String(r.staleReports),
        String(r.notReporting),
        counts(r.faults),
        counts(r.definitionStatus),
      ]);
    return [
      '',
      indent(title),
      ...table([header, ...cells], [false, true, true, true, true, false, false]).map((l) => indent(indent(l))),
    ];
  };
  lines.push(...breakdown(W.policy, se.byPolicy), ...breakdown(W.group, se.byGroup));
  if (se.notReportingList.length) {
    lines.push('', indent(`${W.notReporting} (${se.notReporting})`));
    const rows = se.notReportingList
      .slice(0, options.top)
      .map((c) => [
        c.hostname,
        c.guid ?? '-',
        c.policy ?? '-',
        day(c.lastSeen),
        c.definitionsVersion?.toString() ?? '-',
        c.faults.join(',') || '-',
      ]);
    lines.push(
      ...table(
        [[W.device, 'GUID', W.policy, W.lastSeen, W.version, W.faults], ...rows],
        [false, false, false, false, true, false],
      ).map((l) => indent(indent(l))),
    );
    if (se.notReportingList.length > options.top)
      lines.push(indent(indent(W.more(se.notReportingList.length - options.top))));
  }
  if (se.disagreementList.length) {
    lines.push('', indent(`${W.disagree} (${se.definitionsDisagree})`));
    const rows = se.disagreementList
      .slice(0, options.top)
      .map((d) => [d.device, String(d.consoleVersion), String(d.endpointVersion), day(d.checkedAt)]);
    lines.push(
      ...table([[W.device, W.consoleVersion, W.endpointVersion, W.since], ...rows], [false, true, true, false]).map(
        (l) => indent(indent(l)),
      ),
    );
  }
  return lines;
}

function counts(map: Record<string, number>): string {
  const entries = Object.entries(map).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([k, n]) => `${k} ${n}`).join(', ') : '-';
}

function statusSection(report: FleetReport, lang: Language): string[] {
  const rows = STATUSES.map((s) => [
    STATUS_NAMES[lang][s],
    String(report.status[s]),
    percent(report.status[s], report.shareOf.status),
    bar(report.status[s], report.shareOf.status),
  ]);
  const W = WORDS[lang];
  return [
    `${W.status} (${W.shareOf(report.shareOf.status, W.ofCurrent)})`,
    ...table(rows, [false, true, true, false]).map(indent),
  ];
}

function causeSection(report: FleetReport, lang: Language): string[] {
  const W = WORDS[lang];
  if (report.causes.length === 0) return [`${W.causes}: ${W.noCauses}`];
  // One row per root cause, with every code of it: the connector's last error and the probe's 407 are one cause.
  const rows = report.causes.map((c) => [
    c.codes.join('+'),
    String(c.endpoints),
    asPercent(c.share),
    causeName(c.code, lang),
  ]);
  return [
    `${W.causes}: ${W.causesNote}; ${W.shareOf(report.shareOf.causes, W.ofAttention)}`,
    ...table(rows, [false, true, true, false]).map(indent),
  ];
}

function lagSection(report: FleetReport, lang: Language): string[] {
  const W = WORDS[lang];
  const total = report.shareOf.versionLag;
  const rows = report.versionLag.map((b) => [
    lagLabel(b.bucket, lang),
    String(b.endpoints),
    percent(b.endpoints, total),
    bar(b.endpoints, total),
  ]);
  return [
    `${W.lag}: ${W.versions} (${W.latest}: ${report.latestVersion ?? W.unknownLag}); ${W.shareOf(total, W.ofLagged)}`,
    ...table(rows, [false, true, true, false]).map(indent),
  ];
}

function attentionSection(report: FleetReport, options: TextOptions): string[] {
  const W = WORDS[options.lang];
  const shown = report.attention.slice(0, options.top);
  if (shown.length === 0) return [`${W.attention}: ${W.none}`];
  const header = [W.device, W.status, W.since, W.lastUpdate, W.version, W.behind, W.age, W.cause];
  const rows = shown.map((r) => attentionCells(r, options.lang));
  const lines = [
    `${W.attention} (${report.attention.length})`,
    ...table([header, ...rows], [false, false, false, false, true, true, true, false]).map(indent),
  ];
  if (report.attention.length > shown.length) lines.push(indent(W.more(report.attention.length - shown.length)));
  return lines;
}

function attentionCells(row: AttentionRow, lang: Language): string[] {
  return [
    row.device,
    STATUS_NAMES[lang][row.status],
    day(row.since),
    day(row.lastUpdate),
    row.version?.toString() ?? '-',
    row.behind?.toString() ?? '-',
    row.ageDays?.toFixed(1) ?? '-',
    causeWords(row.causes, lang),
  ];
}

function inputSection(report: FleetReport, lang: Language): string[] {
  const W = WORDS[lang];
  const { inputs } = report;
  const failedFiles = inputs.files.filter((f) => f.error !== null);
  const duplicates = inputs.duplicates.files + inputs.duplicates.results + inputs.duplicates.computers;
  const reasons = Object.entries(inputs.unreadableByReason).map(([reason, n]) => `${reason}: ${n}`);
  const lines = [
    `${W.inputs}: ${inputs.files.length - failedFiles.length} ${W.files}, ${inputs.rows} ${W.rows}, ${inputs.unreadableRows} ${W.unreadable}${reasons.length ? ` (${reasons.join('; ')})` : ''}, ${failedFiles.length} ${W.unreadableFiles}, ${inputs.superseded} ${W.superseded}, ${duplicates} ${W.duplicates}`,
  ];
  for (const file of failedFiles.slice(0, MAX_FILE_ERRORS)) lines.push(indent(`${file.path}: ${file.error}`));
  return lines;
}

function percent(part: number, whole: number): string {
  return asPercent(whole > 0 ? part / whole : 0);
}

function asPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

function bar(part: number, whole: number): string {
  return '#'.repeat(whole > 0 ? Math.round((part / whole) * BAR_WIDTH) : 0);
}

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '-';
}

const indent = (line: string) => `  ${line}`;

/** Columns padded by display width: Japanese characters take two cells in a terminal. */
function table(rows: string[][], rightAligned: boolean[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]))));
  return rows.map((r) =>
    r
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i] - displayWidth(cell));
        return i === r.length - 1 ? cell : rightAligned[i] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;

function displayWidth(text: string): number {
  return text.length + (text.match(WIDE)?.length ?? 0);
}
