import { decodeModel, encodeModel } from '../io/native.js';
import { expectTensor, tensorMap } from '../io/names.js';
import { decodeSafetensors, encodeSafetensors } from '../io/safetensors.js';
import { type CharModelLayout, charModelLayout, renameTensors } from '../io/state-dict.js';
import { addUnknownSymbol } from '../io/unknown-symbol.js';
import { ModelFileError, type ModelFile, type NamedTensor } from '../io/types.js';
import { checkCellType } from '../cells/cell.js';
import { CharLM, type CharLMConfig } from './char-lm.js';
import { ByteVocabulary } from './byte-vocabulary.js';
import { CharVocabulary, sameVocabulary, type Vocabulary } from './vocabulary.js';

/** Names of a CharLM's weights (PyTorch's), as opposed to extras such as optimizer buffers. */
const WEIGHT_NAME = /^((weight|bias)_(ih|hh)_l\d+(_reverse)?|linear\.(weight|bias)|embedding\.weight)$/;

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
  const extraTensors = file.tensors.filter((t) => !weightNames.has(t.name));
  // Weights the configuration does not use mean the configuration is wrong, not that they are extras.
  const unused = extraTensors.filter((t) => WEIGHT_NAME.test(t.name));
  if (unused.length > 0) throw new ModelFileError(`the file holds weights its configuration does not use (${unused.map((t) => t.name).join(', ')}): its config says ${JSON.stringify(file.config)}`);
  return { model, extras: file.extras ?? {}, extraTensors };
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

/** The module names of the PyTorch CharLM (packages/pytorch): `embedding`, `rnn`, `linear`. */
function pytorchName(name: string): string {
  return name.startsWith('linear.') || name.startsWith('embedding.') ? name : `rnn.${name}`;
}

/**
 * The weights in safetensors as the PyTorch CharLM's state dict (`embedding.weight`,
 * `rnn.weight_ih_l0`, …, `linear.weight`: `model.load_state_dict(load_file(path))` takes it as
 * is), with the configuration and the vocabulary in its metadata (`config`: JSON; `vocabulary`:
 * `"bytes"` or a JSON array of symbols), so {@link loadCharLMSafetensors} makes the model from
 * it alone. `dtype: 'F16'` or `'BF16'` halves the file (weights rounded to the nearest binary16
 * or bfloat16, ties to even; a weight past the type's range is an error, not an infinity).
 */
export function exportCharLMSafetensors(lm: CharLM, options: { dtype?: 'F32' | 'F16' | 'BF16'; metadata?: Record<string, string> } = {}): Uint8Array {
  const { cell, hiddenSize, numLayers, embeddingSize } = lm.config;
  return encodeSafetensors(weightsOf(lm).map((t) => ({ ...t, name: pytorchName(t.name) })), {
    ...options.metadata,
    format: 'pt', cell,
    config: JSON.stringify({ cell, hiddenSize, numLayers, ...(embeddingSize > 0 ? { embeddingSize } : {}) }),
    vocabulary: vocabularyMetadata(lm.vocabulary),
  }, { dtype: options.dtype ?? 'F32' });
}

/** The metadata value that names a vocabulary: `"bytes"`, or the symbols as a JSON array. */
export function vocabularyMetadata(vocabulary: Vocabulary): string {
  return vocabulary.kind === 'bytes' ? 'bytes' : JSON.stringify(vocabulary.symbols);
}

/** How a PyTorch state dict was read: each file tensor and the name it was loaded as. */
export type TensorMapping = CharModelLayout['mapping'];

/**
 * Loads weights from safetensors (a PyTorch state dict: nn.Embedding? → nn.RNN/LSTM/GRU →
 * nn.Linear, any module names; see charModelLayout) into a model of matching shape. A missing
 * tensor or a shape that differs is an error naming both shapes, and nothing is changed unless
 * everything fits. The weights' vocabulary must be the model's: named in the file's metadata, or
 * stated by the caller (`options.vocabulary`, checked against the metadata's too when both are
 * there). A bare state dict with neither is an error even when the sizes match: V outputs of the
 * same size could mean other characters, and the model would predict them silently.
 * Returns how the file's tensors were mapped.
 */
export function importCharLMSafetensors(lm: CharLM, bytes: Uint8Array, options: Pick<SafetensorsLoadOptions, 'vocabulary'> = {}): TensorMapping {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const fromFile = metadata.vocabulary === undefined ? undefined : vocabularyOfMetadata(metadata.vocabulary);
  if (!fromFile && !options.vocabulary) throw new ModelFileError(`the file names no vocabulary in its metadata ("vocabulary"), and none was given: its outputs could mean other characters than the model's ${lm.vocabulary.size}, so state the vocabulary the weights were trained on`);
  if (options.vocabulary) checkSameVocabulary(lm.vocabulary, options.vocabulary);
  if (fromFile) checkSameVocabulary(lm.vocabulary, fromFile);
  const layout = charModelLayout(tensors, { nonlinearity: lm.config.cell === 'rnn_relu' ? 'relu' : 'tanh' });
  loadWeights(lm, renameTensors(tensors, layout.mapping));
  return layout.mapping;
}

/** What {@link loadCharLMSafetensors} may be told that a bare state dict does not say. */
export interface SafetensorsLoadOptions {
  /** The symbols the model was trained on; required when the metadata names none, checked against it when it does. */
  vocabulary?: Vocabulary;
  /** Which vanilla RNN a one-gate network is (default: the metadata's cell, else 'tanh'). */
  nonlinearity?: 'tanh' | 'relu';
  /**
   * The weights were trained without `vocabulary`'s id 0, U+FFFD (statedCharVocabulary added it
   * to the user's symbols): the file's V outputs are ids 1..V, and the tensors get the new id 0
   * by addUnknownSymbol. Only for a bare state dict (a file naming its vocabulary has U+FFFD).
   */
  addUnknownSymbol?: boolean;
}

/**
 * A CharLM made from a safetensors file: the configuration read off the tensors' names and
 * shapes (see charModelLayout; the metadata's `config`, as {@link exportCharLMSafetensors}
 * writes it, must agree), the vocabulary from the metadata or `options.vocabulary` (with
 * `options.addUnknownSymbol`, one whose U+FFFD the weights lack: see addUnknownSymbol), and its
 * weights. Returns the metadata too (a base model records its training there) and the mapping
 * from the file's tensor names to the model's.
 */
export function loadCharLMSafetensors(bytes: Uint8Array, options: SafetensorsLoadOptions = {}): { model: CharLM; metadata: Record<string, string>; mapping: TensorMapping } {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const recorded = metadata.config === undefined ? undefined : configOfMetadata(metadata.config);
  const nonlinearity = options.nonlinearity ?? (recorded?.cell === 'rnn_relu' ? 'relu' : 'tanh');
  const layout = charModelLayout(tensors, { nonlinearity });
  if (layout.bidirectional) throw new ModelFileError('the recurrent layers are bidirectional: a bidirectional network reads the text after each character too, so it cannot predict the next one (load it into a Recurrent with bidirectional: true)');
  if (recorded) {
    for (const key of ['cell', 'hiddenSize', 'numLayers', 'embeddingSize'] as const) {
      const said = recorded[key] ?? (key === 'numLayers' ? 1 : key === 'embeddingSize' ? 0 : undefined);
      if (said !== layout[key]) throw new ModelFileError(`the metadata's config says ${key} ${JSON.stringify(said)}, the tensors say ${JSON.stringify(layout[key])}`);
    }
  }
  if (options.addUnknownSymbol) {
    if (metadata.vocabulary !== undefined) throw new ModelFileError('the file names its vocabulary in its metadata, so it has the unknown symbol already: there is none to add');
    if (options.vocabulary?.kind !== 'chars' || options.vocabulary.symbols[0] !== CharVocabulary.UNKNOWN) throw new ModelFileError('addUnknownSymbol needs the vocabulary of characters with U+FFFD added at id 0 (see statedCharVocabulary)');
    if (options.vocabulary.size - 1 !== layout.vocabularySize) throw new ModelFileError(`the vocabulary has ${options.vocabulary.size - 1} symbols (and no U+FFFD, added at id 0), the model's output layer ${layout.vocabularySize}`);
    const vocabulary = options.vocabulary;
    const model = charLMOf({ ...recorded, ...architecture(layout), vocabulary: 'chars' }, [...vocabulary.symbols]);
    loadWeights(model, renameTensors(addUnknownSymbol(tensors, layout), layout.mapping));
    return { model, metadata, mapping: layout.mapping };
  }
  const fromFile = metadata.vocabulary === undefined ? undefined : vocabularyOfMetadata(metadata.vocabulary);
  if (fromFile && options.vocabulary) checkSameVocabulary(options.vocabulary, fromFile);
  const vocabulary = fromFile ?? options.vocabulary;
  if (!vocabulary) throw new ModelFileError(`the file names no vocabulary in its metadata ("vocabulary"), and none was given: the ${layout.vocabularySize} outputs could mean any characters, so give the vocabulary the model was trained on`);
  if (vocabulary.size !== layout.vocabularySize) throw new ModelFileError(`the vocabulary has ${vocabulary.size} symbols, the model's output layer ${layout.vocabularySize}`);
  const model = charLMOf({ ...recorded, ...architecture(layout), vocabulary: vocabulary.kind }, vocabulary.kind === 'chars' ? [...vocabulary.symbols] : undefined);
  loadWeights(model, renameTensors(tensors, layout.mapping));
  return { model, metadata, mapping: layout.mapping };
}

/** The configuration a layout reads off the tensors. */
function architecture(layout: CharModelLayout): Pick<CharLMConfig, 'cell' | 'hiddenSize' | 'numLayers' | 'embeddingSize'> {
  return { cell: layout.cell, hiddenSize: layout.hiddenSize, numLayers: layout.numLayers, embeddingSize: layout.embeddingSize };
}

function configOfMetadata(text: string): Partial<CharLMConfig> {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw new ModelFileError('the metadata "config" is not JSON');
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new ModelFileError('the metadata "config" is not a JSON object');
  return config;
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
      numLayers: c.numLayers === undefined ? 1 : positive(c.numLayers, 'numLayers', MAX_LAYERS),
      dropout: typeof c.dropout === 'number' ? c.dropout : 0,
      seed: typeof c.seed === 'number' ? c.seed : 0,
      forgetBias: typeof c.forgetBias === 'number' ? c.forgetBias : 0,
      embeddingSize: c.embeddingSize === undefined || c.embeddingSize === 0 ? 0 : positive(c.embeddingSize, 'embeddingSize', MAX_HIDDEN_SIZE),
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
  return vocabularyOf('chars', symbols);
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
