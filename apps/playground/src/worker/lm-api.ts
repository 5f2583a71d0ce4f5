/**
 * What the character-model worker answers (types only, so a page imports none of the library).
 * One model lives in the worker for the whole visit: the Char-RNN page trains it, the unrolled
 * page draws it, the models page saves and loads it.
 */
import type { CellType, SampleOptions } from '@recurrent/topologies';

export interface KernelFeatures {
  backend: string;
  relaxedSimd: boolean;
  simd: boolean;
}

export interface ModelSummary {
  cell: CellType;
  hiddenSize: number;
  numLayers: number;
  embeddingSize: number;
  vocabulary: 'chars' | 'bytes';
  vocabularySize: number;
  parameters: number;
  /** Optimizer steps this model has been trained for (in this visit, or as its file says). */
  steps: number;
  /** Where it came from: "new", a file name, or a saved model's name. */
  origin: string;
}

export interface ModelSpec {
  cell: CellType;
  hiddenSize: number;
  /** The text whose characters become the vocabulary. */
  text: string;
  seed?: number;
}

export interface TrainParams extends ModelSpec {
  steps: number;
  seqLength: number;
  batchSize: number;
  lr: number;
  clipNorm: number;
}

export interface TrainPoint {
  step: number;
  /** Training loss, nats per character. */
  loss: number;
  /** Held-out loss, nats per character, on the steps where it was measured. */
  validation?: number;
  charsPerSecond: number;
}

export interface TrainOutcome {
  stoppedBy: 'steps' | 'early-stopping' | 'cancelled' | 'diverged';
  /** Why a new model was made for this run, if one was. */
  reset?: string;
  message?: string;
  model: ModelSummary;
}

/** CharLM.sample's arguments: the prefix, how many symbols, the sampling settings and the seed. */
export interface SampleParams extends Required<SampleOptions> {
  prefix: string;
  length: number;
  seed: number;
}

export interface Choice {
  symbol: string;
  p: number;
}

export interface NextPrediction {
  /** The most likely next symbols, most likely first. */
  top: Choice[];
  /** Every logit: what the model says, exactly (a round trip through a file must keep them). */
  logits: number[];
  /** The greedy continuation: the ghost text an editor would show. */
  ghost: string;
}

export interface UnrolledStep {
  input: string;
  /** The top layer's hidden state after this input. */
  h: number[];
  /** The LSTM's cell state after this input (top layer). */
  c?: number[];
  /** What it predicts next, most likely first. */
  top: Choice[];
}

export type FileFormat = 'native' | 'safetensors';

export interface LmApi {
  [method: string]: (params: never) => unknown;
  info(params: Record<string, never>): { features: KernelFeatures; model: ModelSummary | null; history: TrainPoint[]; training: boolean };
  reset(params: ModelSpec): Promise<ModelSummary>;
  train(params: TrainParams): Promise<TrainOutcome>;
  stop(params: Record<string, never>): Promise<void>;
  sample(params: SampleParams): string;
  next(params: { text: string; length: number; top: number }): NextPrediction;
  unroll(params: { text: string }): { model: ModelSummary; steps: UnrolledStep[] };
  save(params: { format: FileFormat }): Uint8Array;
  load(params: { bytes: Uint8Array; origin: string }): Promise<ModelSummary>;
}

export interface LmEvents {
  [event: string]: unknown;
  progress: TrainPoint;
  model: ModelSummary;
  trained: TrainOutcome;
}
