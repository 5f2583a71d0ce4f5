import { lmWorker } from '../lm.js';
import type { Page } from '../router.js';
import { button, el, field, showSymbol, uid } from '../ui/dom.js';
import { unrolledFigure } from '../ui/unrolled-figure.js';
import type { ModelSummary, UnrolledStep } from '../worker/lm-api.js';
import { describeModel } from '../ui/model-line.js';

const EQUATIONS: Record<string, string[]> = {
  rnn_tanh: ['hₜ = tanh(W_ih·xₜ + b_ih + W_hh·hₜ₋₁ + b_hh)'],
  rnn_relu: ['hₜ = relu(W_ih·xₜ + b_ih + W_hh·hₜ₋₁ + b_hh)'],
  lstm: ['i, f, g, o = σ, σ, tanh, σ (W_ih·xₜ + b_ih + W_hh·hₜ₋₁ + b_hh)', 'cₜ = f ⊙ cₜ₋₁ + i ⊙ g', 'hₜ = o ⊙ tanh(cₜ)'],
  gru: ['r, z = σ(W_ir·xₜ + b_ir + W_hr·hₜ₋₁ + b_hr), σ(W_iz·xₜ + b_iz + W_hz·hₜ₋₁ + b_hz)', 'n = tanh(W_in·xₜ + b_in + r ⊙ (W_hn·hₜ₋₁ + b_hn))', 'hₜ = (1 − z) ⊙ n + z ⊙ hₜ₋₁'],
};

/**
 * Forward over time: the same cell applied at every step, drawn unrolled over a short input,
 * with each step's hidden state coloured, stepped through one character at a time. It draws
 * whatever model the Char-RNN page trained (an untrained one if none yet).
 */
export const unrolledPage: Page = (root) => {
  const worker = lmWorker();
  const input = el('input', { type: 'text', name: 'unroll-text', value: 'the cat sat', maxlength: 24, autocomplete: 'off' });
  const time = el('input', { type: 'range', name: 'time', min: 0, max: 0, value: 0, step: 1, id: uid('t'), 'aria-valuetext': 'step 0' });
  const figure = el('div', { class: 'scroll', id: 'unrolled', tabindex: 0, 'aria-label': 'Unrolled network; left and right arrow keys step through time' });
  const details = el('div', { id: 'step-details', 'aria-live': 'polite' });
  const modelLine = el('p', {});
  const equations = el('div', { class: 'equations' });
  let steps: UnrolledStep[] = [];
  let model: ModelSummary | undefined;
  let t = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const draw = () => {
    if (!model) return;
    t = Math.max(0, Math.min(steps.length - 1, t));
    time.max = String(Math.max(0, steps.length - 1));
    time.value = String(t);
    const step = steps[t];
    time.setAttribute('aria-valuetext', `step ${t}${step ? `, input ${showSymbol(step.input)}` : ''}`);
    figure.replaceChildren(unrolledFigure(steps, model.cell, t));
    if (!step) return details.replaceChildren();
    const strongest = step.h.map((v, i) => [i, v] as const).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 4);
    details.replaceChildren(
      el('p', {}, `Step ${t}: reads `, el('code', {}, showSymbol(step.input)), `; expects next: `,
        ...step.top.flatMap(({ symbol, p }, i) => [i ? ', ' : '', el('code', {}, showSymbol(symbol)), ` ${(100 * p).toFixed(1)}%`])),
      el('p', {}, `Strongest units of h${t}: ${strongest.map(([i, v]) => `#${i} ${v.toFixed(2)}`).join(', ')}.`
        + (step.h.length > 64 ? ` (The figure shows the first 64 of ${step.h.length} units.)` : '')),
    );
  };
  const load = async () => {
    const result = await worker.call('unroll', { text: input.value || ' ' });
    steps = result.steps;
    model = result.model;
    modelLine.textContent = `Model: ${describeModel(model)}.` + (model.steps === 0 ? ' It is untrained: train it on the Char-RNN page and come back.' : '');
    equations.replaceChildren(el('h4', {}, `One ${model.cell.toUpperCase()} step`), ...(EQUATIONS[model.cell] ?? []).map((e) => el('p', {}, el('code', {}, e))));
    draw();
  };
  const go = (to: number) => {
    t = to;
    draw();
  };
  const play = () => {
    if (timer) return stopPlaying();
    if (t >= steps.length - 1) t = -1;
    playButton.textContent = 'Pause';
    timer = setInterval(() => (t >= steps.length - 1 ? stopPlaying() : go(t + 1)), 600);
  };
  const stopPlaying = () => {
    clearInterval(timer);
    timer = undefined;
    playButton.textContent = 'Play';
  };
  const playButton = button('Play', play, { id: 'play' });
  input.addEventListener('input', () => void load().catch((e: unknown) => console.error(e)));
  time.addEventListener('input', () => go(Number(time.value)));
  figure.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowRight') go(t + 1);
    else if (event.key === 'ArrowLeft') go(t - 1);
    else return;
    event.preventDefault();
  });

  root.append(
    el('h2', {}, 'Forward over time, unrolled'),
    el('p', { class: 'lede' }, 'A recurrent network is one cell used again at every time step: it reads xₜ and its own previous state hₜ₋₁, and writes hₜ. Drawn unrolled, the loop becomes a chain — the same weights in every column — and the state is the only thing that carries the past forward. Step through it and watch the state change with each character.'),
    el('section', { 'aria-labelledby': 'h-unroll' }, el('h3', { id: 'h-unroll' }, 'Input and time'),
      el('div', { class: 'controls' }, field('Input (up to 24 characters)', input), field('Time step t', time)),
      el('div', { class: 'buttons' }, button('◀ Back', () => go(t - 1), { id: 'step-back', 'aria-label': 'Step back' }), button('Step ▶', () => go(t + 1), { id: 'step-forward', 'aria-label': 'Step forward' }), playButton),
      modelLine, figure, details, equations),
  );
  void load();
  return () => stopPlaying();
};
