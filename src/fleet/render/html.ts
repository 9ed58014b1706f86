// --html FILE: one self-contained page (inline CSS and SVG, no script, nothing loaded from anywhere) that shows at a
// glance how many endpoints are behind, why, and by how much.
import type { Language } from '../../contract/options';
import type { FleetReport } from '../aggregate';
import { STATUSES, type EndpointStatus } from '../types';
import { columnChart, donutChart, horizontalBarChart } from './charts';
import { escapeHtml } from './escape';
import { causeName, causeWords, lagLabel, STATUS_NAMES, WORDS } from './labels';

export interface HtmlOptions {
  lang: Language;
  /** How many endpoints that need attention the table lists. */
  top: number;
}

const STATUS_COLOURS: Record<EndpointStatus, string> = {
  healthy: '#2e7d32',
  unhealthy: '#c62828',
  not_applicable: '#9e9e9e',
  undetermined: '#ef6c00',
};
const LAG_COLOURS: Record<string, string> = {
  '0': '#2e7d32',
  '1-5': '#9ccc65',
  '6-20': '#ffb300',
  '21-100': '#f4511e',
  '101+': '#b71c1c',
  unknown: '#9e9e9e',
};
const MAX_CAUSES = 12;

const STYLE = `
body{font-family:system-ui,"Noto Sans CJK JP","Noto Sans JP",sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#666;font-size:13px}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:120px}
.card .n{font-size:26px;font-weight:600}.card .l{font-size:13px;color:#555}
table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #e5e5e5;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.num{text-align:right}.note{color:#666;font-size:12px}
`;

export function renderFleetHtml(report: FleetReport, options: HtmlOptions): string {
  const W = WORDS[options.lang];
  return [
    '<!DOCTYPE html>',
    `<html lang="${options.lang}"><head><meta charset="utf-8">`,
    // The page must never reach the network: not even a favicon or a font.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<link rel="icon" href="data:,">`,
    `<title>${escapeHtml(W.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(W.title)}</h1>`,
    `<p class="meta">${escapeHtml(W.generated)} ${escapeHtml(report.generatedAt)} · tetra-doctor ${escapeHtml(report.tool.version)}</p>`,
    statusCards(report, options.lang),
    `<section id="status"><h2>${escapeHtml(W.status)}</h2>${statusChart(report, options.lang)}</section>`,
    `<section id="causes"><h2>${escapeHtml(W.causes)}</h2><p class="note">${escapeHtml(W.causesNote)}</p>${causeChart(report, options.lang)}</section>`,
    `<section id="lag"><h2>${escapeHtml(W.lag)}</h2><p class="note">${escapeHtml(W.latest)}: ${report.latestVersion ?? escapeHtml(W.unknownLag)}</p>${lagChart(report, options.lang)}</section>`,
    `<section id="attention"><h2>${escapeHtml(W.attention)} (${report.attention.length})</h2>${attentionTable(report, options)}</section>`,
    `<section id="freshness"><h2>${escapeHtml(W.freshness(report.freshness.maxResultAgeDays))}</h2>${freshnessChart(report, options.lang)}</section>`,
    consoleSection(report, options),
    `<section id="inputs"><h2>${escapeHtml(W.inputs)}</h2>${inputsList(report, options.lang)}</section>`,
    '</body></html>',
  ].join('\n');
}

function statusCards(report: FleetReport, lang: Language): string {
  const W = WORDS[lang];
  const card = (id: string, n: number, label: string, colour = '#222') =>
    `<div class="card" id="card-${id}"><div class="n" style="color:${colour}">${n}</div><div class="l">${escapeHtml(label)}</div></div>`;
  const se = report.secureEndpoint;
  const consoleCards = se
    ? card('not-reporting', se.notReporting, W.notReporting, '#6a1b9a') +
      card('unknown-to-console', se.unknownToConsole, W.unknownToConsole, '#555')
    : '';
  return `<div class="cards">${card('endpoints', report.endpoints, W.endpoints)}${STATUSES.map((s) => card(s, report.status[s], STATUS_NAMES[lang][s], STATUS_COLOURS[s])).join('')}${card('stale', report.freshness.staleReports, W.staleReports, '#8d6e63')}${consoleCards}</div>`;
}

const AGE_COLOURS: Record<string, string> = {
  '<1d': '#2e7d32',
  '1-7d': '#9ccc65',
  '8-30d': '#ffb300',
  '31d+': '#b71c1c',
  unknown: '#9e9e9e',
};

function freshnessChart(report: FleetReport, lang: Language): string {
  const W = WORDS[lang];
  const columns = report.freshness.ages.map((b) => ({
    key: b.bucket,
    label: b.bucket === 'unknown' ? W.unknownAge : b.bucket,
    value: b.endpoints,
    colour: AGE_COLOURS[b.bucket] ?? '#9e9e9e',
  }));
  return columnChart(columns, W.freshness(report.freshness.maxResultAgeDays), W.age);
}

/** Reporting coverage as a donut (current, stale, not reporting), then the per-policy and per-group tables. */
function consoleSection(report: FleetReport, options: HtmlOptions): string {
  const se = report.secureEndpoint;
  if (!se) return '';
  const W = WORDS[options.lang];
  const slices = [
    { key: 'reporting', label: W.reporting, value: se.reporting, colour: '#2e7d32' },
    { key: 'stale', label: W.staleReports, value: se.staleReports, colour: '#8d6e63' },
    { key: 'not-reporting', label: W.notReporting, value: se.notReporting, colour: '#6a1b9a' },
  ];
  const chart = donutChart(slices, W.coverage, `${Math.round(se.coverage * 100)}%`);
  const meta = `<p class="note">${escapeHtml(`${se.computers} ${W.consoleComputers} (${se.source}); ${W.matched(se.matchedByGuid, se.matchedByHostname)}; ${W.unknownToConsole}: ${se.unknownToConsole}; ${W.disagree}: ${se.definitionsDisagree}${se.error ? `; ${se.error}` : ''}`)}</p>`;
  const breakdown = (title: string, rows: typeof se.byPolicy) => {
    const head = [title, W.consoleComputers, W.reporting, W.staleReports, W.notReporting, W.faults, W.definitionStatus]
      .map((h) => `<th>${escapeHtml(h)}</th>`)
      .join('');
    const body = rows
      .slice(0, options.top)
      .map(
        (r) =>
          `<tr><td>${escapeHtml(r.name)}</td>${[r.computers, r.reporting, r.staleReports, r.notReporting].map((n) => `<td class="num">${n}</td>`).join('')}<td>${escapeHtml(counts(r.faults))}</td><td>${escapeHtml(counts(r.definitionStatus))}</td></tr>`,
      );
    return `<h3>${escapeHtml(title)}</h3><table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
  };
  const missing = se.notReportingList
    .slice(0, options.top)
    .map(
      (c) =>
        `<tr>${[c.hostname, c.guid ?? '-', c.policy ?? '-', c.lastSeen?.slice(0, 10) ?? '-', c.faults.join(', ') || '-'].map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`,
    );
  const missingTable = missing.length
    ? `<h3>${escapeHtml(`${W.notReporting} (${se.notReporting})`)}</h3><table><thead><tr>${[W.device, 'GUID', W.policy, W.lastSeen, W.faults].map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${missing.join('')}</tbody></table>`
    : '';
  return `<section id="secure-endpoint"><h2>${escapeHtml(W.console)}</h2>${meta}${chart}${breakdown(W.policy, se.byPolicy)}${breakdown(W.group, se.byGroup)}${missingTable}</section>`;
}

function counts(map: Record<string, number>): string {
  const entries = Object.entries(map).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([k, n]) => `${k} ${n}`).join(', ') : '-';
}

function statusChart(report: FleetReport, lang: Language): string {
  const slices = STATUSES.map((s) => ({
    key: s,
    label: STATUS_NAMES[lang][s],
    value: report.status[s],
    colour: STATUS_COLOURS[s],
  }));
  return donutChart(slices, WORDS[lang].status, String(report.endpoints));
}

function causeChart(report: FleetReport, lang: Language): string {
  if (report.causes.length === 0) return `<p>${escapeHtml(WORDS[lang].noCauses)}</p>`;
  const bars = report.causes
    .slice(0, MAX_CAUSES)
    .map((c) => ({ key: c.code, label: causeName(c.code, lang), value: c.endpoints, colour: '#c62828' }));
  return horizontalBarChart(bars, WORDS[lang].causes);
}

function lagChart(report: FleetReport, lang: Language): string {
  const columns = report.versionLag.map((b) => ({
    key: b.bucket,
    label: lagLabel(b.bucket, lang),
    value: b.endpoints,
    colour: LAG_COLOURS[b.bucket] ?? '#9e9e9e',
  }));
  return columnChart(columns, WORDS[lang].lag, WORDS[lang].versions);
}

function attentionTable(report: FleetReport, options: HtmlOptions): string {
  const W = WORDS[options.lang];
  if (report.attention.length === 0) return `<p>${escapeHtml(W.none)}</p>`;
  const head = [W.device, W.status, W.since, W.lastUpdate, W.version, W.behind, W.age, W.cause]
    .map((h) => `<th>${escapeHtml(h)}</th>`)
    .join('');
  const rows = report.attention.slice(0, options.top).map((r) => {
    const cells = [
      r.device,
      STATUS_NAMES[options.lang][r.status],
      r.since?.slice(0, 10) ?? '-',
      r.lastUpdate?.slice(0, 10) ?? '-',
    ].map((c) => `<td>${escapeHtml(c)}</td>`);
    const numbers = [r.version, r.behind, r.ageDays].map((n) => `<td class="num">${n ?? '-'}</td>`);
    const causes = `<td title="${escapeHtml(r.summary)}">${escapeHtml(causeWords(r.causes, options.lang))}</td>`;
    return `<tr>${cells.join('')}${numbers.join('')}${causes}</tr>`;
  });
  const more =
    report.attention.length > options.top
      ? `<p class="note">${escapeHtml(W.more(report.attention.length - options.top))}</p>`
      : '';
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>${more}`;
}

function inputsList(report: FleetReport, lang: Language): string {
  const W = WORDS[lang];
  const { inputs } = report;
  const failed = inputs.files.filter((f) => f.error !== null);
  const items = [
    `${inputs.files.length - failed.length} ${W.files}, ${inputs.rows} ${W.rows}`,
    `${inputs.unreadableRows} ${W.unreadable}${
      Object.keys(inputs.unreadableByReason).length
        ? ` (${Object.entries(inputs.unreadableByReason)
            .map(([r, n]) => `${r}: ${n}`)
            .join('; ')})`
        : ''
    }`,
    `${failed.length} ${W.unreadableFiles}`,
    `${inputs.superseded} ${W.superseded}`,
  ];
  return `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
}
