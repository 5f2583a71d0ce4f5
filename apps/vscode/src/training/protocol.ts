import type { CellType } from '@recurrent/topologies';

/**
 * Messages between the extension host and the training worker. Plain data only (structured
 * clone); model files travel as bytes.
 */

export interface ModelSpec {
  cell: CellType;
  hiddenSize: number;
  layers: number;
}

export interface TrainingSpec {
  sequenceLength: number;
  learningRate: number;
  /** Share of one core the worker may use: it sleeps (1/budget − 1) × the time of each step. */
  cpuBudget: number;
}

export type ToWorker =
  /**
   * Start from a saved model file; without one, from a copy of the base model ('base') or from
   * scratch with this spec (a byte-level model: any text, no vocabulary to choose).
   */
  | { type: 'init'; model: Uint8Array | undefined; spec: ModelSpec | 'base'; training: TrainingSpec }
  | { type: 'document'; key: string; text: string }
  | { type: 'forget'; key: string }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Train at once, even if nothing is new. */
  | { type: 'trainNow' }
  | { type: 'settings'; training: TrainingSpec }
  /** Send back the model file now (for saving). */
  | { type: 'save' }
  | { type: 'stop' };

export type WorkerStatus = 'training' | 'idle' | 'paused';

export type FromWorker =
  | { type: 'ready'; vocabulary: string[]; spec: ModelSpec; step: number }
  | { type: 'progress'; status: WorkerStatus; step: number; loss: number; charsPerSecond: number; losses: number[] }
  /** The current model as a file: the host reloads its completer from it and stores it. */
  | { type: 'model'; bytes: Uint8Array; step: number; reason: 'periodic' | 'requested' }
  | { type: 'error'; message: string };
