/**
 * The peer: TensorFlow.js's layers API on its WebAssembly backend (XNNPACK, one thread; the
 * .wasm binaries ship inside the npm package, nothing is downloaded), set up by the benchmarks'
 * shared scripts/bench/tfjs-wasm.mjs.
 *
 * Model: tf.sequential — lstm / gru / simpleRNN (tanh) with H units, returnSequences, input
 * [T, V] one-hot — then timeDistributed(dense(V)) giving logits; loss
 * tf.losses.softmaxCrossEntropy (mean over the B·T positions); Adam lr 2e-3 (0.9, 0.999);
 * tfjs-default initialisation. One training step is one `model.trainOnBatch(x, y)`, whose
 * promise resolves once the scalar loss has been read back. tfjs is batch-major: x and y are
 * [B, T, V] one-hot float32, built before the clock starts.
 *
 * Latency: a stateful copy of the network with batch 1 and a free time dimension: `predict`
 * on the whole 64-character prompt (the network's state carries over), then one `predict`
 * per generated character, the logits read back with dataSync and argmax taken in JS.
 *
 * Imported through the `@tensorflow/tfjs` meta-package (same 4.22.0, same tfjs-core instance
 * as tfjs-backend-wasm): the Node builds of tfjs-core + tfjs-layers alone register neither the
 * chained tensor methods (tfjs-layers' default orthogonal initialiser calls `t.flatten()`:
 * "rMat.flatten is not a function") nor the gradient functions training needs.
 */
import { peerLoadError } from '../../../scripts/bench/measure.mjs';
import { setUpTfjsWasm } from '../../../scripts/bench/tfjs-wasm.mjs';
import { B, GENERATE, LR, T } from './workload.mjs';

/** @typedef {'lstm' | 'gru' | 'rnn_tanh'} Cell */

/**
 * The `@tensorflow/tfjs` module once {@link loadTfjsWasm} has loaded it. tfjs is imported when the
 * benchmark starts, not statically: from an installed CLI it is an optional peer, and a machine
 * without it still gets our figures.
 * @type {typeof import('@tensorflow/tfjs')}
 */
let tf;

/**
 * Loads tfjs, initialises the wasm backend with one thread and makes it the active backend;
 * `{ error }` saying why when tfjs is not installed or does not start.
 * @returns {Promise<import('../../../scripts/bench/tfjs-wasm.mjs').TfjsInfo | { error: string }>}
 */
export async function loadTfjsWasm() {
  try {
    const [core, wasm] = await Promise.all([import('@tensorflow/tfjs'), import('@tensorflow/tfjs-backend-wasm')]);
    tf = core;
    return await setUpTfjsWasm(core, wasm, import.meta.url);
  } catch (error) {
    return { error: peerLoadError(error, '@tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0') };
  }
}

/**
 * The recurrent layer of `cell`.
 * @param {Cell} cell
 * @param {{ units: number, returnSequences: boolean, inputShape?: number[], stateful?: boolean, batchInputShape?: (number | null)[] }} config
 */
function recurrentLayer(cell, config) {
  if (cell === 'lstm') return tf.layers.lstm(config);
  if (cell === 'gru') return tf.layers.gru(config);
  return tf.layers.simpleRNN({ ...config, activation: 'tanh' });
}

/**
 * A fresh model and its one-hot encoder. Returns the warnings tfjs printed while building it
 * (its orthogonal initialiser warns about large matrices) instead of letting them through.
 * @param {Cell} cell
 * @param {number} hiddenSize
 * @param {import('./workload.mjs').Workload} workload
 */
export function tfjsModel(cell, hiddenSize, workload) {
  const V = workload.symbols.length;
  /** @type {string[]} */
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => warnings.push(args.join(' '));
  let model, inference;
  try {
    model = tf.sequential({
      layers: [
        recurrentLayer(cell, { units: hiddenSize, returnSequences: true, inputShape: [T, V] }),
        tf.layers.timeDistributed({ layer: tf.layers.dense({ units: V }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(LR, 0.9, 0.999), loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
    // The stateful batch-1 twin for generation, sharing nothing but a copy of the weights.
    inference = tf.sequential({
      layers: [
        recurrentLayer(cell, { units: hiddenSize, returnSequences: false, stateful: true, batchInputShape: [1, null, V] }),
        tf.layers.dense({ units: V }),
      ],
    });
    inference.setWeights(model.getWeights());
  } finally {
    console.warn = warn;
  }
  const { ids } = workload;
  /** @param {number[]} chars @returns {import('@tensorflow/tfjs').Tensor} [1, chars.length, V] one-hot float32 */
  const encode = (chars) => tf.tidy(() => tf.oneHot(tf.tensor1d(chars, 'int32'), V).toFloat().reshape([1, chars.length, V]));
  const oneHot1 = Array.from({ length: V }, (_, id) => encode([id]));
  const prompt = encode([...workload.prompt].map((ch) => workload.symbols.indexOf(ch)));

  return {
    warnings,
    /**
     * x and y of one step, [B, T, V] one-hot, from the window starts.
     * @param {number[]} starts
     */
    batch(starts) {
      const x = new Float32Array(B * T * V), y = new Float32Array(B * T * V);
      starts.forEach((start, b) => {
        for (let t = 0; t < T; t++) {
          x[(b * T + t) * V + ids[start + t]] = 1;
          y[(b * T + t) * V + ids[start + t + 1]] = 1;
        }
      });
      return { x: tf.tensor3d(x, [B, T, V]), y: tf.tensor3d(y, [B, T, V]) };
    },
    /**
     * One training step; disposes the batch afterwards.
     * @param {{ x: import('@tensorflow/tfjs').Tensor, y: import('@tensorflow/tfjs').Tensor }} batch
     * @returns {Promise<number>} the loss before the update
     */
    async step({ x, y }) {
      const loss = /** @type {number} */ (await model.trainOnBatch(x, y));
      x.dispose();
      y.dispose();
      return loss;
    },
    /** Greedy generation from zero state (prompt, then GENERATE argmax characters fed back). */
    generate() {
      inference.resetStates();
      /** @type {number[]} */
      const out = [];
      let input = prompt;
      for (let i = 0; i < GENERATE; i++) {
        const logits = tf.tidy(() => /** @type {import('@tensorflow/tfjs').Tensor} */ (inference.predict(input)));
        const id = argmax(logits.dataSync());
        logits.dispose();
        out.push(id);
        input = oneHot1[id];
      }
      return out;
    },
    dispose() {
      model.optimizer.dispose();
      model.dispose();
      inference.dispose();
      prompt.dispose();
      for (const t of oneHot1) t.dispose();
    },
  };
}

/** Tensors tfjs holds (to check that the benchmark leaks none). */
export function tfjsTensorCount() {
  return tf ? tf.memory().numTensors : 0;
}

/** @param {ArrayLike<number>} values */
function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
