import { lineChart } from '@recurrent/topologies';

export interface ReportState {
  status: string;
  step: number;
  losses: number[];
  vocabularySize: number;
  spec: string;
  documents: number;
  characters: number;
  latencies: number[];
  modelPath: string;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The training report webview: a static page (no script) with the loss curve and statistics. */
export function reportHtml(state: ReportState, cspSource: string): string {
  const offset = Math.max(0, state.step - state.losses.length);
  const chart = state.losses.length > 1
    ? lineChart('loss', [{ name: 'training loss (nats), recent steps', color: '#1f6feb', points: state.losses.map((l, i) => [offset + i + 1, l]) }])
    : '<p>No training steps yet: open or edit some text files.</p>';
  const last = state.losses.at(-1);
  const rows: [string, string][] = [
    ['status', state.status],
    ['model', state.spec],
    ['steps trained', String(state.step)],
    ['current loss', last === undefined ? '—' : `${last.toFixed(3)} nats · ${(last / Math.LN2).toFixed(2)} bits/char`],
    ['vocabulary', `${state.vocabularySize} symbols`],
    ['learning from', `${state.documents} documents, ${state.characters.toLocaleString('en-US')} characters`],
    ['completion latency', state.latencies.length === 0 ? '—' : `p50 ${percentile(state.latencies, 0.5).toFixed(2)} ms · p95 ${percentile(state.latencies, 0.95).toFixed(2)} ms`],
    ['stored at', state.modelPath],
  ];
  return `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline';">
<style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:12px}td{padding:2px 12px 2px 0}svg{background:#fff}</style>
</head><body><h2>recurrent — training report</h2>
<table id="stats">${rows.map(([k, v]) => `<tr><td>${k}</td><td>${escape(v)}</td></tr>`).join('')}</table>
<section id="loss">${chart}</section>
<p>Everything here was computed on this machine; nothing is sent anywhere.</p></body></html>`;
}
