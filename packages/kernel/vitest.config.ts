import { defineConfig } from 'vitest/config';

// No execArgv for relaxed SIMD: loadKernel sets V8's flag itself, and test/load.test.ts proves
// that works inside the forked test workers.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // A hang detector, not a speed test: a busy 2-core machine runs these several times slower.
    testTimeout: 60_000,
  },
});
