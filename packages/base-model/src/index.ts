/**
 * @recurrent/base-model — a byte-level LSTM language model pretrained on permissively licensed
 * source code and documentation (JavaScript, TypeScript, Python, Go, Rust, C, Markdown), shipped
 * inside the package as half-precision safetensors. It completes code in a project it has never
 * seen, and since its vocabulary is the 256 bytes of UTF-8 it reads any text and is fine-tuned on
 * any project without a new vocabulary.
 *
 * @packageDocumentation
 */
import { type CharLM, loadCharLMSafetensors } from '@recurrent/topologies';
import { baseModelBase64 } from '../build/weights.js';

/** How the shipped model was made, as recorded in its file's metadata by train/export.mjs. */
export interface BaseModelInfo {
  cell: string;
  hiddenSize: number;
  numLayers: number;
  /** Optimizer steps of its last run, and of how many that run's learning-rate schedule planned. */
  step: number;
  plannedSteps: number;
  /** Bytes of corpus seen in training (steps × batch × sequence), over every run it continued from. */
  trainedBytes: number;
  /** The command of its last run (run from packages/base-model); `--init-from` names where it started. */
  command: string;
  /** sha256 of corpus/manifest.json, the exact corpus it was trained on. */
  corpusManifestSha256: string;
  /** Bits per byte on the first MiB of the held-out packages (the split no step trained on). */
  validBitsPerByte: number;
  /** Bits per byte of the shipped (F16) weights on each file of held-out/, scored from zero state. */
  heldOutBitsPerByte: Record<string, number>;
}

/** The shipped model file (safetensors, F16, config and vocabulary in its metadata). */
export function baseModelBytes(): Uint8Array {
  return Uint8Array.from(atob(baseModelBase64), (ch) => ch.charCodeAt(0));
}

/**
 * A fresh copy of the base model (its own tensors: fine-tune it freely) and how it was made.
 *
 * @example
 * ```ts
 * import { loadBaseModel } from '@recurrent/base-model';
 * const { model, info } = loadBaseModel();
 * model.predict('for (let i = 0; i < n; ', 6); // 'i++) {'
 * console.log(info.validBitsPerByte);
 * ```
 */
export function loadBaseModel(): { model: CharLM; info: BaseModelInfo } {
  const { model, metadata } = loadCharLMSafetensors(baseModelBytes());
  return { model, info: infoOf(metadata) };
}

function infoOf(metadata: Record<string, string>): BaseModelInfo {
  const { cell, hiddenSize, numLayers } = JSON.parse(metadata.config ?? '{}') as Partial<BaseModelInfo>;
  const training = JSON.parse(metadata.training ?? '{}') as Partial<BaseModelInfo> & { totalTrainedBytes?: number };
  return {
    cell: cell ?? 'lstm', hiddenSize: hiddenSize ?? 0, numLayers: numLayers ?? 1,
    step: training.step ?? 0, plannedSteps: training.plannedSteps ?? 0, trainedBytes: training.totalTrainedBytes ?? training.trainedBytes ?? 0,
    command: training.command ?? '', corpusManifestSha256: training.corpusManifestSha256 ?? '',
    validBitsPerByte: training.validBitsPerByte ?? NaN, heldOutBitsPerByte: training.heldOutBitsPerByte ?? {},
  };
}
