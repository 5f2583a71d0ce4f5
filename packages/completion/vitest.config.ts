import { defineConfig } from 'vitest/config';

// The n-gram tests count hundreds of thousands of characters: longer than vitest's 5 s default on a busy machine.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
