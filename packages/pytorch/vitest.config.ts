import { defineConfig } from 'vitest/config';

// The end-to-end test may install PyTorch (apt-get) and trains with two processes: minutes, not seconds.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 900_000 } });
