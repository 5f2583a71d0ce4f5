import { isWhitespace, isWordCharacter } from './characters.js';

/**
 * How far to trust the model against the n-gram, learned from what the user actually types: a
 * Bayesian mixture of the two experts with a fixed share, so the weight follows whichever
 * predicts this user's text better and can move back when that changes (the model keeps training;
 * the n-gram is strong in a familiar project, weak in a new one). After each typed character x,
 *
 *   w ← w · p_model(x) / (w · p_model(x) + (1 − w) · p_ngram(x))
 *   w ← (1 − α) · w + α / 2
 *
 * and the prediction is p = w · p_model + (1 − w) · p_ngram.
 */
export class ExpertWeight {
  /**
   * @param weight the model's weight before anything was typed
   * @param share α: how much weight flows back to an even split each character
   */
  constructor(public weight = 0.3, readonly share = 0.002) {
    if (!(weight >= 0 && weight <= 1)) throw new RangeError(`ExpertWeight: weight must lie in [0, 1], got ${weight}`);
    if (!(share >= 0 && share <= 1)) throw new RangeError(`ExpertWeight: share must lie in [0, 1], got ${share}`);
  }

  /** The probabilities the two experts gave the character the user then typed. */
  observe(model: number, ngram: number): void {
    const evidence = this.weight * model + (1 - this.weight) * ngram;
    if (evidence > 0 && Number.isFinite(evidence)) this.weight = (this.weight * model) / evidence;
    this.weight = (1 - this.share) * this.weight + this.share / 2;
  }

  /** out = w · model + (1 − w) · ngram (out may be either input). */
  mix(model: Float64Array, ngram: Float64Array, out: Float64Array): Float64Array {
    const w = this.weight;
    for (let i = 0; i < out.length; i++) out[i] = w * model[i]! + (1 - w) * ngram[i]!;
    return out;
  }
}

/**
 * One ExpertWeight per kind of context — after whitespace (or at the start), inside a word, after
 * other characters — since the two experts are not equally good at starting a word and at
 * finishing one (on the keystroke benchmark this showed fewer wrong suggestions for the same
 * saving than one weight).
 */
export class MixtureWeights {
  readonly afterSpace = new ExpertWeight();
  readonly inWord = new ExpertWeight();
  readonly afterOther = new ExpertWeight();

  /** The weight for predicting the character after `previous` (undefined: the start of the text). */
  after(previous: string | undefined): ExpertWeight {
    if (previous === undefined || isWhitespace(previous)) return this.afterSpace;
    return isWordCharacter(previous) ? this.inWord : this.afterOther;
  }

  /** The three weights, to compare or copy. */
  get weights(): [number, number, number] {
    return [this.afterSpace.weight, this.inWord.weight, this.afterOther.weight];
  }

  set weights([afterSpace, inWord, afterOther]: [number, number, number]) {
    this.afterSpace.weight = afterSpace;
    this.inWord.weight = inWord;
    this.afterOther.weight = afterOther;
  }
}
