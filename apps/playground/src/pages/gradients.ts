import type { Page } from '../router.js';
import { diverging } from '../ui/colour.js';
import { announce, button, el, field, numberInput, select, slider } from '../ui/dom.js';
import { heatMap, lineChart } from '../ui/svg.js';
import { throttle } from '../ui/throttle.js';
import type { FlowPoint, LabApi, LabEvents, LabSettings } from '../worker/gradients-api.js';
import { WorkerClient } from '../worker/rpc.js';

/** Decades of the colour scale each way: 10^±8 relative to the gradient at the loss. */
const DECADES = 8;
/** Rows the heat map keeps: beyond that, every other old row is dropped (the recent ones stay). */
const MAX_ROWS = 60;

type Preset = { label: string; id: string; settings: Partial<LabSettings> };
const PRESETS: readonly Preset[] = [
  { id: 'vanishing', label: 'Make it vanish (tanh RNN, W_hh × 0.5)', settings: { cell: 'rnn', activation: 'tanh', scale: 0.5, clip: 0, optimizer: 'sgd', lr: 0.1 } },
  { id: 'exploding', label: 'Make it explode (ReLU RNN, W_hh × 1.6)', settings: { cell: 'rnn', activation: 'relu', scale: 1.6, clip: 0, optimizer: 'sgd', lr: 0.5 } },
  { id: 'clipped', label: 'Fix the explosion: clip the norm to 1', settings: { cell: 'rnn', activation: 'relu', scale: 1.6, clip: 1, optimizer: 'sgd', lr: 0.5 } },
  { id: 'lstm', label: 'Fix the fade: LSTM, forget-gate bias 3', settings: { cell: 'lstm', scale: 1, forgetBias: 3, clip: 1, optimizer: 'adam', lr: 0.01 } },
];

/** ‖dL/dh_0‖ / ‖dL/dh_{T−1}‖: how much of the loss's gradient reaches the first step. */
export function survival(norms: readonly number[]): number {
  return norms[0]! / norms[norms.length - 1]!;
}

function verdict(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'The gradient overflowed.';
  if (ratio < 1e-3) return `Vanishing: only ${ratio.toExponential(1)} of the gradient reaches t = 0, so the first symbol cannot be learnt.`;
  if (ratio > 1e3) return `Exploding: the gradient at t = 0 is ${ratio.toExponential(1)} times the one at the loss; updates will overshoot.`;
  return `Flowing: ${ratio.toExponential(1)} of the gradient reaches t = 0.`;
}

/**
 * BPTT and its gradient problems: ‖dL/dh_t‖ for every step t, measured on each training batch
 * and drawn as a live heat map, with the controls that make it vanish (small recurrent gain,
 * saturating tanh) or explode (gain above 1, ReLU), and the fixes (gates, forget-gate bias, clipping).
 */
export const gradientsPage: Page = (root) => {
  const worker = new WorkerClient<LabApi, LabEvents>(new Worker(new URL('../worker/gradients.worker.ts', import.meta.url), { type: 'module', name: 'gradient-lab' }));
  const cell = select('lab-cell', [['rnn', 'Vanilla RNN'], ['lstm', 'LSTM'], ['gru', 'GRU']], 'rnn');
  const activation = select('activation', [['tanh', 'tanh'], ['relu', 'ReLU']], 'tanh');
  const scale = slider('W_hh scale (× orthogonal)', 'scale', 0.5, 0.1, 2.5, 0.05, (v) => v.toFixed(2));
  const forgetBias = slider('Forget-gate bias', 'forget-bias', 0, 0, 5, 0.5, (v) => v.toFixed(1));
  const clip = numberInput('lab-clip', 0, 0, 100, 'any');
  const steps = numberInput('time-steps', 40, 5, 100);
  const optimizer = select('optimizer', [['sgd', 'SGD'], ['adam', 'Adam']], 'sgd');
  const lr = numberInput('lab-lr', 0.1, 0.0001, 5, 'any');
  const trainSteps = numberInput('train-steps', 300, 1, 5000);
  const verdictLine = el('p', { id: 'verdict', class: 'verdict', 'aria-live': 'polite' });
  const outcomeLine = el('p', { id: 'lab-outcome' });
  const heat = el('figure', { id: 'heatmap', class: 'chart-box' });
  const flowChart = el('figure', { id: 'flow-chart', class: 'chart-box' });
  const lossChart = el('figure', { id: 'lab-loss', class: 'chart-box' });
  let rows: FlowPoint[] = [];
  let first: FlowPoint | undefined;
  let losses: [number, number][] = [];

  const syncEnabled = () => {
    activation.disabled = cell.value !== 'rnn';
    forgetBias.input.disabled = cell.value !== 'lstm';
  };
  cell.addEventListener('change', syncEnabled);

  const redraw = throttle(() => {
    const last = rows.at(-1);
    heat.replaceChildren(heatMap(rows.map((r) => r.norms.map((n) => Math.log10(n / r.norms.at(-1)!) / DECADES)), {
      title: 'Heat map of the gradient norm at each time step, relative to the last step, for each training step',
      colour: diverging, rowLabel: (r) => `step ${rows[r]!.step}`, columnLabel: 'time step t (the loss is at the right)',
    }), el('figcaption', {}, `Each row is one training step; each cell log₁₀(‖dL/dhₜ‖ / ‖dL/dh_T−1‖): blue fades to 10⁻${DECADES}, red grows to 10⁺${DECADES}.`));
    heat.dataset['rows'] = String(rows.length);
    heat.dataset['step'] = String(last?.step ?? 0);
    if (!last || !first) return;
    const ratio = survival(last.norms);
    verdictLine.textContent = verdict(ratio);
    verdictLine.dataset['ratio'] = String(ratio);
    verdictLine.dataset['firstRatio'] = String(survival(first.norms));
    flowChart.replaceChildren(lineChart([
      { name: `step ${first.step}`, points: first.norms.map((n, t) => [t, n] as const), className: 'series-b' },
      { name: `step ${last.step}`, points: last.norms.map((n, t) => [t, n] as const), className: 'series-a' },
    ], { xLabel: 'time step t', yLabel: '‖dL/dhₜ‖ (log scale)', logY: true, title: 'Gradient norm by time step, first and latest training step' }));
    lossChart.replaceChildren(lineChart([{ name: 'loss (nats)', points: losses, className: 'series-a' }], { xLabel: 'training step', yLabel: 'loss', title: 'Training loss', height: 200 }));
  }, 150);

  worker.on('flow', (point) => {
    first ??= point;
    rows.push(point);
    losses.push([point.step, point.loss]);
    if (rows.length > MAX_ROWS) rows = rows.filter((_, i) => i % 2 === 0 || i >= rows.length - MAX_ROWS / 2);
    redraw();
  });

  const settings = (): LabSettings => ({
    cell: cell.value as LabSettings['cell'], activation: activation.value as LabSettings['activation'],
    scale: Number(scale.input.value), forgetBias: Number(forgetBias.input.value), clip: Number(clip.value),
    steps: Number(steps.value), optimizer: optimizer.value as LabSettings['optimizer'], lr: Number(lr.value),
    trainSteps: Number(trainSteps.value), seed: 1,
  });
  const run = async () => {
    rows = [];
    losses = [];
    first = undefined;
    outcomeLine.textContent = 'Training…';
    runButton.disabled = true;
    try {
      const outcome = await worker.call('run', settings());
      outcomeLine.textContent = outcome.stoppedBy === 'diverged'
        ? `Diverged at step ${outcome.step}: ${outcome.message}. Try clipping the gradient norm.`
        : `${outcome.stoppedBy === 'cancelled' ? 'Stopped' : 'Finished'} after ${outcome.step} steps; recalls the first symbol in ${(100 * outcome.accuracy).toFixed(0)}% of fresh sequences (25% is chance).`;
      outcomeLine.dataset['stoppedBy'] = outcome.stoppedBy;
      announce(outcomeLine.textContent);
    } finally {
      runButton.disabled = false;
    }
  };
  const apply = (preset: Preset) => {
    const s = preset.settings;
    if (s.cell) cell.value = s.cell;
    if (s.activation) activation.value = s.activation;
    for (const [control, value] of [[scale.input, s.scale], [forgetBias.input, s.forgetBias ?? 0]] as const) {
      if (value === undefined) continue;
      control.value = String(value);
      control.dispatchEvent(new Event('input'));
    }
    if (s.clip !== undefined) clip.value = String(s.clip);
    if (s.optimizer) optimizer.value = s.optimizer;
    if (s.lr !== undefined) lr.value = String(s.lr);
    syncEnabled();
    return run();
  };
  const runButton = button('Run', run, { id: 'lab-run', class: 'primary' });

  root.append(
    el('h2', {}, 'BPTT and the gradient problems'),
    el('p', { class: 'lede' }, 'Backpropagation through time sends the loss’s gradient back through every step: dL/dhₜ₋₁ = (∂hₜ/∂hₜ₋₁)ᵀ · dL/dhₜ. Each step multiplies it by the recurrent Jacobian — W_hh and the activation’s slope. A gain below 1, forty times over, leaves nothing (vanishing); above 1, it blows up (exploding). The task: remember the first of T symbols, scored at the last step.'),
    el('section', { 'aria-labelledby': 'h-presets' }, el('h3', { id: 'h-presets' }, 'Try'),
      el('div', { class: 'buttons' }, ...PRESETS.map((p) => button(p.label, () => apply(p), { id: `preset-${p.id}` })))),
    el('section', { 'aria-labelledby': 'h-lab' }, el('h3', { id: 'h-lab' }, 'Settings'),
      el('div', { class: 'controls' },
        field('Cell', cell), field('Activation (vanilla RNN)', activation), scale.root, forgetBias.root,
        field('Clip gradient norm (0: off)', clip), field('Time steps T', steps), field('Optimizer', optimizer), field('Learning rate', lr), field('Training steps', trainSteps)),
      el('div', { class: 'buttons' }, runButton, button('Stop', () => worker.call('stop', {}), { id: 'lab-stop' }))),
    el('section', { 'aria-labelledby': 'h-heat' }, el('h3', { id: 'h-heat' }, '‖dL/dhₜ‖ over time, as it trains'), verdictLine, outcomeLine, heat, flowChart, lossChart),
  );
  syncEnabled();
  return () => worker.terminate();
};
