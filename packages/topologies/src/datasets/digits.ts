// Digit-sequence tasks of the course: tagging (many-to-many aligned) and reversal (seq2seq).
import type { Random } from '@recurrent/autograd';

/** A random sequence of `length` integers in [0, limit). */
export function randomSequence(length: number, limit: number, rng: Random): number[] {
  return Array.from({ length }, () => rng.int(limit));
}

/** Tag each digit 1 when it is larger than the one before it (the first digit: 0). */
export function risingTags(digits: readonly number[]): number[] {
  return digits.map((d, t) => (t > 0 && d > digits[t - 1]! ? 1 : 0));
}

/** The digits in reverse order: the seq2seq task. */
export function reversed(digits: readonly number[]): number[] {
  return [...digits].reverse();
}
