/**
 * The peer: TensorFlow.js with its WebAssembly backend (XNNPACK), loaded from the npm package
 * (the .wasm binaries ship inside it; nothing is downloaded) and pinned to one thread.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';

/**
 * @typedef {object} TfjsInfo
 * @property {string} version      tfjs-core version
 * @property {string} backend      the active backend's name ('wasm')
 * @property {number} threads      threads the wasm backend reports after initialisation
 * @property {boolean} simd        whether tfjs detected wasm SIMD (it then loads the SIMD binary)
 * @property {boolean} multithread whether tfjs detected wasm threads (always false in Node)
 * @property {string} binary       which of the shipped .wasm files is loaded
 */

/**
 * Initialises the wasm backend with one thread and makes it the active backend.
 * @returns {Promise<TfjsInfo>}
 */
export async function loadTfjsWasm() {
  const require = createRequire(import.meta.url);
  const distFolder = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
  tfWasm.setWasmPaths(distFolder);
  tfWasm.setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialise');
  await tf.ready();
  const simd = /** @type {boolean} */ (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const multithread = /** @type {boolean} */ (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  return {
    version: tf.version_core,
    backend: tf.getBackend(),
    threads: tfWasm.getThreadsCount(),
    simd,
    multithread,
    binary: simd && multithread ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm',
  };
}

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
