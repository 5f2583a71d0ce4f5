import { defineTestConfig } from '@recurrent/test-utils/vitest';

// The end-to-end test may install PyTorch (apt-get) and trains with two processes: minutes, not seconds.
export default defineTestConfig({ test: { testTimeout: 600_000, hookTimeout: 900_000 } });
