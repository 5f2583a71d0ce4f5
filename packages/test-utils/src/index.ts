/**
 * What the workspace's test suites share, so each idea has one place: the PyTorch fixture
 * locator, a seeded generator and fast-check's seed, and tolerance checks. The vitest config
 * is the separate entry `@recurrent/test-utils/vitest` (a config must not import vitest's runner).
 * Imports nothing of the workspace, so every package's tests can use it, the kernel's included.
 */
export { fcSeed, DEFAULT_FC_SEED, mulberry32 } from './random.js';
export { expectClose, EXACT, within, type Tol } from './tolerance.js';
export { loadTorchFixtures, torchFixtureDir } from './torch-fixtures.js';
