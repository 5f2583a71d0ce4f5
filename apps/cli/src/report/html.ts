import type { ReportData } from './report.js';
import { heatMap, lineChart } from '@recurrent/topologies';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Colour of an activation in [−1, 1]: blue below zero, red above, white at zero. */
function activationColor(v: number): string {
  const a = Math.min(1, Math.abs(v));
  return v >= 0 ? `rgba(220, 40, 40, ${a.toFixed(2)})` : `rgba(40, 80, 220, ${a.toFixed(2)})`;
}

/**
 * The training report: one self-contained HTML page (inline SVG and CSS, no script, no
 * network), so it opens anywhere and shows the same thing offline.
 */
export function reportHtml(data: ReportData): string {
  const loss = lineChart('loss', [
    { name: 'training loss (nats)', color: '#1f6feb', points: data.losses.map((l, i) => [i + 1, l]) },
    ...(data.validationLosses.length > 0 ? [{ name: 'validation loss (nats)', color: '#d1242f', points: data.validationLosses }] : []),
  ]);
  const heat = heatMap(data.gradients.map((g) => ({ label: `step ${g.step}`, values: g.norms })));
  const units = data.activations.units.map((u) =>
    `<div class="unit"><span class="label">unit ${u.unit}</span><span class="text">${data.activations.text.map((ch, i) =>
      `<span style="background:${activationColor(u.values[i]!)}" title="${u.values[i]!.toFixed(3)}">${ch === '\n' ? '⏎' : escape(ch)}</span>`).join('')}</span></div>`).join('\n');
  const last = data.losses.at(-1);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>recurrent — ${escape(data.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 780px; color: #1f2328; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
pre, .text { font-family: ui-monospace, monospace; font-size: 12px; }
pre { background: #f6f8fa; padding: 8px; white-space: pre-wrap; }
.unit { display: flex; gap: 8px; margin: 4px 0; } .unit .label { width: 64px; flex: none; color: #555; }
.unit .text { white-space: pre-wrap; word-break: break-all; }
table { border-collapse: collapse; } td { padding: 2px 10px 2px 0; }
</style></head><body>
<h1>Training report: ${escape(data.title)}</h1>
<table id="summary">
<tr><td>cell</td><td>${escape(data.config.cell)}, ${data.config.numLayers} layer(s) of ${data.config.hiddenSize}</td></tr>
<tr><td>vocabulary</td><td>${data.vocabularySize} symbols</td></tr>
<tr><td>trained on</td><td>${data.files.map(escape).join(', ')}</td></tr>
<tr><td>steps</td><td>${data.losses.length}</td></tr>
<tr><td>final loss</td><td id="final-loss">${last === undefined ? '—' : `${last.toFixed(4)} nats (${(last / Math.LN2).toFixed(3)} bits/char)`}</td></tr>
</table>
<h2>Loss</h2>
<section id="loss-chart">${loss}</section>
<h2>Gradient flow over time steps</h2>
<p>How much of the loss's gradient reaches the hidden state at each step of a ${data.gradients[0]?.norms.length ?? 0}-character window, measured at several moments of training. A fade towards t = 0 is the vanishing gradient.</p>
<section id="gradient-heatmap">${heat || '<p>(the text was too short to measure)</p>'}</section>
<h2>Samples</h2>
<section id="samples">${data.samples.map((s) => `<pre><b>${escape(s.prefix)}</b>${escape(s.text)}</pre>`).join('\n')}</section>
<h2>Hidden state over a sample text</h2>
<p>The ${data.activations.units.length} units of the top layer that vary most, per character: red above zero, blue below.</p>
<section id="activations">${units}</section>
<script type="application/json" id="report-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
</body></html>
`;
}
