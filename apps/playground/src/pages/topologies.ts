import type { DemoResult } from '../demos/demo.js';
import type { Page } from '../router.js';
import { diverging } from '../ui/colour.js';
import { button, el, field, numberInput } from '../ui/dom.js';
import { lineChart, svg } from '../ui/svg.js';
import { throttle } from '../ui/throttle.js';
import type { DemoName, TopologyApi, TopologyEvents } from '../worker/topology-api.js';
import { WorkerClient } from '../worker/rpc.js';

interface Card {
  demo: DemoName;
  title: string;
  shape: string;
  teaches: string;
  steps: number;
  tryLabel: string;
  tryDefault: string;
}

const CARDS: readonly Card[] = [
  { demo: 'one-to-one', title: 'One-to-one', shape: 'x → net → y', steps: 150, teaches: 'No time at all: a feed-forward net classifies a point as inside or outside the unit circle — the baseline every recurrent topology extends.', tryLabel: 'A point x, y', tryDefault: '0.5, -0.3' },
  { demo: 'one-to-many', title: 'One-to-many', shape: 'x → h₀ → y₁ y₂ … yₙ', steps: 120, teaches: 'One vector in, a sequence out (a caption from an image): a class sets the decoder’s state, which spells the class’s word letter by letter, each letter fed back in.', tryLabel: 'Class (0–7)', tryDefault: '3' },
  { demo: 'many-to-one', title: 'Many-to-one', shape: 'x₁ x₂ … xₙ → y', steps: 150, teaches: 'A sequence in, one label out: sentiment where word order flips the meaning. A bag-of-words net sees the same words in “good , not bad” and “bad , not good”; the RNN reads them in order.', tryLabel: 'A phrase (good great nice bad awful poor not very ,)', tryDefault: 'bad , not good' },
  { demo: 'many-to-many', title: 'Many-to-many, aligned', shape: 'x₁ … xₙ → y₁ … yₙ', steps: 120, teaches: 'One output per input (tagging, or next-character prediction as on the Char-RNN page): tag each digit ↑ when it rises above the one before — the answer needs the previous step, kept in the state.', tryLabel: 'Digits', tryDefault: '3 1 4 1 5 9 2 6' },
  { demo: 'seq2seq', title: 'Encoder–decoder', shape: 'x₁ … xₙ → h → y₁ … yₘ', steps: 250, teaches: 'A sequence in, a sequence of its own length out (translation): reverse a string of digits. The encoder squeezes it into one state; the decoder unfolds it, decoded greedily and by beam search.', tryLabel: 'Digits (up to 7)', tryDefault: '12345' },
];

/** The one-to-one net's decision over the plane: a grid of its predictions, the unit circle drawn on top. */
function decisionMap(grid: number[][]): SVGSVGElement {
  const n = grid.length, size = 192, cell = size / n;
  const root = svg('svg', { viewBox: `0 0 ${size} ${size}`, width: size, height: size, role: 'img', class: 'decision' });
  root.append(svg('title', {}, 'Predicted class over the plane: red inside, blue outside; the circle is the truth'));
  grid.forEach((row, r) => row.forEach((v, c) => root.append(svg('rect', { x: c * cell, y: r * cell, width: cell + 0.3, height: cell + 0.3, fill: diverging(v === 1 ? 0.6 : -0.6) }))));
  root.append(svg('circle', { cx: size / 2, cy: size / 2, r: size / 2 / 1.6, class: 'truth' }));
  return root;
}

function demoCard(card: Card): { root: HTMLElement; train: () => Promise<void>; stop: () => void } {
  let worker: WorkerClient<TopologyApi, TopologyEvents> | undefined;
  const steps = numberInput(`${card.demo}-steps`, card.steps, 1, 5000);
  const chart = el('figure', { class: 'chart-box' });
  const progress = el('p', { class: 'result' }, 'Not trained yet.');
  const lines = el('pre', { class: 'sample lines', 'data-testid': `${card.demo}-lines` });
  const extra = el('div', {});
  const tryInput = el('input', { type: 'text', value: card.tryDefault, autocomplete: 'off', name: `${card.demo}-try` });
  const tryOut = el('p', { class: 'result', 'aria-live': 'polite', id: `${card.demo}-try-output` });
  const section = el('section', { id: `demo-${card.demo}`, 'aria-labelledby': `h-${card.demo}` });
  let losses: { series: string[]; points: [number, number][][] } = { series: [], points: [] };

  const redraw = throttle(() => {
    chart.replaceChildren(lineChart(losses.series.map((name, i) => ({ name, points: losses.points[i]!, className: i === 0 ? 'series-a' : 'series-b' })),
      { xLabel: 'step', yLabel: 'loss', title: `${card.title}: training loss`, height: 200, width: 420 }));
  }, 150);
  const show = (result: DemoResult) => {
    lines.textContent = result.lines.join('\n');
    section.dataset['metrics'] = JSON.stringify(result.metrics);
    extra.replaceChildren(...(result.grid ? [decisionMap(result.grid)] : []));
  };
  const train = async () => {
    worker?.terminate();
    worker = new WorkerClient(new Worker(new URL('../worker/topology.worker.ts', import.meta.url), { type: 'module', name: `demo-${card.demo}` }));
    losses = { series: [], points: [] };
    delete section.dataset['metrics'];
    trainButton.disabled = true;
    worker.on('loss', ({ step, steps: total, series, losses: values }) => {
      if (losses.series.length === 0) losses = { series, points: series.map(() => []) };
      values.forEach((v, i) => losses.points[i]!.push([step, v]));
      progress.textContent = `step ${step}/${total} · loss ${values.map((v, i) => `${series[i]} ${v.toFixed(3)}`).join(', ')}`;
      redraw();
    });
    try {
      show(await worker.call('train', { demo: card.demo, steps: Number(steps.value) }));
      tryButton.disabled = false;
      await tryIt();
    } finally {
      trainButton.disabled = false;
    }
  };
  const tryIt = async () => {
    if (!worker) return;
    try {
      tryOut.textContent = await worker.call('tryIt', { input: tryInput.value });
    } catch (error) {
      tryOut.textContent = (error as Error).message; // a typo in the input, not a failure of the page
    }
  };
  const trainButton = button('Train', train, { id: `train-${card.demo}`, class: 'primary' });
  const tryButton = button('Run', tryIt, { id: `try-${card.demo}`, disabled: true });
  tryInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') void tryIt(); });
  section.append(
    el('h3', { id: `h-${card.demo}` }, card.title, ' ', el('code', { class: 'shape' }, card.shape)),
    el('p', {}, card.teaches),
    el('div', { class: 'controls' }, field('Training steps', steps)),
    el('div', { class: 'buttons' }, trainButton),
    progress, chart, lines, extra,
    el('div', { class: 'try' }, field(`Try it — ${card.tryLabel}`, tryInput), tryButton, tryOut),
  );
  return { root: section, train, stop: () => worker?.terminate() };
}

/**
 * The four topologies of the course (many-to-many in its two forms), each a small task
 * trained live in its own worker — the same networks and data as `recurrent demo`.
 */
export const topologiesPage: Page = (root) => {
  const cards = CARDS.map(demoCard);
  root.append(
    el('h2', {}, 'The four topologies'),
    el('p', { class: 'lede' }, 'What goes in and what comes out decides the shape of a recurrent network: one-to-one (no recurrence), one-to-many, many-to-one, and many-to-many — aligned, or as an encoder and a decoder. Each card trains one small network on a task where its shape is the point.'),
    el('div', { class: 'buttons' }, button('Train all', () => Promise.all(cards.map((c) => c.train())), { id: 'train-all' })),
    el('div', { class: 'cards' }, ...cards.map((c) => c.root)),
  );
  return () => cards.forEach((c) => c.stop());
};
