// Plain JavaScript (typed by vitest.d.ts beside it): vitest's config loader hands imports from
// node_modules to Node itself, and Node 20 cannot load TypeScript.
import { defineConfig, mergeConfig } from 'vitest/config';

export const TEST_TIMEOUT_MS = 60_000;

export function defineTestConfig(overrides = {}) {
  return mergeConfig(defineConfig({
    test: { include: ['test/**/*.test.ts'], testTimeout: TEST_TIMEOUT_MS },
  }), overrides);
}
