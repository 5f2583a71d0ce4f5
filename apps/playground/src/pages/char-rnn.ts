import type { CellType } from '@recurrent/topologies';
import { lmWorker } from '../lm.js';
import { CELLS, describeModel } from '../ui/model-line.js';
import { SAMPLE_TEXTS } from '../texts.js';
import { announce, button, el, field, numberInput, select } from '../ui/dom.js';
import { sampler } from '../ui/sampler.js';
import { lineChart } from '../ui/svg.js';
import { throttle } from '../ui/throttle.js';
import { typeahead } from '../ui/typeahead.js';
import type { TrainPoint } from '../worker/lm-api.js';
import type { Page } from '../router.js';

/**
 * Char-RNN live: train a character model on a text while watching its loss fall (nats and bits
 * per character), sample from it as it learns, and type into a box to see its next-character
 * distribution and its ghost-text continuation.
 */
export const charRnnPage: Page = (root) => {
  const worker = lmWorker();
  const sampleSelect = select('sample-text', SAMPLE_TEXTS.map((t) => [t.id, t.label] as const), SAMPLE_TEXTS[0]!.id);
  const text = el('textarea', { id: 'training-text', name: 'training-text', rows: 6, spellcheck: false });
  text.value = SAMPLE_TEXTS[0]!.text;
  sampleSelect.addEventListener('change', () => (text.value = SAMPLE_TEXTS.find((t) => t.id === sampleSelect.value)!.text));
  const file = el('input', { type: 'file', accept: '.txt,.md,.ts,.js,.py,text/*' });
  // An event listener's returned promise is dropped, so a failed read is announced here.
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    chosen.text().then(
      (content) => (text.value = content),
      (error: unknown) => announce(`Could not read ${chosen.name}: ${(error as Error).message}`),
    );
  });

  const cell = select('cell', CELLS, 'lstm');
  const hidden = select('hidden', ['16', '32', '64', '128', '256'].map((v) => [v, v] as const), '64');
  const seqLength = numberInput('seq-length', 32, 4, 256);
  const batch = numberInput('batch', 16, 1, 128);
  const lr = numberInput('lr', 0.01, 0.0001, 1, 'any');
  const steps = numberInput('steps', 500, 1, 100000);
  const clip = numberInput('clip', 5, 0, 100, 'any');
  const status = el('p', { id: 'train-status', class: 'train-status' }, 'Not trained yet.');
  const modelLine = el('p', { id: 'model-line' });
  const chart = el('figure', { id: 'loss-chart', class: 'chart-box' });
  const history: TrainPoint[] = [];
  const samples = sampler();
  const typing = typeahead();

  const redraw = throttle(() => {
    const training = history.map((p) => [p.step, p.loss / Math.LN2] as const);
    const validation = history.filter((p) => p.validation !== undefined).map((p) => [p.step, p.validation! / Math.LN2] as const);
    chart.replaceChildren(lineChart([
      { name: 'training bits/char', points: training, className: 'series-a' },
      { name: 'held-out bits/char', points: validation, className: 'series-b' },
    ], { xLabel: 'step', yLabel: 'bits per character', title: 'Loss curve: bits per character by training step' }),
    el('figcaption', {}, 'Loss in bits per character (nats ÷ ln 2). A uniform guess over V symbols scores log₂ V.'));
    const p = history.at(-1);
    if (p) {
      status.textContent = `step ${p.step} · loss ${p.loss.toFixed(3)} nats · ${(p.loss / Math.LN2).toFixed(3)} bits/char`
        + (validation.length ? ` · held-out ${validation.at(-1)![1].toFixed(3)} bits/char` : '') + ` · ${Math.round(p.charsPerSecond).toLocaleString('en')} chars/s`;
      status.dataset['step'] = String(p.step);
      status.dataset['firstLoss'] = String(history[0]!.loss);
      status.dataset['loss'] = String(p.loss);
    }
  }, 200);

  const off = [
    worker.on('progress', (point) => {
      history.push(point);
      redraw();
      samples.whileTraining();
      if (point.step % 40 === 0) typing.refresh();
    }),
    // The outcome comes as an event, so a page left and revisited mid-run still hears it.
    worker.on('trained', (outcome) => {
      setTraining(false);
      modelLine.textContent = describeModel(outcome.model);
      announce(outcome.stoppedBy === 'diverged' ? `Training diverged: ${outcome.message}` : `Training ${outcome.stoppedBy === 'cancelled' ? 'stopped' : 'finished'} at step ${outcome.model.steps}.`
        + (outcome.reset ? ` A new model was made: ${outcome.reset}.` : ''));
      typing.refresh();
    }),
    worker.on('model', (m) => {
      history.length = 0;
      modelLine.textContent = describeModel(m);
      redraw();
    }),
  ];

  const setTraining = (on: boolean) => {
    trainButton.disabled = on;
    stopButton.disabled = !on;
  };
  const trainButton = button('Train', async () => {
    setTraining(true);
    announce('Training…');
    try {
      await worker.call('train', {
        text: text.value, cell: cell.value as CellType, hiddenSize: Number(hidden.value),
        steps: Number(steps.value), seqLength: Number(seqLength.value), batchSize: Number(batch.value), lr: Number(lr.value), clipNorm: Number(clip.value),
      });
    } catch (error) {
      setTraining(false);
      throw error;
    }
  }, { id: 'train', class: 'primary' });
  const stopButton = button('Stop', () => worker.call('stop', {}), { id: 'stop', disabled: true });
  const resetButton = button('New model', async () => {
    const m = await worker.call('reset', { text: text.value, cell: cell.value as CellType, hiddenSize: Number(hidden.value) });
    announce(`New untrained model: ${describeModel(m)}.`);
    typing.refresh();
  }, { id: 'reset' });

  root.append(
    el('h2', {}, 'Char-RNN live'),
    el('p', { class: 'lede' }, 'A character-level language model reads a text one character at a time and learns to predict the next. Train one here — in a Web Worker, on the WebAssembly kernel — and watch its loss fall, its samples turn from noise into words, and its guesses follow your typing.'),
    el('section', { 'aria-labelledby': 'h-text' }, el('h3', { id: 'h-text' }, 'Text'),
      el('div', { class: 'controls' }, field('Sample text', sampleSelect), field('Or open a text file', file)),
      field('Training text (paste your own)', text)),
    el('section', { 'aria-labelledby': 'h-train' }, el('h3', { id: 'h-train' }, 'Model and training'),
      el('div', { class: 'controls' },
        field('Cell', cell), field('Hidden size', hidden), field('Sequence length (BPTT steps)', seqLength), field('Batch size', batch),
        field('Learning rate (Adam)', lr), field('Steps', steps), field('Clip gradient norm (0: off)', clip)),
      el('div', { class: 'buttons' }, trainButton, stopButton, resetButton),
      modelLine, status, chart),
    el('section', { 'aria-labelledby': 'h-sample' }, el('h3', { id: 'h-sample' }, 'Sample'), samples.root),
    el('section', { 'aria-labelledby': 'h-type' }, el('h3', { id: 'h-type' }, 'Next character'), typing.root),
  );

  // Coming back to the page: show the model and curve the worker kept.
  void worker.call('info', {}).then((info) => {
    if (info.model) {
      modelLine.textContent = describeModel(info.model);
      cell.value = info.model.cell;
      if ([...hidden.options].some((o) => o.value === String(info.model!.hiddenSize))) hidden.value = String(info.model.hiddenSize);
    }
    history.push(...info.history);
    redraw();
    setTraining(info.training);
  });
  typing.refresh();
  return () => {
    off.forEach((f) => f());
    redraw.cancel();
  };
};
