import { isWhitespace, isWordCharacter } from './characters.js';

/**
 * How far to trust each expert (models, the n-gram), learned from what the user actually types:
 * a Bayesian mixture of N experts with a fixed share, so the weights follow whichever predicts
 * this user's text better and can move back when that changes (the adapted model keeps
 * training; the n-gram is strong in a familiar project, weak in a new one). After each typed
 * symbol x,
 *
 *   w_i ← w_i · p_i(x) / Σ_j w_j · p_j(x)
 *   w_i ← (1 − α) · w_i + α / N
 *
 * and the prediction is p = Σ_i w_i · p_i.
 *
 * Experts are named, and each call names the experts S taking part, so one may come and go
 * (the adapted model exists only once the worker has sent one). Each expert has a stored mass m
 * (its prior until it first takes part); w_i = m_i / Σ_{j∈S} m_j, and an observation rewrites
 * the masses of S as M · w_i (updated as above) with M = Σ_{j∈S} m_j, so the evidence moves
 * weight only among the experts that gave it, and an absent expert keeps its mass for when it
 * returns.
 */
export class ExpertWeights {
  private readonly stored = new Map<string, number>();

  /**
   * @param priors each expert's weight before anything was typed (relative: normalised over the experts taking part)
   * @param share α: how much weight flows back to an even split each symbol
   */
  constructor(readonly priors: Readonly<Record<string, number>>, readonly share = 0.002) {
    checkPriors(priors, share);
  }

  /** The weights of `names` (in that order), summing to 1. */
  weightsOf(names: readonly string[], out = new Float64Array(names.length)): Float64Array {
    const total = this.massOf(names, out);
    for (let i = 0; i < names.length; i++) out[i] = out[i]! / total;
    return out;
  }

  /**
   * The probabilities the experts `names` gave the symbol then typed (`likelihoods[i]` from
   * `names[i]`). Evidence that is zero (or not finite) on every side leaves the posterior as it
   * was; the share still applies.
   */
  observe(names: readonly string[], likelihoods: ArrayLike<number>): void {
    if (likelihoods.length !== names.length) throw new RangeError(`ExpertWeights.observe: ${names.length} experts but ${likelihoods.length} likelihoods`);
    const w = new Float64Array(names.length);
    const mass = this.massOf(names, w);
    for (let i = 0; i < w.length; i++) w[i] = w[i]! / mass;
    let evidence = 0;
    for (let i = 0; i < w.length; i++) evidence += w[i]! * likelihoods[i]!;
    const n = names.length, a = this.share;
    names.forEach((name, i) => {
      const posterior = evidence > 0 && Number.isFinite(evidence) ? (w[i]! * likelihoods[i]!) / evidence : w[i]!;
      this.stored.set(name, mass * ((1 - a) * posterior + a / n));
    });
  }

  /** out = Σ_i w_i · distributions[i] over the experts `names` (out may be one of the inputs). */
  mix(names: readonly string[], distributions: readonly ArrayLike<number>[], out: Float64Array): Float64Array {
    if (distributions.length !== names.length) throw new RangeError(`ExpertWeights.mix: ${names.length} experts but ${distributions.length} distributions`);
    const w = this.weightsOf(names);
    // Accumulate in a scratch array: `out` may alias an input read after it would be written.
    const sum = new Float64Array(out.length);
    distributions.forEach((d, i) => {
      for (let k = 0; k < sum.length; k++) sum[k]! += w[i]! * d[k]!;
    });
    out.set(sum);
    return out;
  }

  /** The stored masses of the experts that have taken part, to compare or copy. */
  get snapshot(): Record<string, number> {
    return Object.fromEntries(this.stored);
  }

  set snapshot(weights: Readonly<Record<string, number>>) {
    this.stored.clear();
    for (const [name, w] of Object.entries(weights)) this.stored.set(name, w);
  }

  /** Each expert's mass into `out`; returns their sum. */
  private massOf(names: readonly string[], out: Float64Array): number {
    let total = 0;
    names.forEach((name, i) => {
      const m = this.stored.get(name) ?? this.priors[name];
      if (m === undefined) throw new RangeError(`ExpertWeights: no prior for the expert ${JSON.stringify(name)}`);
      total += out[i] = m;
    });
    return total;
  }
}

/** Throws unless every prior is positive and finite and the share lies in [0, 1]. */
function checkPriors(priors: Readonly<Record<string, number>>, share: number | undefined): void {
  for (const [name, w] of Object.entries(priors)) {
    if (!(w > 0 && Number.isFinite(w))) throw new RangeError(`ExpertWeights: the prior of ${JSON.stringify(name)} must be positive and finite, got ${w}`);
  }
  if (share !== undefined && !(share >= 0 && share <= 1)) throw new RangeError(`ExpertWeights: share must lie in [0, 1], got ${share}`);
}

/** The kinds of character context that get weights of their own (see MixtureWeights). */
export type ContextClass = 'afterSpace' | 'inWord' | 'afterOther';

/** The context class after the character `previous` (undefined: the start of the text). */
export function contextOf(previous: string | undefined): ContextClass {
  if (previous === undefined || isWhitespace(previous)) return 'afterSpace';
  return isWordCharacter(previous) ? 'inWord' : 'afterOther';
}

/**
 * One ExpertWeights per kind of context: the character before — after whitespace (or at the
 * start), inside a word, after other characters — and the experts' evidence (Lookahead.evidence:
 * for the n-gram, how long a history of the context it has met before). The experts are not
 * equally good at starting a word and at finishing one (on the keystroke benchmark that showed
 * fewer wrong suggestions for the same saving than one set of weights), and the n-gram is
 * nearly always right where the text repeats a long stretch seen before and weak elsewhere: a
 * set of weights for each band trusts it where it is sure instead of on average (the weight
 * sets of PAQ's mixers, chosen by match length, are the same idea).
 */
export class MixtureWeights {
  private readonly sets = new Map<string, ExpertWeights>();

  /** Same arguments as ExpertWeights, for each kind of context. */
  constructor(readonly priors: Readonly<Record<string, number>>, readonly share?: number) {
    checkPriors(priors, share);
  }

  /**
   * The weights for predicting what follows a context of class `context` where the experts
   * report `evidence` (see evidenceKey; '' when none does). A set is made on first use as a
   * copy of its class's set (which learns from every symbol of the class, whatever the
   * evidence), so a band not met before starts from what the class has learned, not from the priors.
   */
  of(context: ContextClass, evidence = ''): ExpertWeights {
    const key = evidence ? `${context} ${evidence}` : context;
    let weights = this.sets.get(key);
    if (!weights) {
      weights = new ExpertWeights(this.priors, this.share);
      if (evidence) weights.snapshot = this.of(context).snapshot;
      this.sets.set(key, weights);
    }
    return weights;
  }

  /** The symbol typed after a context of class `context` with `evidence`: the class's weights and the band's learn (see ExpertWeights.observe). */
  observe(context: ContextClass, evidence: string, names: readonly string[], likelihoods: ArrayLike<number>): void {
    this.of(context, evidence).observe(names, likelihoods);
    if (evidence) this.of(context).observe(names, likelihoods);
  }

  /** Every kind of context's stored weights (keyed as `of` keys them), to compare or copy. */
  get snapshot(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.sets].map(([key, w]) => [key, w.snapshot]));
  }

  set snapshot(weights: Readonly<Record<string, Readonly<Record<string, number>>>>) {
    this.sets.clear();
    for (const [key, stored] of Object.entries(weights)) {
      const w = new ExpertWeights(this.priors, this.share);
      w.snapshot = stored;
      this.sets.set(key, w);
    }
  }
}

/** The evidence of the experts `names` that report one (`bands[i]` from `names[i]`, undefined: none), as MixtureWeights.of takes it. */
export function evidenceKey(names: readonly string[], bands: readonly (number | undefined)[]): string {
  let key = '';
  names.forEach((name, i) => {
    if (bands[i] !== undefined) key += `${key ? ' ' : ''}${name}=${bands[i]}`;
  });
  return key;
}
