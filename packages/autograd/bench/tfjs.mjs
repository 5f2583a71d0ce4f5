/**
 * The peer: TensorFlow.js 4.22 with its WebAssembly backend (XNNPACK), loaded from the npm
 * package (the .wasm binaries ship inside it; nothing is downloaded) and pinned to one thread —
 * set up by the benchmarks' shared scripts/bench/tfjs-wasm.mjs, as the kernel's benchmark is.
 *
 * Imported through the `@tensorflow/tfjs` meta-package (same 4.22.0, same tfjs-core instance),
 * as its Node users do: the Node build of `@tensorflow/tfjs-core` alone registers no gradient
 * functions ("Cannot compute gradient: gradient function not found for RealDiv"), so training
 * needs the meta-package, which registers them all.
 */
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import { setUpTfjsWasm } from '../../../scripts/bench/tfjs-wasm.mjs';

/** @typedef {import('../../../scripts/bench/tfjs-wasm.mjs').TfjsInfo} TfjsInfo */

/**
 * Initialises the wasm backend with one thread and makes it the active backend.
 * @returns {Promise<TfjsInfo>}
 */
export const loadTfjsWasm = () => setUpTfjsWasm(tf, tfWasm, import.meta.url);

/** Tensors tfjs holds (to check that the benchmark leaks none). */
export const tfjsTensorCount = () => tf.memory().numTensors;

/**
 * Tiny tfjs ops for orientation next to ours: `calls` ops inside one `tf.tidy` (which frees
 * them, as our `scope` does). `read` variants also call `dataSync()` on every result; the others
 * only dispatch (the wasm backend computes synchronously, so the work is done either way).
 * @param {{ a: Float32Array, b: Float32Array, w: Float32Array }} values a, b: [2, 3]; w: [3, 4]
 * @param {number} calls
 */
export function tfjsTinyOps({ a, b, w }, calls) {
  const ta = tf.tensor2d(a, [2, 3]);
  const tb = tf.tensor2d(b, [2, 3]);
  const tw = tf.tensor2d(w, [3, 4]);
  /** @param {() => tf.Tensor} f @param {boolean} read */
  const loop = (f, read) => () => tf.tidy(() => {
    for (let i = 0; i < calls; i++) {
      const out = f();
      if (read) out.dataSync();
    }
  });
  const add = () => tf.add(ta, tb);
  const matmul = () => tf.matMul(ta, tw);
  return {
    add: { tfjs: loop(add, false), tfjsRead: loop(add, true) },
    matmul: { tfjs: loop(matmul, false), tfjsRead: loop(matmul, true) },
    dispose: () => tf.dispose([ta, tb, tw]),
  };
}

/**
 * The MLP training step in tfjs: tf.variable weights ([in, out], the layout tfjs sends to
 * XNNPACK), tf.train.adam, and `optimizer.minimize(() => softmaxCrossEntropy(oneHot, logits),
 * true)` with the loss read back by `dataSync()`.
 * @param {import('./mlp.mjs').MlpData} data
 */
export function tfjsMlp(data) {
  const { batch, input, hidden, classes, lr } = data.sizes;
  const x = tf.tensor2d(data.x, [batch, input]);
  const labels = tf.tensor2d(data.oneHot, [batch, classes]);
  /** @param {tf.Tensor} initial */
  const variable = (initial) => {
    const v = tf.variable(initial, true);
    initial.dispose();
    return v;
  };
  const w1 = variable(tf.tensor2d(data.w1, [input, hidden]));
  const b1 = variable(tf.tensor1d(data.b1));
  const w2 = variable(tf.tensor2d(data.w2, [hidden, classes]));
  const b2 = variable(tf.tensor1d(data.b2));
  // epsilon 1e-8 as ours (tfjs's default is 1e-7).
  const optimizer = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  const logits = () => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
  return {
    /** One training step; returns the loss before the update. */
    step() {
      const loss = /** @type {tf.Scalar} */ (optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, logits()), true));
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([x, labels, w1, b1, w2, b2]);
    },
  };
}

/**
 * The first layer's two big products in tfjs, each read back: the forward x·W1 and the
 * gradient's dW1 = xᵀ·dH, which tf.matMul's gradient computes with a transposed operand —
 * to show where the MLP step's time goes.
 * @param {import('./mlp.mjs').MlpData} data
 */
export function tfjsFirstLayerProducts(data) {
  const { batch, input, hidden } = data.sizes;
  const x = tf.tensor2d(data.x, [batch, input]);
  const w = tf.tensor2d(data.w1, [input, hidden]);
  const dh = tf.tensor2d(data.w1.subarray(0, batch * hidden), [batch, hidden]);
  /** @param {() => tf.Tensor} f */
  const run = (f) => () => {
    const out = f();
    out.dataSync();
    out.dispose();
  };
  return {
    forward: run(() => tf.matMul(x, w)),
    gradient: run(() => tf.matMul(x, dh, true, false)),
    dispose: () => tf.dispose([x, w, dh]),
  };
}
