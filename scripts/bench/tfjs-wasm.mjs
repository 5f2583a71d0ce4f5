/**
 * The benchmarks' peer set-up: TensorFlow.js with its WebAssembly backend (XNNPACK) in Node,
 * loaded from the npm package (the .wasm binaries ship inside it; nothing is downloaded) and
 * pinned to one thread.
 *
 * pnpm does not hoist the tfjs packages to the workspace root, so this file imports none of them:
 * each package's bench/tfjs.mjs imports its own (`@tensorflow/tfjs-core` or the `@tensorflow/tfjs`
 * meta-package, and `@tensorflow/tfjs-backend-wasm`) and passes the modules in, with its
 * `import.meta.url` to find the wasm package's dist folder from that package.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * What of tfjs-core (or the `@tensorflow/tfjs` meta-package) the set-up uses.
 * @typedef {object} TfjsCore
 * @property {string} version_core
 * @property {(name: string) => Promise<boolean>} setBackend
 * @property {() => Promise<void>} ready
 * @property {() => string} getBackend
 * @property {() => { getAsync(flag: string): Promise<unknown> }} env
 */

/**
 * What of `@tensorflow/tfjs-backend-wasm` the set-up uses.
 * @typedef {object} TfjsWasmBackend
 * @property {(prefix: string) => void} setWasmPaths
 * @property {(threads: number) => void} setThreadsCount
 * @property {() => number} getThreadsCount
 */

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
 * @param {TfjsCore} tf         the caller's tfjs-core (or `@tensorflow/tfjs`) module
 * @param {TfjsWasmBackend} tfWasm  the caller's `@tensorflow/tfjs-backend-wasm` module
 * @param {string | URL} callerUrl  the caller's `import.meta.url`: the wasm package is resolved from there
 * @returns {Promise<TfjsInfo>}
 */
export async function setUpTfjsWasm(tf, tfWasm, callerUrl) {
  const require = createRequire(callerUrl);
  tfWasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
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
