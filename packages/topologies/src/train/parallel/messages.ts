import type { Backend } from '@recurrent/kernel';
import type { TokenBatch } from '../batches.js';
import type { CharLMConfig } from '../../text/char-lm.js';

/**
 * What the training threads and their parent say to each other. The weights go one way and the
 * gradients the other, as one flat float32 array each (the parameters in `parameters()` order):
 * in SharedArrayBuffers written in place when the host has them, else copied in the messages.
 */
export interface InitMessage {
  type: 'init';
  /** The parent's kernel backend, so every thread computes with the same instructions. */
  backend: Backend;
  config: Required<CharLMConfig>;
  vocabulary: { kind: 'bytes' } | { kind: 'chars'; symbols: string[] };
  /** Shared weights the parent writes before each step. */
  weights?: SharedArrayBuffer;
  /** This thread's shared gradient buffer. */
  gradients?: SharedArrayBuffer;
  /** This thread's step counters (a `StepSignal`'s buffer). */
  signal?: SharedArrayBuffer;
}

export interface StepMessage {
  type: 'step';
  batch: TokenBatch;
  /** This shard's share of the batch's tokens: its mean loss is weighted by it. */
  share: number;
  /** The dropout seed of this shard's step (when the model has dropout). */
  seed?: number;
  /** The carried state of truncated BPTT for this shard's sequences, [L, b, H]. */
  h?: Float32Array;
  c?: Float32Array;
  /** The weights, when they are not shared. */
  weights?: Float32Array;
}

export type ThreadReply =
  | { type: 'ready' }
  | { type: 'done'; loss: number; h: Float32Array; c?: Float32Array; gradients?: Float32Array }
  | { type: 'failed'; message: string };

/** Whether this host shares memory between threads (browsers only when cross-origin isolated). */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}
