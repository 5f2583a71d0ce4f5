import { defineTestConfig } from '@recurrent/test-utils/vitest';

// No execArgv for relaxed SIMD: loadKernel sets V8's flag itself, and test/load.test.ts proves
// that works inside the forked test workers.
export default defineTestConfig({ test: { pool: 'forks' } });
