import type { Backend } from '@recurrent/kernel';
import type { CharLMCheckpoint, FitOptions, FitResult } from '../../text/char-lm.js';
import type { Progress } from '../trainer.js';

/**
 * What fitInWorker and its fit thread say to each other. The model goes in as a native model
 * file (saveCharLM's bytes: configuration, vocabulary, weights); the weights come back as one
 * flat float32 array in `parameters()` order, transferred, not copied.
 */
export interface FitRequest {
  type: 'fit';
  /** The caller's kernel backend, so the worker computes with the same instructions (same floats). */
  backend: Backend;
  model: Uint8Array;
  texts: string[];
  /** The options without `schedule`: a function cannot be posted, its values are. */
  options: Omit<FitOptions, 'schedule'>;
  /** schedule(epoch) for epoch 0 … the run's last step, when the caller gave a schedule. */
  schedule?: number[];
  resume?: CharLMCheckpoint;
  /** Whether the caller listens: a message per step costs nothing much, but none is cheaper. */
  progress: boolean;
  checkpoints: boolean;
}

export type ToFitThread =
  | FitRequest
  | { type: 'abort' }
  /** The caller's onCheckpoint has finished: fit awaits it, as on the calling thread. */
  | { type: 'checkpoint-saved' };

/** An error as it can cross threads: a DivergedError keeps its fields, so it is rebuilt as one. */
export interface ErrorReport {
  name: string;
  message: string;
  diverged?: { what: 'loss' | 'validation loss'; value: number; step: number };
}

export type FromFitThread =
  | { type: 'progress'; progress: Progress }
  | { type: 'checkpoint'; checkpoint: CharLMCheckpoint; weights: Float32Array }
  | { type: 'done'; result: FitResult; weights: Float32Array }
  | { type: 'failed'; error: ErrorReport };
