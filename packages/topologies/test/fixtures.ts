import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The PyTorch fixtures of the repository (fixtures/torch, written by packages/pytorch's
 * generator), or wherever RECURRENT_TORCH_FIXTURES points.
 */
export const fixturesDir = process.env['RECURRENT_TORCH_FIXTURES']
  ?? fileURLToPath(new URL('../../../fixtures/torch', import.meta.url));

if (!existsSync(fixturesDir)) {
  throw new Error(`PyTorch fixtures not found at ${fixturesDir}; set RECURRENT_TORCH_FIXTURES`);
}
