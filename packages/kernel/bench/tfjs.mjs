/**
 * The peer: TensorFlow.js with its WebAssembly backend (XNNPACK), loaded from the npm package
 * (the .wasm binaries ship inside it; nothing is downloaded) and pinned to one thread by the
 * benchmarks' shared set-up (scripts/bench/tfjs-wasm.mjs).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import { setUpTfjsWasm } from '../../../scripts/bench/tfjs-wasm.mjs';

/** @typedef {import('../../../scripts/bench/tfjs-wasm.mjs').TfjsInfo} TfjsInfo */

/**
 * Initialises the wasm backend with one thread and makes it the active backend.
 * @returns {Promise<TfjsInfo>}
 */
export const loadTfjsWasm = () => setUpTfjsWasm(tf, tfWasm, import.meta.url);

/**
 * C = A·B (or A·Bᵀ) with `tf.matMul`. Each call reads the product back with `dataSync()` so the
 * time includes the work, and disposes the result.
 * @param {{ m: number, k: number, n: number, transB: boolean }} shape
 * @param {Float32Array} a  M×K row-major
 * @param {Float32Array} b  K×N row-major, or N×K when transB
 */
export function tfjsMatMul({ m, k, n, transB }, a, b) {
  const ta = tf.tensor2d(a, [m, k]);
  const tb = tf.tensor2d(b, transB ? [n, k] : [k, n]);
  return {
    run() {
      const c = tf.matMul(ta, tb, false, transB);
      c.dataSync();
      c.dispose();
    },
    /** One product, read back. */
    result() {
      const c = tf.matMul(ta, tb, false, transB);
      const values = /** @type {Float32Array} */ (c.dataSync());
      c.dispose();
      return values;
    },
    dispose() {
      ta.dispose();
      tb.dispose();
    },
  };
}

/** Tensors tfjs holds (to check that the benchmark leaks none). */
export function tfjsTensorCount() {
  return tf.memory().numTensors;
}
