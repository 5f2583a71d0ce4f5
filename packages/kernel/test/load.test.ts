/** The loader: named backends, 'auto', the synchronous form, and relaxed SIMD without a command-line flag. */
import { describe, expect, it } from 'vitest';
import { RAW_FUNCTIONS, hasRelaxedSimd, loadKernel, loadKernelSync, type Kernel } from '../src/index.js';
import { ALL_BACKENDS, EXACT, expectClose } from './helpers.js';

/** The documented example: [[1, 2], [3, 4]] · [[5, 6], [7, 8]]. */
function expectWorks(k: Kernel): void {
  const a = k.fromArray([1, 2, 3, 4]), b = k.fromArray([5, 6, 7, 8]), c = k.alloc(4);
  k.sgemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2);
  expectClose(k.toArray(c), [19, 22, 43, 50], EXACT, `${k.backend} sgemm`);
}

describe('loadKernel', () => {
  it('enables relaxed SIMD itself: the worker was started without the V8 flag', async () => {
    expect(process.execArgv.join(' ')).not.toContain('relaxed-simd');
    const k = await loadKernel({ backend: 'wasm-relaxed-simd' });
    expect(k.backend).toBe('wasm-relaxed-simd');
    expect(hasRelaxedSimd()).toBe(true);
    expectWorks(k);
  });

  it.each(ALL_BACKENDS)('loads %s when named, async and sync', async (backend) => {
    for (const k of [await loadKernel({ backend }), loadKernelSync({ backend })]) {
      expect(k.backend).toBe(backend);
      for (const name of RAW_FUNCTIONS) expect(typeof k.raw[name], name).toBe('function');
      expectWorks(k);
    }
  });

  it("'auto' picks relaxed SIMD on this host", async () => {
    expect((await loadKernel()).backend).toBe('wasm-relaxed-simd');
    expect((await loadKernel({ backend: 'auto' })).backend).toBe('wasm-relaxed-simd');
    expect(loadKernelSync().backend).toBe('wasm-relaxed-simd');
  });

  it('every kernel has a memory of its own', async () => {
    const one = await loadKernel({ backend: 'wasm-simd' }), two = await loadKernel({ backend: 'wasm-simd' });
    const a = one.fromArray([1, 2, 3]), b = two.fromArray([4, 5, 6]);
    expect(a.ptr).toBe(b.ptr);
    expectClose(one.toArray(a), [1, 2, 3], EXACT, 'first kernel');
    expectClose(two.toArray(b), [4, 5, 6], EXACT, 'second kernel');
  });
});
