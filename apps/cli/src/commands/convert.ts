import { writeFileAtomic, loadModel, readVocabulary, saveModel } from '../model-file.js';
import { ABSENT_SYMBOL_BIAS, exportCharLMSafetensors, type CharLMConfig, type TensorMapping } from '@recurrent/topologies';
import { CliError, EXIT } from '../errors.js';

export interface ImportArgs {
  file: string;
  out?: string;
  vocabulary?: string;
  nonlinearity?: 'tanh' | 'relu';
}

export interface ImportOutcome {
  out: string;
  config: Required<CharLMConfig>;
  vocabulary: { kind: string; size: number };
  mapping: TensorMapping;
  /** Whether the stated vocabulary lacked U+FFFD, so it was added at id 0 and the weights shifted to match. */
  addedUnknownSymbol: boolean;
}

/**
 * `recurrent import FILE.safetensors`: a PyTorch state dict (any module names; nn.Embedding →
 * nn.RNN/LSTM/GRU → nn.Linear) as a native model file that every command and the editor read.
 */
export function importModel(args: ImportArgs): ImportOutcome {
  const stated = args.vocabulary ? readVocabulary(args.vocabulary) : undefined;
  const { model, format, mapping } = loadModel(args.file, {
    ...stated,
    ...(args.nonlinearity ? { nonlinearity: args.nonlinearity } : {}),
  });
  if (format !== 'safetensors') throw new CliError(`${args.file} is already a native model file; nothing to import`, EXIT.usage);
  const out = args.out ?? args.file.replace(/\.safetensors$/i, '') + '.rnn';
  saveModel(out, model);
  return {
    out, config: { ...model.config }, vocabulary: { kind: model.vocabulary.kind, size: model.vocabulary.size }, mapping,
    addedUnknownSymbol: stated?.addUnknownSymbol ?? false,
  };
}

export interface ExportArgs {
  model: string;
  /** Stored precision: f32, or half the size as f16 (binary16) or bf16 (bfloat16, float32's range). */
  dtype: 'f32' | 'f16' | 'bf16';
  out?: string;
}

const DTYPES = { f32: 'F32', f16: 'F16', bf16: 'BF16' } as const;

/**
 * `recurrent export MODEL --format safetensors`: the weights as the PyTorch CharLM's state dict
 * (packages/pytorch loads it with load_state_dict as is), config and vocabulary in its metadata.
 */
export function exportModel(args: ExportArgs): { out: string; bytes: number } {
  const { model } = loadModel(args.model);
  const out = args.out ?? args.model.replace(/\.rnn$/i, '') + '.safetensors';
  if (out === args.model) throw new CliError(`-o ${out} would overwrite the model being exported`, EXIT.usage);
  let bytes: Uint8Array;
  try {
    bytes = exportCharLMSafetensors(model, { dtype: DTYPES[args.dtype] });
  } catch (error) {
    throw new CliError(`cannot export ${args.model}: ${(error as Error).message}`, EXIT.model);
  }
  writeFileAtomic(out, bytes);
  return { out, bytes: bytes.length };
}

/** What adding U+FFFD did, for the terminal: the ids moved and the rows added, said once, never silently. */
export function describeAddedUnknown(outcome: ImportOutcome): string[] {
  if (!outcome.addedUnknownSymbol) return [];
  const V = outcome.vocabulary.size - 1, input = outcome.config.embeddingSize > 0 ? 'a zero embedding row' : 'a zero weight_ih_l0 column';
  return [
    `added the unknown symbol U+FFFD at id 0: your ${V} symbols are ids 1..${V} here; id 0 has ${input} (a character outside the vocabulary contributes nothing)`,
    `  and an output row of zero weights with bias ${ABSENT_SYMBOL_BIAS} (probability 0: your symbols' probabilities are the file's)`,
  ];
}

/** The mapping as lines for the terminal: only the tensors whose names changed. */
export function describeMapping(mapping: TensorMapping): string[] {
  const renamed = mapping.filter((m) => m.from !== m.to);
  if (renamed.length === 0) return [`${mapping.length} tensors, names as in this package`];
  return [`${mapping.length} tensors; renamed:`, ...renamed.map((m) => `  ${m.from} → ${m.to}`)];
}
