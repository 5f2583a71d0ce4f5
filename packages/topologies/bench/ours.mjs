/**
 * Ours: CharLM (one recurrent layer, one-hot input, linear head, softmax cross-entropy mean
 * over B·T) trained with Adam from @recurrent/autograd, on one of our wasm backends.
 *
 * Our kernel is global: `useBackendSync` makes a new kernel, and tensors of the previous one
 * must not be used afterwards. So a contender is created right after switching and dropped
 * before the next switch.
 */
import { Adam, kernel, Random, scope, useBackendSync } from '@recurrent/autograd';
import { backwardStep, CharLM, CharVocabulary, dataParallelStep, GradientThreads, optimizerStep, randomWindows } from '@recurrent/topologies';
import { B, GENERATE, LR, SAMPLER_SEED, T } from './workload.mjs';

/** @typedef {'wasm-relaxed-simd' | 'wasm-simd'} OurBackend */
/** @typedef {'lstm' | 'gru' | 'rnn_tanh'} Cell */
/** @typedef {import('@recurrent/topologies').TokenBatch} TokenBatch */

/**
 * Our vocabulary of the corpus: id 0 is the unknown symbol, then the 76 characters in
 * code-point order (so V = 77, one more than the peers' 76) — and the corpus as ids.
 * @param {import('./workload.mjs').Workload} workload
 */
export function ourVocabulary(workload) {
  const vocabulary = CharVocabulary.fromText(workload.text);
  return { vocabulary, ids: vocabulary.encode(workload.text) };
}

/**
 * `steps` batches from our sampler, `randomWindows` with autograd's `Random` (mulberry32)
 * seeded like the peers', one stream for all steps.
 * @param {Int32Array} ids our ids of the corpus
 * @param {number} steps
 * @returns {TokenBatch[]}
 */
export function ourBatches(ids, steps) {
  const rng = new Random(SAMPLER_SEED);
  return Array.from({ length: steps }, () => randomWindows(ids, T, B, rng));
}

/**
 * Whether our vocabulary and sampler give exactly the workload's windows: our symbols after
 * the unknown one are the workload's, and input t of window b of step s is the corpus
 * character at starts[s][b] + t (targets one further). Returns the first mismatch, or ''.
 * @param {import('./workload.mjs').Workload} workload
 * @param {number[][]} starts the workload sampler's window starts, per step
 */
export function checkSampler(workload, starts) {
  const { vocabulary, ids } = ourVocabulary(workload);
  if (vocabulary.symbols.length !== workload.symbols.length + 1 || vocabulary.symbols.slice(1).some((s, i) => s !== workload.symbols[i])) {
    return 'our vocabulary (after the unknown symbol) differs from the sorted distinct characters';
  }
  const batches = ourBatches(ids, starts.length);
  for (let s = 0; s < starts.length; s++) {
    const { inputs, targets } = batches[s];
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const start = starts[s][b];
        if (inputs[t * B + b] !== workload.ids[start + t] + 1 || targets[t * B + b] !== workload.ids[start + t + 1] + 1) {
          return `step ${s + 1}, window ${b}: randomWindows differs from mulberry32(${SAMPLER_SEED}) starts ⌊r·(N−T−1)⌋`;
        }
      }
    }
  }
  return '';
}

/**
 * Switches to `backend` and creates a fresh model and its optimizer on it.
 * @param {OurBackend} backend
 * @param {Cell} cell
 * @param {number} hiddenSize
 * @param {import('./workload.mjs').Workload} workload
 */
export function ourModel(backend, cell, hiddenSize, workload) {
  useBackendSync(backend);
  const { vocabulary } = ourVocabulary(workload);
  const lm = new CharLM(vocabulary, { cell, hiddenSize, seed: 0 });
  const adam = new Adam(lm.parameters(), { lr: LR });
  const stepper = lm.stepper();
  const prompt = vocabulary.encode(workload.prompt);
  return {
    backend: kernel().backend,
    vocabularySize: vocabulary.size,
    /**
     * One training step: forward, backward, the scalar loss read back, Adam's update.
     * @param {TokenBatch} batch
     * @returns {number} the loss before the update
     */
    step(batch) {
      const loss = scope(() => {
        const l = lm.loss(batch, undefined).loss;
        l.backward();
        return l.item();
      });
      adam.step();
      adam.zeroGrad();
      return loss;
    },
    /**
     * Greedy generation, batch 1, from zero state: the prompt, then GENERATE argmax characters,
     * each fed back (prompt + GENERATE − 1 cell steps, GENERATE output projections).
     * @returns {number[]} the generated ids
     */
    generate() {
      stepper.reset();
      for (let i = 0; i < prompt.length; i++) stepper.feed(prompt[i]);
      /** @type {number[]} */
      const out = [];
      for (let i = 0; i < GENERATE; i++) {
        const id = argmax(stepper.logits());
        out.push(id);
        if (i + 1 < GENERATE) stepper.feed(id);
      }
      return out;
    },
  };
}

/**
 * The same model trained over `threads` threads (the data parallelism of `fit(…, { threads })`:
 * this thread and threads − 1 workers, each a shard of the batch, one Adam step), on the relaxed
 * backend. `close()` stops the workers.
 * @param {Cell} cell
 * @param {number} hiddenSize
 * @param {import('./workload.mjs').Workload} workload
 * @param {number} threads
 */
export async function ourThreadedModel(cell, hiddenSize, workload, threads) {
  useBackendSync('wasm-relaxed-simd');
  const { vocabulary } = ourVocabulary(workload);
  const lm = new CharLM(vocabulary, { cell, hiddenSize, seed: 0 });
  const adam = new Adam(lm.parameters(), { lr: LR });
  const pool = await GradientThreads.start(lm, threads - 1);
  const rng = new Random(0);
  return {
    /**
     * One training step over every thread; the loss before the update.
     * @param {TokenBatch} batch
     */
    async step(batch) {
      const work = dataParallelStep(lm, batch, pool, undefined, rng);
      const loss = await work.gather(backwardStep(work.loss));
      return optimizerStep(lm.parameters(), adam, loss).loss;
    },
    close: () => pool.close(),
  };
}

/**
 * The index of the largest value (the first one on ties).
 * @param {ArrayLike<number>} values
 */
export function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
