/**
 * When a suggestion is worth showing, and how much of it. Ghost text is accepted a word at a
 * time (VS Code's accept-next-word) or whole: a suggestion helps by the characters accepted
 * beyond the one keystroke that accepts them, and annoys when even its first word is wrong.
 * Shown up to its ℓ-th character, with p_b the probability that it is right up to its b-th cut
 * (a word boundary, or its end) and ℓ_b that length,
 *
 *   expected saving  S(ℓ) = Σ_b p_b · (ℓ_b − ℓ_{b−1}) − p_1     (characters, less the accepting key)
 *   risk             R(ℓ) = 1 − p_1                              (the first word is wrong)
 *
 * and the suggestion is shown up to the ℓ of the largest S(ℓ) − λ R(ℓ), λ = c / (1 − c) for the
 * confidence setting c, when that is not negative: a suggestion that would save exactly one
 * keystroke needs p_1 ≥ c, a long likely one less. Since its end is always a place to accept
 * it, a suggestion cut before an unsure character inside a word can be right where the whole
 * would be wrong (the model is sure of `opt` and torn between `options` and `opts`).
 */

import { isWhitespace, isWordCharacter } from './characters.js';

/**
 * The confidence setting c the editor and the CLI use unless told otherwise: chosen on the
 * keystroke benchmark's tuning corpus (never a test corpus) for about 6 wrong suggestions per
 * 100 characters typed there (`node bench/keystrokes-rnn.mjs --tune` in apps/vscode).
 */
export const DEFAULT_MIN_CONFIDENCE = 0.8;

export interface Offer {
  /** How many characters of the suggestion to show (ℓ above). */
  length: number;
  /** The probability that the shown suggestion's first word is right (p_1). */
  confidence: number;
  /** S(ℓ) above: the keystrokes the shown suggestion is expected to save. */
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
  const c = Math.min(Math.max(minConfidence, 0), 1);
  const price = c >= 1 ? Infinity : c / (1 - c);
  let best: Offer = { length: 0, confidence: 0, expectedSaving: 0, worthShowing: false };
  let bestMargin = -Infinity;
  // Running over the cuts: p = P(right through character k); `inner` = Σ p_b (ℓ_b − ℓ_{b−1})
  // over the word boundaries before k, the last at `previous`; `first` = p_1 once one is passed.
  let p = 1, first = -1, inner = 0, previous = 0;
  for (let k = 1; k <= text.length; k++) {
    p *= probabilities[k - 1]!;
    const confidence = first < 0 ? p : first;
    const saving = inner + p * (k - previous) - confidence;
    const margin = saving - (1 - confidence) * price;
    if (margin >= bestMargin) {
      bestMargin = margin;
      best = { length: k, confidence, expectedSaving: saving, worthShowing: margin >= 0 && saving > 0 && c < 1 };
    }
    if (k < text.length && isWordBoundary(text[k - 1]!, text[k]!)) {
      if (first < 0) first = p;
      inner += p * (k - previous);
      previous = k;
    }
  }
  return best;
}

/**
 * Where accept-next-word stops: between a word character and a non-word one (either way), and
 * after whitespace that is followed by something else.
 */
export function isWordBoundary(before: string, after: string): boolean {
  return isWordCharacter(before) !== isWordCharacter(after) || (isWhitespace(before) && !isWhitespace(after));
}
