import { defineTestConfig } from '@recurrent/test-utils/vitest';
import { WORKSPACE_ALIASES } from './test/workspace-aliases.js';

export default defineTestConfig({
  resolve: { alias: WORKSPACE_ALIASES },
  test: {
    // The two browser suites share a slow 2-core machine: one at a time, so neither starves.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
