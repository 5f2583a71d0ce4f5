// Small, dependency-free SVG charts for training reports (the CLI's HTML report, the editor's
// webview). Every chart carries the numbers it draws in a data-values attribute, so a test (or
// a curious reader) can check the picture against the run.

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface Series {
  name: string;
  color: string;
  /** [x, y] points. */
  points: [number, number][];
}

/** A line chart of one or more series over a shared x axis, with labelled extremes. */
export function lineChart(title: string, series: Series[], width = 720, height = 260): string {
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return '';
  const xs = all.map((p) => p[0]), ys = all.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const pad = { left: 56, right: 16, top: 28, bottom: 32 };
  const sx = (x: number) => pad.left + ((x - x0) / (x1 - x0 || 1)) * (width - pad.left - pad.right);
  const sy = (y: number) => height - pad.bottom - ((y - y0) / (y1 - y0 || 1)) * (height - pad.top - pad.bottom);
  const lines = series.map((s) => {
    const d = s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    const dots = s.points.length <= 40 ? s.points.map(([x, y]) => `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${s.color}"/>`).join('') : '';
    return `<polyline class="series" data-name="${escape(s.name)}" data-values="${escape(JSON.stringify(s.points))}" fill="none" stroke="${s.color}" stroke-width="1.5" points="${d}"/>${dots}`;
  }).join('');
  const legend = series.map((s, i) => `<text x="${pad.left + 10 + i * 160}" y="18" fill="${s.color}" font-size="12">■ ${escape(s.name)}</text>`).join('');
  return `<svg class="chart" role="img" aria-label="${escape(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>
<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#999"/>
<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#999"/>
<text x="4" y="${sy(y1) + 4}" font-size="11">${y1.toFixed(2)}</text><text x="4" y="${sy(y0) + 4}" font-size="11">${y0.toFixed(2)}</text>
<text x="${pad.left}" y="${height - 10}" font-size="11">${x0}</text><text x="${width - pad.right - 30}" y="${height - 10}" font-size="11">${x1}</text>
${legend}${lines}</svg>`;
}

/**
 * A heat map: one row per recorded training step, one column per time step t, colour =
 * log10 of ‖dL/dh_t‖. A vanishing gradient shows as a fade to the left.
 */
export function heatMap(rows: { label: string; values: number[] }[], width = 720): string {
  if (rows.length === 0) return '';
  const columns = Math.max(...rows.map((r) => r.values.length));
  const logs = rows.flatMap((r) => r.values.filter((v) => v > 0).map(Math.log10));
  const lo = Math.min(...logs), hi = Math.max(...logs);
  const cell = { w: (width - 120) / columns, h: 18 };
  const color = (v: number) => {
    if (!(v > 0)) return '#eee';
    const u = (Math.log10(v) - lo) / (hi - lo || 1);
    return `hsl(${(1 - u) * 240}, 80%, ${35 + u * 25}%)`;
  };
  const cells = rows.map((r, i) => r.values.map((v, t) =>
    `<rect x="${(110 + t * cell.w).toFixed(1)}" y="${24 + i * cell.h}" width="${cell.w.toFixed(1) }" height="${cell.h - 1}" fill="${color(v)}"><title>${escape(r.label)}, t = ${t}: ${v.toExponential(2)}</title></rect>`).join('')
    + `<text x="4" y="${24 + i * cell.h + 13}" font-size="11">${escape(r.label)}</text>`).join('');
  const height = 24 + rows.length * cell.h + 24;
  return `<svg class="heatmap" data-values="${escape(JSON.stringify(rows))}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<text x="110" y="16" font-size="11">t = 0 (early steps) → t = ${columns - 1} (where the loss is)  ·  colour: log₁₀ ‖dL/dh_t‖ from ${lo.toFixed(1)} (blue) to ${hi.toFixed(1)} (red)</text>
${cells}</svg>`;
}
