import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every test spawns the built command; a few train for some seconds.
    testTimeout: 120_000,
  },
});
