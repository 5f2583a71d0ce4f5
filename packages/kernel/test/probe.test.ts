import { describe, expect, it } from 'vitest';
import { loadKernel, hasRelaxedSimd } from '../src/index.js';
it('probe', async () => {
  console.log('before', hasRelaxedSimd(), process.execArgv);
  const k = await loadKernel({ backend: 'auto' });
  console.log('after', k.backend, hasRelaxedSimd());
  expect(k.backend).toBe('wasm-relaxed-simd');
});
