// The fleet report for a person at a console: status counts, ranked causes, version lag, and who needs attention.
import type { Language } from '../../options';
import type { AttentionRow, FleetReport } from '../aggregate';
import { STATUSES } from '../types';
import { causeName, lagLabel, STATUS_NAMES, WORDS } from './labels';

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
    ...inputSection(report, options.lang),
  ].join('\n');
}

function statusSection(report: FleetReport, lang: Language): string[] {
  const rows = STATUSES.map((s) => [STATUS_NAMES[lang][s], String(report.status[s]), percent(report.status[s], report.endpoints), bar(report.status[s], report.endpoints)]);
  return [WORDS[lang].status, ...table(rows, [false, true, true, false]).map(indent)];
}

function causeSection(report: FleetReport, lang: Language): string[] {
  const W = WORDS[lang];
  if (report.causes.length === 0) return [`${W.causes}: ${W.noCauses}`];
  const rows = report.causes.map((c) => [c.code, String(c.endpoints), asPercent(c.share), causeName(c.code, lang)]);
  return [`${W.causes}: ${W.causesNote}`, ...table(rows, [false, true, true, false]).map(indent)];
}

function lagSection(report: FleetReport, lang: Language): string[] {
  const W = WORDS[lang];
  const total = report.versionLag.reduce((n, b) => n + b.endpoints, 0);
  const rows = report.versionLag.map((b) => [lagLabel(b.bucket, lang), String(b.endpoints), percent(b.endpoints, total), bar(b.endpoints, total)]);
  return [`${W.lag}: ${W.versions} (${W.latest}: ${report.latestVersion ?? W.unknownLag})`, ...table(rows, [false, true, true, false]).map(indent)];
}

function attentionSection(report: FleetReport, options: TextOptions): string[] {
  const W = WORDS[options.lang];
  const shown = report.attention.slice(0, options.top);
  if (shown.length === 0) return [`${W.attention}: ${W.none}`];
  const header = [W.device, W.status, W.since, W.lastUpdate, W.version, W.behind, W.cause];
  const rows = shown.map((r) => attentionCells(r, options.lang));
  const lines = [`${W.attention} (${report.attention.length})`, ...table([header, ...rows], [false, false, false, false, true, true, false]).map(indent)];
  if (report.attention.length > shown.length) lines.push(indent(W.more(report.attention.length - shown.length)));
  return lines;
}

function attentionCells(row: AttentionRow, lang: Language): string[] {
  return [row.device, STATUS_NAMES[lang][row.status], day(row.since), day(row.lastUpdate), row.version?.toString() ?? '-', row.behind?.toString() ?? '-', row.causes.join(',') || '-'];
}

function inputSection(report: FleetReport, lang: Language): string[] {
  const W = WORDS[lang];
  const { inputs } = report;
  const failedFiles = inputs.files.filter((f) => f.error !== null);
  const reasons = Object.entries(inputs.unreadableByReason).map(([reason, n]) => `${reason}: ${n}`);
  const lines = [
    `${W.inputs}: ${inputs.files.length - failedFiles.length} ${W.files}, ${inputs.rows} ${W.rows}, ${inputs.unreadableRows} ${W.unreadable}${reasons.length ? ` (${reasons.join('; ')})` : ''}, ${failedFiles.length} ${W.unreadableFiles}, ${inputs.superseded} ${W.superseded}`,
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

export function displayWidth(text: string): number {
  return text.length + (text.match(WIDE)?.length ?? 0);
}
