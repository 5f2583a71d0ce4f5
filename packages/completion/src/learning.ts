/**
 * How the editor learns a user's text: in steps of LEARNING_BATCH random windows, a few passes
 * over each new stretch of text and then idle. Shared by the extension's training worker and the
 * keystroke simulation, so the benchmark learns exactly as the product does.
 */

/** Sequences per step: small, so a step stays short and the worker answers promptly. */
export const LEARNING_BATCH = 16;
/** Passes over newly arrived text before the worker goes idle. */
export const PASSES_OVER_NEW_TEXT = 3;

/** The training steps taken for `chars` symbols of new text: a few passes over it. */
export function stepsToLearn(chars: number, sequenceLength: number): number {
  return Math.ceil((PASSES_OVER_NEW_TEXT * Math.max(chars, 1)) / (sequenceLength * LEARNING_BATCH));
}
