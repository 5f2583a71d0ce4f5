import { defineTestConfig } from '@recurrent/test-utils/vitest';

// Every test spawns the built command, and a few train for some seconds: twice the shared limit.
export default defineTestConfig({ test: { testTimeout: 120_000 } });
