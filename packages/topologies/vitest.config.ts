import { defineConfig } from 'vitest/config';

// Some tests train small models for seconds; the timeout catches hangs, it does not time speed
// (a busy 2-core machine runs them several times slower than an idle one).
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
