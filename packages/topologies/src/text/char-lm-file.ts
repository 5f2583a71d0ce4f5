import { decodeModel, encodeModel } from '../io/native.js';
import { expectTensor, tensorMap } from '../io/names.js';
import { decodeSafetensors, encodeSafetensors } from '../io/safetensors.js';
import { ModelFileError, type ModelFile, type NamedTensor } from '../io/types.js';
import { checkCellType } from '../cells/cell.js';
import { CharLM, type CharLMConfig } from './char-lm.js';
import { CharVocabulary } from './vocabulary.js';

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
    config: { ...lm.config },
    vocabulary: [...lm.vocabulary.symbols],
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
  if (!file.vocabulary || file.vocabulary.length < 2) throw new ModelFileError('the model file has no vocabulary');
  let vocabulary: CharVocabulary;
  let model: CharLM;
  try {
    vocabulary = new CharVocabulary(file.vocabulary);
    const c = file.config as Partial<CharLMConfig>;
    model = new CharLM(vocabulary, {
      cell: checkCellType(c.cell),
      hiddenSize: positive(c.hiddenSize, 'hiddenSize'),
      numLayers: positive(c.numLayers ?? 1, 'numLayers'),
      dropout: typeof c.dropout === 'number' ? c.dropout : 0,
      seed: typeof c.seed === 'number' ? c.seed : 0,
      forgetBias: typeof c.forgetBias === 'number' ? c.forgetBias : 0,
    });
  } catch (error) {
    if (error instanceof ModelFileError) throw error;
    throw new ModelFileError(`the model's configuration is invalid: ${(error as Error).message}`);
  }
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
  const symbols = file.vocabulary ?? [];
  if (symbols.length !== lm.vocabulary.size || symbols.some((s, i) => s !== lm.vocabulary.symbols[i])) {
    throw new ModelFileError('the model file has another vocabulary');
  }
  loadWeights(lm, file.tensors);
}

/** The weights alone in safetensors, PyTorch's names: a state dict PyTorch (or any tool) reads. */
export function exportCharLMSafetensors(lm: CharLM): Uint8Array {
  return encodeSafetensors(weightsOf(lm), { format: 'pt', cell: lm.config.cell, vocabulary: JSON.stringify(lm.vocabulary.symbols) });
}

/**
 * Loads weights from safetensors (e.g. a PyTorch nn.LSTM + nn.Linear state dict saved with
 * safetensors) into a model of matching shape. Names follow PyTorch; a missing tensor or a shape
 * that differs is an error naming both shapes, and nothing is changed unless everything fits.
 */
export function importCharLMSafetensors(lm: CharLM, bytes: Uint8Array): void {
  loadWeights(lm, decodeSafetensors(bytes).tensors);
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

function positive(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ModelFileError(`the model's ${name} is ${JSON.stringify(value)}, not a positive integer`);
  return value;
}
