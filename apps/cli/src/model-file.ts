import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  ByteVocabulary, type CharLM, loadCharLM, loadCharLMSafetensors, type LoadedCharLM, MODEL_MAGIC, ModelFileError,
  type NamedTensor, saveCharLM, type SafetensorsLoadOptions, statedCharVocabulary, type TensorMapping, type Vocabulary,
} from '@recurrent/topologies';
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

/**
 * Removes the temporary files an interrupted writeFileAtomic left beside `path` (a process
 * killed mid-write cannot clean up after itself); returns how many there were.
 */
export function removeStaleTemporaries(path: string): number {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path)).filter((f) => f.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(f.slice(prefix.length)));
  } catch {
    return 0;
  }
  for (const name of names) rmSync(join(dirname(path), name), { force: true });
  return names.length;
}

export function saveModel(path: string, lm: CharLM, extras?: Record<string, unknown>, tensors: readonly NamedTensor[] = []): void {
  writeFileAtomic(path, saveCharLM(lm, extras, tensors));
}

/** A model loaded from either file it can come in, and how a safetensors file's tensors were mapped. */
export interface LoadedModel extends LoadedCharLM {
  format: 'native' | 'safetensors';
  mapping: TensorMapping;
}

/**
 * Loads a model: a native file written by `recurrent train` (it starts with the magic
 * RECURRNT), or safetensors (e.g. a PyTorch state dict; see loadCharLMSafetensors: a
 * `.safetensors` name, or a JSON header after the size), turning every problem into a message
 * for the user.
 */
export function loadModel(path: string, options: SafetensorsLoadOptions = {}): LoadedModel {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CliError(`cannot read the model ${path}: ${missing ? 'no such file (train one with `recurrent train`)' : (error as Error).message}`, EXIT.model);
  }
  // Native files start with their magic; safetensors with an 8-byte header size, then '{'.
  const native = new TextDecoder().decode(bytes.subarray(0, MODEL_MAGIC.length)) === MODEL_MAGIC
    || !(path.toLowerCase().endsWith('.safetensors') || bytes[8] === 0x7b);
  try {
    if (native) return { ...loadCharLM(bytes), format: 'native', mapping: [] };
    const { model, mapping } = loadCharLMSafetensors(bytes, options);
    return { model, extras: {}, extraTensors: [], format: 'safetensors', mapping };
  } catch (error) {
    if (error instanceof ModelFileError) throw new CliError(`${path} is not a usable model${native ? '' : ' (read as safetensors: it does not start as a native model file)'}: ${error.message}`, EXIT.model);
    throw error;
  }
}

/**
 * `--vocabulary`: "bytes" (the 256 UTF-8 bytes), or a JSON file holding the symbols in id order.
 * Symbols without U+FFFD (a PyTorch model's `sorted(set(text))`) get it added at id 0, theirs
 * at 1..V: `addUnknownSymbol` tells the loader to shift the weights likewise (see
 * statedCharVocabulary); U+FFFD at another id is refused.
 */
export function readVocabulary(spec: string): { vocabulary: Vocabulary; addUnknownSymbol: boolean } {
  if (spec === 'bytes') return { vocabulary: new ByteVocabulary(), addUnknownSymbol: false };
  let symbols: unknown;
  try {
    symbols = JSON.parse(readFileSync(spec, 'utf8'));
  } catch (error) {
    throw new CliError(`--vocabulary ${spec}: give "bytes" or a JSON file with the array of symbols (${(error as Error).message})`, EXIT.usage);
  }
  if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === 'string')) throw new CliError(`--vocabulary ${spec}: the file must hold a JSON array of strings, one symbol per id`, EXIT.usage);
  try {
    const { vocabulary, addedUnknown } = statedCharVocabulary(symbols);
    return { vocabulary, addUnknownSymbol: addedUnknown };
  } catch (error) {
    throw new CliError(`--vocabulary ${spec}: ${(error as Error).message}`, EXIT.usage);
  }
}
