import { relaxedSimdWasmBase64, simdWasmBase64 } from '../build/kernel-wasm.js';
import { Arena } from './arena.js';
import { checkedRawKernel, checksRequestedByEnvironment } from './checked.js';
import { hasRelaxedSimd, hasSimd, tryEnableRelaxedSimd, tryEnableRelaxedSimdSync } from './features.js';
import { Kernel, type Backend } from './kernel.js';
import { RAW_FUNCTIONS } from './functions.js';
import type { RawKernel } from './raw.js';
import { loadReferenceKernel } from './reference/index.js';

export interface LoadOptions {
  /**
   * `'auto'` (default): relaxed SIMD where the host has it, else plain SIMD, else the
   * TypeScript reference. Naming a backend loads exactly that one or throws.
   */
  backend?: 'auto' | Backend;
  /**
   * In Node, set V8's `--experimental-wasm-relaxed-simd` flag when relaxed SIMD is not on
   * already (Node 20 needs it; newer hosts have it by default). Default true.
   */
  enableRelaxedSimdFlag?: boolean;
  /**
   * The debug mode: `kernel.raw` checks every call against the kernel's contract (buffer
   * extents inside allocated memory, aliasing rules; see `checkedRawKernel`). Default: on when
   * the environment variable RECURRENT_KERNEL_CHECKS is 1, else off.
   */
  checked?: boolean;
}

const compiled = new Map<Backend, WebAssembly.Module>();

function wasmBytes(backend: 'wasm-simd' | 'wasm-relaxed-simd'): Uint8Array<ArrayBuffer> {
  const base64 = backend === 'wasm-simd' ? simdWasmBase64 : relaxedSimdWasmBase64;
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}

function chooseBackend(requested: 'auto' | Backend, relaxed: boolean): Backend {
  if (requested === 'auto') return relaxed ? 'wasm-relaxed-simd' : hasSimd() ? 'wasm-simd' : 'reference';
  if (requested === 'wasm-relaxed-simd' && !relaxed) {
    throw new Error('loadKernel: this host cannot compile relaxed SIMD (in Node 20, allow the --experimental-wasm-relaxed-simd flag)');
  }
  if (requested === 'wasm-simd' && !hasSimd()) throw new Error('loadKernel: this host has no WebAssembly SIMD');
  return requested;
}

function kernelFromInstance(backend: Backend, instance: WebAssembly.Instance, checked: boolean): Kernel {
  const exports = instance.exports as unknown as RawKernel & { memory: WebAssembly.Memory; heapBase(): number };
  for (const name of RAW_FUNCTIONS) {
    if (typeof exports[name] !== 'function') throw new Error(`loadKernel: the wasm module lacks ${name}; rebuild the package`);
  }
  const arena = new Arena(exports.memory, exports.heapBase());
  return new Kernel(backend, arena, checked ? checkedRawKernel(exports, arena) : exports, checked);
}

/**
 * Loads the fastest kernel this host runs (see {@link LoadOptions}). Every call returns a new
 * kernel with its own memory; the compiled module is shared.
 *
 * @example
 * ```ts
 * import { loadKernel } from '@recurrent/kernel';
 * const k = await loadKernel();
 * console.log(k.backend); // 'wasm-relaxed-simd' on Node 20 with the flag allowed
 * ```
 */
export async function loadKernel(options: LoadOptions = {}): Promise<Kernel> {
  const { backend: requested = 'auto', enableRelaxedSimdFlag = true, checked = checksRequestedByEnvironment() } = options;
  const relaxed = enableRelaxedSimdFlag && requested !== 'wasm-simd' && requested !== 'reference'
    ? await tryEnableRelaxedSimd()
    : hasRelaxedSimd();
  const backend = chooseBackend(requested, relaxed);
  if (backend === 'reference') return loadReferenceKernel({ checked });
  let module = compiled.get(backend);
  if (!module) {
    module = await WebAssembly.compile(wasmBytes(backend));
    compiled.set(backend, module);
  }
  return kernelFromInstance(backend, await WebAssembly.instantiate(module, {}), checked);
}

/**
 * The synchronous form of {@link loadKernel}, for hosts that allow compiling a module of this
 * size synchronously (Node, workers, the VS Code extension host; not a browser's main thread).
 */
export function loadKernelSync(options: LoadOptions = {}): Kernel {
  const { backend: requested = 'auto', enableRelaxedSimdFlag = true, checked = checksRequestedByEnvironment() } = options;
  const relaxed = enableRelaxedSimdFlag && requested !== 'wasm-simd' && requested !== 'reference'
    ? tryEnableRelaxedSimdSync()
    : hasRelaxedSimd();
  const backend = chooseBackend(requested, relaxed);
  if (backend === 'reference') return loadReferenceKernel({ checked });
  let module = compiled.get(backend);
  if (!module) {
    module = new WebAssembly.Module(wasmBytes(backend));
    compiled.set(backend, module);
  }
  return kernelFromInstance(backend, new WebAssembly.Instance(module, {}), checked);
}
