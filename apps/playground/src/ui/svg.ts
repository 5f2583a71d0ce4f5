/**
 * Hand-written SVG charts: a line chart and a heat map are a few dozen lines each, smaller than
 * any charting library and free of inline styles (the CSP allows none). Each chart keeps its
 * numbers in `data-values`, so a test reads what was drawn rather than guessing from pixels.
 */

const NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

export interface Series {
  name: string;
  /** [x, y] points; non-finite y are skipped. */
  points: readonly (readonly [number, number])[];
  /** CSS class of the line (its colour comes from the stylesheet). */
  className: string;
}

export interface ChartOptions {
  width?: number;
  height?: number;
  xLabel: string;
  yLabel: string;
  /** Plot log10(y): for gradient norms spanning many orders of magnitude. */
  logY?: boolean;
  title: string;
}

function ticks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  return Array.from({ length: count + 1 }, (_, i) => lo + ((hi - lo) * i) / count);
}

function formatTick(v: number, log: boolean): string {
  if (log) return `1e${Math.round(v)}`;
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** A line chart of several series with axes, tick labels and a legend; scales to its container's width. */
export function lineChart(series: readonly Series[], options: ChartOptions): SVGSVGElement {
  const { width = 640, height = 260, xLabel, yLabel, logY = false, title } = options;
  const m = { left: 56, right: 12, top: 28, bottom: 40 }; // the legend sits in the top margin
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  root.append(svg('title', {}, title));
  const y = (v: number) => (logY ? Math.log10(v) : v);
  const all = series.flatMap((s) => s.points.filter(([, v]) => Number.isFinite(y(v))));
  const xs = all.map(([x]) => x), ys = all.map(([, v]) => y(v));
  const x0 = Math.min(...xs, 0), x1 = Math.max(...xs, 1);
  let y0 = Math.min(...ys), y1 = Math.max(...ys);
  if (!Number.isFinite(y0)) [y0, y1] = [0, 1];
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const px = (x: number) => m.left + ((x - x0) / (x1 - x0 || 1)) * (width - m.left - m.right);
  const py = (v: number) => height - m.bottom - ((v - y0) / (y1 - y0)) * (height - m.top - m.bottom);

  const axes = svg('g', { class: 'axes' });
  for (const t of ticks(y0, y1, 4)) {
    axes.append(svg('line', { x1: m.left, x2: width - m.right, y1: py(t), y2: py(t), class: 'grid' }));
    axes.append(svg('text', { x: m.left - 6, y: py(t) + 4, 'text-anchor': 'end' }, formatTick(t, logY)));
  }
  for (const t of ticks(x0, x1, 4)) axes.append(svg('text', { x: px(t), y: height - m.bottom + 16, 'text-anchor': 'middle' }, String(Math.round(t))));
  axes.append(svg('text', { x: (m.left + width - m.right) / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }, xLabel));
  axes.append(svg('text', { x: 12, y: (m.top + height - m.bottom) / 2, transform: `rotate(-90 12 ${(m.top + height - m.bottom) / 2})`, 'text-anchor': 'middle', class: 'axis-label' }, yLabel));
  root.append(axes);

  series.forEach((s, i) => {
    const kept = s.points.filter(([, v]) => Number.isFinite(y(v)));
    root.append(svg('polyline', {
      points: kept.map(([x, v]) => `${px(x).toFixed(1)},${py(y(v)).toFixed(1)}`).join(' '),
      class: `line ${s.className}`, 'data-name': s.name, 'data-values': JSON.stringify(s.points),
    }));
    const lx = m.left + 8 + i * 170;
    root.append(svg('line', { x1: lx, x2: lx + 18, y1: 10, y2: 10, class: `line ${s.className}` }));
    root.append(svg('text', { x: lx + 24, y: 14, class: 'legend' }, s.name));
  });
  return root;
}

export interface HeatMapOptions {
  title: string;
  /** Colour of one cell's value. */
  colour: (value: number) => string;
  /** Label of row r (left margin). */
  rowLabel: (row: number) => string;
  columnLabel: string;
  width?: number;
}

/** A heat map: one row per entry of `rows`, one cell per value; row labels left, column index below. */
export function heatMap(rows: readonly (readonly number[])[], options: HeatMapOptions): SVGSVGElement {
  const { width = 640, title, colour, rowLabel, columnLabel } = options;
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const left = 64, bottom = 34, cellW = (width - left - 8) / columns;
  const cellH = Math.max(4, Math.min(18, 320 / Math.max(1, rows.length)));
  const height = rows.length * cellH + bottom + 4;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart heatmap', 'data-values': JSON.stringify(rows) });
  root.append(svg('title', {}, title));
  const labelEvery = Math.ceil(rows.length / 12);
  rows.forEach((row, r) => {
    row.forEach((v, c) => root.append(svg('rect', { x: left + c * cellW, y: 4 + r * cellH, width: cellW + 0.5, height: cellH + 0.5, fill: colour(v) })));
    if (r % labelEvery === 0 || r === rows.length - 1) root.append(svg('text', { x: left - 6, y: 4 + r * cellH + cellH / 2 + 4, 'text-anchor': 'end' }, rowLabel(r)));
  });
  const step = Math.ceil(columns / 10);
  for (let c = 0; c < columns; c += step) root.append(svg('text', { x: left + (c + 0.5) * cellW, y: height - bottom + 16, 'text-anchor': 'middle' }, String(c)));
  root.append(svg('text', { x: left + (width - left) / 2, y: height - 4, 'text-anchor': 'middle', class: 'axis-label' }, columnLabel));
  return root;
}
