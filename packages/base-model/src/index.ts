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
  /**
   * Optimizer steps of its last run, and of how many that run's learning-rate schedule planned
   * (for weights averaged from several runs, a "soup", the longest of them).
   */
  step: number;
  plannedSteps: number;
  /** Bytes of corpus seen in training (steps × batch × sequence), over every run it continued from. */
  trainedBytes: number;
  /**
   * The command of its last run (run from packages/base-model); `--init-from` names where it
   * started. For a soup, each run's command on a line of its own, then the export that averaged them.
   */
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
  type Run = Partial<Pick<BaseModelInfo, 'step' | 'plannedSteps' | 'command'>>;
  const training = JSON.parse(metadata.training ?? '{}') as Partial<BaseModelInfo> & { totalTrainedBytes?: number; soupOf?: Run[]; soupCommand?: string };
  const runs: Run[] = training.soupOf ?? [training];
  return {
    cell: cell ?? 'lstm', hiddenSize: hiddenSize ?? 0, numLayers: numLayers ?? 1,
    step: Math.max(0, ...runs.map((r) => r.step ?? 0)), plannedSteps: Math.max(0, ...runs.map((r) => r.plannedSteps ?? 0)),
    trainedBytes: training.totalTrainedBytes ?? training.trainedBytes ?? 0,
    command: [...runs.map((r) => r.command ?? ''), ...(training.soupCommand ? [training.soupCommand] : [])].join('\n'),
    corpusManifestSha256: training.corpusManifestSha256 ?? '',
    validBitsPerByte: training.validBitsPerByte ?? NaN, heldOutBitsPerByte: training.heldOutBitsPerByte ?? {},
  };
}
