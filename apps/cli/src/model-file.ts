import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type CharLM, loadCharLM, type LoadedCharLM, ModelFileError, type NamedTensor, saveCharLM } from '@recurrent/topologies';
import { CliError, EXIT } from './errors.js';

/**
 * Writes bytes so that the file is either the old one or the whole new one, never half of it:
 * a temporary file beside the target, then a rename (atomic on one file system).
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`, EXIT.failure);
  }
}

export function saveModel(path: string, lm: CharLM, extras?: Record<string, unknown>, tensors: readonly NamedTensor[] = []): void {
  writeFileAtomic(path, saveCharLM(lm, extras, tensors));
}

/** Loads a model written by `recurrent train`, turning every problem into a message for the user. */
export function loadModel(path: string): LoadedCharLM {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CliError(`cannot read the model ${path}: ${missing ? 'no such file (train one with `recurrent train`)' : (error as Error).message}`, EXIT.model);
  }
  try {
    return loadCharLM(bytes);
  } catch (error) {
    if (error instanceof ModelFileError) throw new CliError(`${path} is not a usable model: ${error.message}`, EXIT.model);
    throw error;
  }
}
