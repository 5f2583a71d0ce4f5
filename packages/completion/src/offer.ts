/**
 * When a suggestion is worth showing. Ghost text is accepted a word at a time (VS Code's
 * accept-next-word) or whole: a suggestion helps by the characters accepted beyond the one
 * keystroke that accepts them, and annoys when even its first word is wrong. With p_b the
 * probability that the suggestion is right up to its b-th word boundary and ℓ_b that length,
 *
 *   expected saving  S = Σ_b p_b · (ℓ_b − ℓ_{b−1}) − p_1       (characters, less the accepting key)
 *   risk             R = 1 − p_1                                (the first word is wrong)
 *
 * and the suggestion is offered when S ≥ R · c / (1 − c) for the confidence setting c: a
 * suggestion that would save exactly one keystroke needs p_1 ≥ c, a long likely one less.
 */

import { isWhitespace, isWordCharacter } from './characters.js';

export interface Offer {
  /** The probability that the suggestion's first word is right (p_1). */
  confidence: number;
  /** S above: the keystrokes the suggestion is expected to save. */
  expectedSaving: number;
  /** Whether to show it at the confidence setting. */
  worthShowing: boolean;
}

/**
 * @param text the suggestion (code points)
 * @param probabilities the probability of each of its code points given those before
 * @param minConfidence c in (0, 1)
 */
export function judgeOffer(text: readonly string[], probabilities: readonly number[], minConfidence: number): Offer {
  if (text.length !== probabilities.length) throw new RangeError(`judgeOffer: ${text.length} characters but ${probabilities.length} probabilities`);
  if (text.length === 0) return { confidence: 0, expectedSaving: 0, worthShowing: false };
  let p = 1, first = -1, saving = 0, previous = 0;
  for (let k = 1; k <= text.length; k++) {
    p *= probabilities[k - 1]!;
    if (k === text.length || isWordBoundary(text[k - 1]!, text[k]!)) {
      if (first < 0) first = p;
      saving += p * (k - previous);
      previous = k;
    }
  }
  saving -= first;
  const c = Math.min(Math.max(minConfidence, 0), 1);
  const worthShowing = c >= 1 ? false : saving >= ((1 - first) * c) / (1 - c) && saving > 0;
  return { confidence: first, expectedSaving: saving, worthShowing };
}

/**
 * Where accept-next-word stops: between a word character and a non-word one (either way), and
 * after whitespace that is followed by something else.
 */
export function isWordBoundary(before: string, after: string): boolean {
  return isWordCharacter(before) !== isWordCharacter(after) || (isWhitespace(before) && !isWhitespace(after));
}
