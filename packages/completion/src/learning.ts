/**
 * How the editor learns a user's text: in steps of LEARNING_BATCH random windows, a few passes
 * over each new stretch of text and then idle; after an edit, half of each step's windows come
 * from the text just written (dynamic evaluation). Shared by the extension's training worker and
 * the keystroke simulation, so the benchmark learns exactly as the product does.
 */
import type { Random } from '@recurrent/autograd';
import { randomWindowsFrom, type TokenBatch } from '@recurrent/topologies';

/** Sequences per step: small, so a step stays short and the worker answers promptly. */
export const LEARNING_BATCH = 16;
/** Passes over newly arrived text before the worker goes idle. */
export const PASSES_OVER_NEW_TEXT = 3;
/** Of a step's windows, how many are drawn from the text just written (see `learningBatch`). */
export const FRESH_WINDOWS = 8;
/** Symbols of the text just written that those windows are drawn from (see `FreshText`). */
export const FRESH_CAPACITY = 512;

/** The training steps taken for `chars` symbols of new text: a few passes over it. */
export function stepsToLearn(chars: number, sequenceLength: number): number {
  return Math.ceil((PASSES_OVER_NEW_TEXT * Math.max(chars, 1)) / (sequenceLength * LEARNING_BATCH));
}

/**
 * The text written most recently, as symbols, with a window's worth of context before each
 * change: what dynamic evaluation learns first. Holds at most `capacity` symbols (the newest).
 */
export class FreshText {
  private ids = new Int32Array(0);

  constructor(readonly capacity: number) {}

  /** Symbols `ids[from, to)` of a document were written; `context` symbols before them come along. */
  add(ids: Int32Array, from: number, to: number, context: number): void {
    const change = ids.subarray(Math.max(0, from - context), to);
    const kept = this.ids.subarray(Math.max(0, this.ids.length + change.length - this.capacity));
    const joined = new Int32Array(kept.length + change.length);
    joined.set(kept);
    joined.set(change, kept.length);
    this.ids = joined.subarray(Math.max(0, joined.length - this.capacity));
  }

  /** The fresh symbols, oldest first. */
  get symbols(): Int32Array {
    return this.ids;
  }
}

/**
 * One learning step's windows. Dynamic evaluation (Krause et al., 2018): the model follows the
 * text being written now, so FRESH_WINDOWS windows come from `fresh` (when it holds one); the
 * rest from the whole `corpus`, so it keeps what it learnt of the project.
 */
export function learningBatch(corpus: Int32Array, fresh: Int32Array, sequenceLength: number, rng: Random): TokenBatch {
  const fromFresh = fresh.length > sequenceLength ? FRESH_WINDOWS : 0;
  const sources = Array.from({ length: LEARNING_BATCH }, (_, b) => (b < fromFresh ? fresh : corpus));
  return randomWindowsFrom(sources, sequenceLength, rng);
}
