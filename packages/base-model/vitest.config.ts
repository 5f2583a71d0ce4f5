import { defineConfig } from 'vitest/config';

// Only this package's tests: corpus/.cache holds unpacked packages with test files of their own.
export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
