/**
 * Inline SVG charts for the self-contained report: a line chart (series over time) and a bar
 * chart (a distribution). No scripts, no external assets. Each chart is an <svg class="chart"
 * data-chart="ID"> so tests and people can find it.
 */
import { niceCeil } from '../hist.ts';

export interface LineSeries {
  name: string;
  color: string;
  points: Array<[number, number]>;
  dashed?: boolean;
}

export interface Bar {
  lo: number;
  hi: number;
  count: number;
  open?: boolean;
}

const W = 860;
const H = 300;
const M = { left: 64, right: 16, top: 44, bottom: 44 };

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const fmt = (v: number): string => (Math.abs(v) >= 1000 ? `${+(v / 1000).toFixed(1)}k` : `${+v.toFixed(2)}`);

/** A round tick step for about n ticks up to max, and the axis end: max rounded up to a step. */
function axis(max: number, n: number): { step: number; top: number } {
  if (!(max > 0)) return { step: 1, top: 1 };
  const step = niceCeil(max / n);
  return { step, top: Math.ceil(max / step - 1e-9) * step };
}

function ticks(a: { step: number; top: number }): number[] {
  const out: number[] = [];
  for (let i = 0; i * a.step <= a.top + 1e-9 && i <= 20; i++) out.push(i * a.step);
  return out;
}

/** Frame, grid, axis labels; returns the SVG head and the data→pixel mappers. */
function frame(id: string, title: string, xLabel: string, yLabel: string, xMax: number, yMax: number) {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const xa = axis(xMax, 8);
  const ya = axis(yMax, 5);
  const xTop = xa.top;
  const yTop = ya.top;
  const x = (v: number): number => M.left + (v / xTop) * pw;
  const y = (v: number): number => M.top + ph - (v / yTop) * ph;
  const parts = [
    `<svg class="chart" data-chart="${esc(id)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`,
    `<text x="${M.left}" y="18" class="title">${esc(title)}</text>`,
  ];
  for (const t of ticks(ya)) {
    parts.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}"/>`);
    parts.push(`<text class="tick" x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  for (const t of ticks(xa)) parts.push(`<text class="tick" x="${x(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`);
  parts.push(`<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${y(0)}" y2="${y(0)}"/>`);
  parts.push(`<line class="axis" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${y(0)}"/>`);
  parts.push(`<text class="label" x="${M.left + pw / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>`);
  parts.push(`<text class="label" transform="translate(14 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  return { parts, x, y };
}

export function lineChart(o: { id: string; title: string; xLabel: string; yLabel: string; series: LineSeries[] }): string {
  const all = o.series.flatMap((s) => s.points);
  const xMax = Math.max(0, ...all.map((p) => p[0]));
  const yMax = Math.max(0, ...all.map((p) => p[1]));
  const { parts, x, y } = frame(o.id, o.title, o.xLabel, o.yLabel, xMax, yMax);
  o.series.forEach((s, i) => {
    const pts = s.points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<polyline class="series" data-series="${esc(s.name)}" fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${pts}"/>`);
    const lx = M.left + 12 + i * 130;
    parts.push(`<rect x="${lx}" y="${M.top - 18}" width="12" height="4" fill="${s.color}"/><text class="legend" x="${lx + 16}" y="${M.top - 13}">${esc(s.name)}</text>`);
  });
  if (all.length === 0) parts.push(`<text class="empty" x="${W / 2}" y="${H / 2}" text-anchor="middle">no data</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

export function barChart(o: { id: string; title: string; xLabel: string; yLabel: string; bars: Bar[]; color: string }): string {
  const xMax = Math.max(0, ...o.bars.map((b) => b.hi));
  const yMax = Math.max(0, ...o.bars.map((b) => b.count));
  const { parts, x, y } = frame(o.id, o.title, o.xLabel, o.yLabel, xMax, yMax);
  for (const b of o.bars) {
    const w = Math.max(1, x(b.hi) - x(b.lo) - 1);
    parts.push(
      `<rect class="bar" x="${x(b.lo).toFixed(1)}" y="${y(b.count).toFixed(1)}" width="${w.toFixed(1)}" height="${(y(0) - y(b.count)).toFixed(1)}" fill="${o.color}"><title>${b.open ? `≥ ${fmt(b.lo)}` : `${fmt(b.lo)}–${fmt(b.hi)}`}: ${b.count}</title></rect>`,
    );
  }
  if (o.bars.length === 0) parts.push(`<text class="empty" x="${W / 2}" y="${H / 2}" text-anchor="middle">no data</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
