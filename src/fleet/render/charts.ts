// SVG charts for the HTML report, rendered to strings without a DOM: d3-shape draws the donut's arcs, the few lines
// of scale arithmetic below place the bars and ticks, and the markup is written here, so the page needs no script
// and loads nothing.
import { arc, pie } from 'd3-shape';
import { escapeHtml } from './escape';

export interface Slice {
  key: string;
  label: string;
  value: number;
  colour: string;
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

/** Status as a donut with the total in the middle and a legend beside it. */
export function donutChart(slices: Slice[], title: string, centre: string): string {
  const size = 180;
  const radius = size / 2;
  const shown = slices.filter((s) => s.value > 0);
  const arcs = pie<Slice>()
    .value((s) => s.value)
    .sort(null)(shown);
  const path = arc<(typeof arcs)[number]>()
    .innerRadius(radius * 0.58)
    .outerRadius(radius - 2)
    .padAngle(shown.length > 1 ? 0.01 : 0);
  const segments = arcs.map(
    (a) =>
      `<path data-slice="${a.data.key}" data-value="${a.data.value}" d="${path(a)}" fill="${a.data.colour}"><title>${escapeHtml(`${a.data.label}: ${a.data.value}`)}</title></path>`,
  );
  const legend = slices.map((s, i) => {
    const y = 24 + i * 24;
    return `<rect x="${size + 24}" y="${y - 11}" width="14" height="14" fill="${s.colour}"/><text x="${size + 46}" y="${y}">${escapeHtml(s.label)}: ${s.value}</text>`;
  });
  return svg(size + 240, size, title, [
    `<g transform="translate(${radius},${radius})">${segments.join('')}<text text-anchor="middle" dy="0.35em" font-size="22" font-weight="600">${escapeHtml(centre)}</text></g>`,
    ...legend,
  ]);
}

/** Causes, one horizontal bar each, longest first, with the count at the end of the bar. */
export function horizontalBarChart(bars: Slice[], title: string): string {
  const labelWidth = 300;
  const width = 760;
  const rowHeight = 26;
  const height = Math.max(1, bars.length) * rowHeight + 8;
  const x = linearScale(Math.max(1, ...bars.map((b) => b.value)), 0, width - labelWidth - 60);
  const rows = bars.map((b, i) => {
    const y = 4 + i * rowHeight;
    const w = Math.max(1, x(b.value));
    return [
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(b.label)}</text>`,
      `<rect data-bar="${escapeHtml(b.key)}" data-value="${b.value}" x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="${b.colour}"><title>${escapeHtml(`${b.key}: ${b.value}`)}</title></rect>`,
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 16}">${b.value}</text>`,
    ].join('');
  });
  return svg(width, height, title, rows);
}

/** Version lag: one vertical bar per bucket on a band scale, with a value axis of nice round ticks. */
export function columnChart(columns: Slice[], title: string, axisLabel: string): string {
  const width = 560;
  const height = 240;
  const margin = { top: 16, right: 12, bottom: 44, left: 52 };
  const x = bandScale(columns.length, margin.left, width - margin.right, 0.25);
  const top = niceTop(Math.max(1, ...columns.map((c) => c.value)));
  const y = linearScale(top, height - margin.bottom, margin.top);
  const ticks = integerTicks(top, 4).map(
    (t) =>
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${margin.left - 6}" y="${y(t)}" dy="0.35em" text-anchor="end">${t}</text>`,
  );
  const bars = columns.map((c, i) => {
    const top = y(c.value);
    const left = x.start(i);
    return [
      `<rect data-bar="${escapeHtml(c.key)}" data-value="${c.value}" x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${x.bandwidth.toFixed(1)}" height="${(height - margin.bottom - top).toFixed(1)}" fill="${c.colour}"><title>${escapeHtml(`${c.label}: ${c.value}`)}</title></rect>`,
      `<text x="${(left + x.bandwidth / 2).toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle">${escapeHtml(c.label)}</text>`,
    ].join('');
  });
  const axis = `<text x="${(margin.left + width - margin.right) / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(axisLabel)}</text>`;
  return svg(width, height, title, [...ticks, ...bars, axis]);
}

/** Maps 0..max onto from..to (d3's linear scale, interpolated the same way). */
function linearScale(max: number, from: number, to: number): (value: number) => number {
  return (value) => {
    const t = value / max;
    return from * (1 - t) + to * t;
  };
}

/** `count` bands across from..to, with `padding` (a fraction of a step) between bands and at both ends (d3's band scale). */
function bandScale(count: number, from: number, to: number, padding: number) {
  const step = (to - from) / Math.max(1, count + padding);
  const first = from + (to - from - step * (count - padding)) / 2;
  return { start: (i: number) => first + step * i, bandwidth: step * (1 - padding) };
}

/** A round step (1, 2 or 5 times a power of ten) that cuts 0..top into about `count` parts (d3's tickIncrement). */
function tickStep(top: number, count: number): number {
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  return power * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1);
}

/** The axis top rounded up to a round number, as d3's nice() does for a count axis (top at least 1). */
function niceTop(max: number): number {
  let top = max;
  for (;;) {
    const step = Math.max(1, tickStep(top, 10));
    const next = Math.ceil(top / step) * step;
    if (next === top) return top;
    top = next;
  }
}

/** Whole-number ticks from 0 to top, about `count` of them: counts have no fractions. */
function integerTicks(top: number, count: number): number[] {
  const step = Math.max(1, tickStep(top, count));
  return Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
}

function svg(width: number, height: number, title: string, body: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}><title>${escapeHtml(title)}</title>${body.join('')}</svg>`;
}
