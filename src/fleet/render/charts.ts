// SVG charts for the HTML report, rendered to strings without a DOM: d3-scale and d3-shape do the geometry (scales,
// nice ticks, arcs), and the markup is written here, so the page needs no script and loads nothing.
import { scaleBand, scaleLinear } from 'd3-scale';
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
  const x = scaleLinear()
    .domain([0, Math.max(1, ...bars.map((b) => b.value))])
    .range([0, width - labelWidth - 60]);
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
  const x = scaleBand()
    .domain(columns.map((c) => c.key))
    .range([margin.left, width - margin.right])
    .padding(0.25);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...columns.map((c) => c.value))])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const ticks = y
    .ticks(4)
    .filter(Number.isInteger)
    .map(
      (t) =>
        `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${margin.left - 6}" y="${y(t)}" dy="0.35em" text-anchor="end">${t}</text>`,
    );
  const bars = columns.map((c) => {
    const top = y(c.value);
    const left = x(c.key)!;
    return [
      `<rect data-bar="${escapeHtml(c.key)}" data-value="${c.value}" x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${x.bandwidth().toFixed(1)}" height="${(height - margin.bottom - top).toFixed(1)}" fill="${c.colour}"><title>${escapeHtml(`${c.label}: ${c.value}`)}</title></rect>`,
      `<text x="${(left + x.bandwidth() / 2).toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle">${escapeHtml(c.label)}</text>`,
    ].join('');
  });
  const axis = `<text x="${(margin.left + width - margin.right) / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(axisLabel)}</text>`;
  return svg(width, height, title, [...ticks, ...bars, axis]);
}

function svg(width: number, height: number, title: string, body: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}><title>${escapeHtml(title)}</title>${body.join('')}</svg>`;
}
