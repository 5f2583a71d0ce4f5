import type { ViteUserConfig } from 'vitest/config';

/**
 * A test's time limit. A hang detector, not a speed test: a busy 2-core machine runs the
 * suites several times slower than an idle one, and some tests train small models for seconds.
 */
export declare const TEST_TIMEOUT_MS: 60_000;

/**
 * The vitest config every package starts from: its own `test/**\/*.test.ts` only (some packages
 * hold unpacked third-party trees with test files of their own) and the 60 s time limit.
 * `overrides` is merged in (arrays concatenated, objects merged, scalars replaced) for what a
 * package needs beyond that: forked workers, a longer limit for suites that spawn processes, an alias.
 */
export declare function defineTestConfig(overrides?: ViteUserConfig): ViteUserConfig;
