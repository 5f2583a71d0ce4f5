import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's PyTorch fixtures, written by packages/pytorch's generator (see their README). */
const REPOSITORY_FIXTURES = fileURLToPath(new URL('../../../fixtures/torch', import.meta.url));

/**
 * The PyTorch fixture folder: RECURRENT_TORCH_FIXTURES when set, else the repository's
 * fixtures/torch. Read at each call, so a test may point it elsewhere. Throws when the folder
 * is missing, so a suite fails loudly instead of checking nothing.
 */
export function torchFixtureDir(): string {
  const dir = process.env['RECURRENT_TORCH_FIXTURES'] ?? REPOSITORY_FIXTURES;
  if (!existsSync(dir)) throw new Error(`PyTorch fixtures not found at ${dir}; set RECURRENT_TORCH_FIXTURES to the fixtures folder`);
  return dir;
}

/**
 * Every fixture file (`*.json`, in name order), parsed as `T`: the caller names the parts of
 * the format it reads. Throws when the folder is missing or holds no fixture.
 */
export function loadTorchFixtures<T>(): T[] {
  const dir = torchFixtureDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no PyTorch fixture (*.json) in ${dir}`);
  return files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as T);
}
