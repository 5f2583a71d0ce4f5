import { defineConfig } from 'vitest/config';

// Forked workers, as in @recurrent/kernel: loadKernelSync sets V8's relaxed-SIMD flag itself,
// which works in a child process. Every file gets a fresh process, so a backend switch in one
// file cannot leak into another.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // A hang detector, not a speed test: a busy 2-core machine runs these several times slower.
    testTimeout: 60_000,
  },
});
