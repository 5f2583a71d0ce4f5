import { defineTestConfig } from '@recurrent/test-utils/vitest';

// Forked workers, as in @recurrent/kernel: loadKernelSync sets V8's relaxed-SIMD flag itself,
// which works in a child process. Every file gets a fresh process, so a backend switch in one
// file cannot leak into another.
export default defineTestConfig({ test: { pool: 'forks' } });
