import { defineTestConfig } from '@recurrent/test-utils/vitest';

export default defineTestConfig({
  test: {
    // The two browser suites share a slow 2-core machine: one at a time, so neither starves.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
