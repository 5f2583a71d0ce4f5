import { decodeModel, encodeModel } from '../io/native.js';
import { expectTensor, tensorMap } from '../io/names.js';
import { decodeSafetensors, encodeSafetensors } from '../io/safetensors.js';
import { ModelFileError, type ModelFile, type NamedTensor } from '../io/types.js';
import { checkCellType } from '../cells/cell.js';
import { CharLM, type CharLMConfig } from './char-lm.js';
import { ByteVocabulary } from './byte-vocabulary.js';
import { CharVocabulary, sameVocabulary, type Vocabulary } from './vocabulary.js';

/** The `kind` written into a CharLM's model file. */
export const CHAR_LM_KIND = 'char-lm';

/**
 * A CharLM as a native model file: configuration, vocabulary, every weight under its PyTorch
 * name, and optional extras: JSON-safe values (e.g. a training checkpoint's counters) and
 * further tensors (e.g. the optimizer's moments) under names of the caller's choosing.
 */
export function saveCharLM(lm: CharLM, extras?: Record<string, unknown>, extraTensors: readonly NamedTensor[] = []): Uint8Array {
  const file: ModelFile = {
    kind: CHAR_LM_KIND,
    config: { ...lm.config, vocabulary: lm.vocabulary.kind },
    ...(lm.vocabulary.kind === 'chars' ? { vocabulary: [...lm.vocabulary.symbols] } : {}),
    tensors: [...weightsOf(lm), ...extraTensors],
    ...(extras ? { extras } : {}),
  };
  return encodeModel(file);
}

/** What {@link loadCharLM} gives back: the model, the extras, and the tensors that are not weights. */
export interface LoadedCharLM {
  model: CharLM;
  extras: Record<string, unknown>;
  extraTensors: NamedTensor[];
}

/** Reads a file written by {@link saveCharLM}; every problem is a ModelFileError saying what is wrong. */
export function loadCharLM(bytes: Uint8Array): LoadedCharLM {
  const file = decodeModel(bytes);
  if (file.kind !== CHAR_LM_KIND) throw new ModelFileError(`this model file holds a ${JSON.stringify(file.kind)}, not a ${CHAR_LM_KIND}`);
  const model = charLMOf(file.config, file.vocabulary);
  loadWeights(model, file.tensors);
  const weightNames = new Set(model.namedParameters().map(([name]) => name));
  return { model, extras: file.extras ?? {}, extraTensors: file.tensors.filter((t) => !weightNames.has(t.name)) };
}

/**
 * Loads the weights of a model file into an existing CharLM of the same configuration and
 * vocabulary (no new tensors: an editor can refresh its model from a trainer's snapshots for
 * hours without growing memory). Throws a ModelFileError when the file is of another model.
 */
export function readCharLMWeights(lm: CharLM, bytes: Uint8Array): void {
  const file = decodeModel(bytes);
  if (file.kind !== CHAR_LM_KIND) throw new ModelFileError(`this model file holds a ${JSON.stringify(file.kind)}, not a ${CHAR_LM_KIND}`);
  checkSameVocabulary(lm.vocabulary, vocabularyOf(file.config.vocabulary, file.vocabulary));
  loadWeights(lm, file.tensors);
}

/**
 * The weights in safetensors under PyTorch's names (a state dict PyTorch or any tool reads), with
 * the configuration and the vocabulary in its metadata (`config`: JSON; `vocabulary`: `"bytes"`
 * or a JSON array of symbols), so {@link loadCharLMSafetensors} makes the model from it alone.
 * `dtype: 'F16'` halves the file (weights rounded to the nearest half-precision value).
 */
export function exportCharLMSafetensors(lm: CharLM, options: { dtype?: 'F32' | 'F16'; metadata?: Record<string, string> } = {}): Uint8Array {
  const { cell, hiddenSize, numLayers } = lm.config;
  return encodeSafetensors(weightsOf(lm), {
    ...options.metadata,
    format: 'pt', cell,
    config: JSON.stringify({ cell, hiddenSize, numLayers }),
    vocabulary: lm.vocabulary.kind === 'bytes' ? 'bytes' : JSON.stringify(lm.vocabulary.symbols),
  }, { dtype: options.dtype ?? 'F32' });
}

/**
 * Loads weights from safetensors (e.g. a PyTorch nn.LSTM + nn.Linear state dict saved with
 * safetensors) into a model of matching shape. Names follow PyTorch; a missing tensor or a shape
 * that differs is an error naming both shapes, and nothing is changed unless everything fits.
 * When the file's metadata names a vocabulary, it must be the model's.
 */
export function importCharLMSafetensors(lm: CharLM, bytes: Uint8Array): void {
  const { tensors, metadata } = decodeSafetensors(bytes);
  if (metadata.vocabulary !== undefined) checkSameVocabulary(lm.vocabulary, vocabularyOfMetadata(metadata.vocabulary));
  loadWeights(lm, tensors);
}

/**
 * A CharLM made from a safetensors file alone: its metadata's `config` (JSON: cell, hiddenSize,
 * numLayers) and `vocabulary`, as {@link exportCharLMSafetensors} writes them, and its weights.
 * Returns the metadata too (a base model records its training there).
 */
export function loadCharLMSafetensors(bytes: Uint8Array): { model: CharLM; metadata: Record<string, string> } {
  const { tensors, metadata } = decodeSafetensors(bytes);
  if (metadata.config === undefined || metadata.vocabulary === undefined) {
    throw new ModelFileError('this safetensors file names no model configuration and vocabulary in its metadata (keys "config" and "vocabulary"); load its weights into a model of the right shape with importCharLMSafetensors');
  }
  let config: unknown;
  try {
    config = JSON.parse(metadata.config);
  } catch {
    throw new ModelFileError('the metadata "config" is not JSON');
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new ModelFileError('the metadata "config" is not a JSON object');
  const vocabulary = vocabularyOfMetadata(metadata.vocabulary);
  const model = charLMOf({ ...config, vocabulary: vocabulary.kind }, vocabulary.kind === 'chars' ? [...vocabulary.symbols] : undefined);
  loadWeights(model, tensors);
  return { model, metadata };
}

/** The largest hidden size and layer count a file may ask for: bounds memory before any allocation. */
const MAX_HIDDEN_SIZE = 4096;
const MAX_LAYERS = 16;

function charLMOf(config: Record<string, unknown>, symbols: string[] | undefined): CharLM {
  const vocabulary = vocabularyOf(config.vocabulary, symbols);
  try {
    const c = config as Partial<CharLMConfig>;
    return new CharLM(vocabulary, {
      cell: checkCellType(c.cell),
      hiddenSize: positive(c.hiddenSize, 'hiddenSize', MAX_HIDDEN_SIZE),
      numLayers: positive(c.numLayers ?? 1, 'numLayers', MAX_LAYERS),
      dropout: typeof c.dropout === 'number' ? c.dropout : 0,
      seed: typeof c.seed === 'number' ? c.seed : 0,
      forgetBias: typeof c.forgetBias === 'number' ? c.forgetBias : 0,
    });
  } catch (error) {
    if (error instanceof ModelFileError) throw error;
    throw new ModelFileError(`the model's configuration is invalid: ${(error as Error).message}`);
  }
}

/** The vocabulary a file describes: `kind` 'bytes', or the symbols of a CharVocabulary. */
function vocabularyOf(kind: unknown, symbols: string[] | undefined): Vocabulary {
  if (kind === 'bytes') return new ByteVocabulary();
  if (kind !== undefined && kind !== 'chars') throw new ModelFileError(`the model's vocabulary kind is ${JSON.stringify(kind)}, not "chars" or "bytes"`);
  if (!symbols || symbols.length < 2) throw new ModelFileError('the model file has no vocabulary');
  try {
    return new CharVocabulary(symbols);
  } catch (error) {
    throw new ModelFileError(`the model's vocabulary is invalid: ${(error as Error).message}`);
  }
}

function vocabularyOfMetadata(value: string): Vocabulary {
  if (value === 'bytes') return new ByteVocabulary();
  let symbols: unknown;
  try {
    symbols = JSON.parse(value);
  } catch {
    throw new ModelFileError('the metadata "vocabulary" is neither "bytes" nor a JSON array of symbols');
  }
  if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === 'string')) throw new ModelFileError('the metadata "vocabulary" is not an array of strings');
  return vocabularyOf('chars', symbols as string[]);
}

function checkSameVocabulary(model: Vocabulary, file: Vocabulary): void {
  if (sameVocabulary(model, file)) return;
  if (model.kind !== file.kind) throw new ModelFileError(`the file's vocabulary is ${file.kind === 'bytes' ? 'UTF-8 bytes' : `${file.size} characters`}, the model's ${model.kind === 'bytes' ? 'UTF-8 bytes' : `${model.size} characters`}`);
  if (model.size !== file.size) throw new ModelFileError(`the file's vocabulary has ${file.size} symbols, the model's ${model.size}`);
  const at = model.symbols.findIndex((s, i) => s !== file.symbols[i]);
  if (at >= 0) throw new ModelFileError(`the file's vocabulary differs from the model's at id ${at} (${JSON.stringify(file.symbols[at])} where the model has ${JSON.stringify(model.symbols[at])}): the weights would mean other characters`);
}

function weightsOf(lm: CharLM): NamedTensor[] {
  return lm.namedParameters().map(([name, t]) => ({ name, shape: [...t.shape], data: t.toArray() }));
}

function loadWeights(lm: CharLM, tensors: readonly NamedTensor[]): void {
  const map = tensorMap(tensors);
  // Check every tensor first, so a bad file leaves the model as it was.
  const found = lm.namedParameters().map(([name, t]) => [t, expectTensor(map, name, t.shape)] as const);
  for (const [t, stored] of found) t.set(stored.data);
}

function positive(value: unknown, name: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ModelFileError(`the model's ${name} is ${JSON.stringify(value)}, not a positive integer`);
  if (value > max) throw new ModelFileError(`the model's ${name} is ${value}, over the ${max} this reader accepts`);
  return value;
}
