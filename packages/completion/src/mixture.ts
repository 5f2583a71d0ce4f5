import { isWhitespace, isWordCharacter } from './characters.js';

/** Probabilities below this count as this in the logarithms (a zero would outvote every other expert). */
export const PROBABILITY_FLOOR = 1e-6;
const LOG_FLOOR = Math.log(PROBABILITY_FLOOR);

/** η of ExpertWeights: on the keystroke benchmark's cold start, 0.02 did better than 0.005 and 0.05. */
export const DEFAULT_MIXING_RATE = 0.02;

/**
 * How far to trust each expert (models, the n-gram), learned from what the user actually types:
 * a geometric mixture (a logarithmic opinion pool) of N experts whose weights follow the
 * gradient of the log loss of each symbol typed — the logistic mixing of PAQ-style
 * compressors, over a whole alphabet:
 *
 *   p(y) = Π_i p_i(y)^{w_i} / Z,   Z = Σ_y Π_i p_i(y)^{w_i}
 *   after the symbol x:   w_i ← w_i + η · (log p_i(x) − Σ_y p(y) · log p_i(y))
 *
 * (the step is −η · ∂(−log p(x))/∂w_i). Unlike a weighted average, where the experts agree the
 * product is sharper than each of them, and one that is sure and right can carry the others;
 * the weights need not sum to one (their sum says how sharp to be), and they keep moving as
 * the user's text changes which expert predicts it best. On the keystroke benchmark's cold
 * start this saved about 5 points more than a Bayesian linear mixture, at the same rate of
 * wrong suggestions.
 *
 * Experts are named, and each call names the experts taking part, so one may come and go (the
 * adapted model exists only once the worker has sent one): an expert's weight starts at its
 * share of the priors (see weightsOf), and is kept while it is absent.
 */
export class ExpertWeights {
  private readonly stored = new Map<string, number>();

  /**
   * @param priors each expert's weight before anything was typed (relative: see weightsOf)
   * @param rate η: how far one symbol moves the weights
   */
  constructor(readonly priors: Readonly<Record<string, number>>, readonly rate = DEFAULT_MIXING_RATE) {
    checkPriors(priors, rate);
  }

  /**
   * The weights of `names` (in that order). An expert that has not taken part yet weighs its
   * prior over the sum of the priors of `names`: the experts of a first call start as their
   * weighted geometric mean (one expert alone is itself).
   */
  weightsOf(names: readonly string[], out = new Float64Array(names.length)): Float64Array {
    let total = 0;
    for (const name of names) {
      const prior = this.priors[name];
      if (prior === undefined) throw new RangeError(`ExpertWeights: no prior for the expert ${JSON.stringify(name)}`);
      total += prior;
    }
    names.forEach((name, i) => (out[i] = this.stored.get(name) ?? this.priors[name]! / total));
    return out;
  }

  /** The symbol `x` was typed where the experts `names` predicted `logDistributions` (log-probabilities, in that order): one gradient step. */
  observe(names: readonly string[], logDistributions: readonly ArrayLike<number>[], x: number): void {
    if (logDistributions.length !== names.length) throw new RangeError(`ExpertWeights.observe: ${names.length} experts but ${logDistributions.length} distributions`);
    const size = logDistributions[0]?.length ?? 0;
    if (!(Number.isInteger(x) && x >= 0 && x < size)) throw new RangeError(`ExpertWeights.observe: symbol ${x} is outside [0, ${size})`);
    const logs = logDistributions.map(floored);
    const w = this.weightsOf(names);
    const p = geometricMix(w, logs, new Float64Array(size));
    names.forEach((name, i) => {
      const log = logs[i]!;
      let expected = 0;
      for (let y = 0; y < size; y++) expected += p[y]! * log[y]!;
      this.stored.set(name, w[i]! + this.rate * (log[x]! - expected));
    });
  }

  /** out = the geometric mixture (probabilities) of the experts `names`' log-probabilities `logDistributions`. */
  mix(names: readonly string[], logDistributions: readonly ArrayLike<number>[], out: Float64Array): Float64Array {
    if (logDistributions.length !== names.length) throw new RangeError(`ExpertWeights.mix: ${names.length} experts but ${logDistributions.length} distributions`);
    return geometricMix(this.weightsOf(names), logDistributions, out);
  }

  /** The weights of the experts that have taken part, to compare or copy. */
  get snapshot(): Record<string, number> {
    return Object.fromEntries(this.stored);
  }

  set snapshot(weights: Readonly<Record<string, number>>) {
    this.stored.clear();
    for (const [name, w] of Object.entries(weights)) this.stored.set(name, w);
  }
}

/** A log-probability floored at log PROBABILITY_FLOOR (NaN counts as the floor too). */
function floorLog(log: number): number {
  return log > LOG_FLOOR ? log : LOG_FLOOR;
}

/** The log-probabilities, floored. */
function floored(logs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(logs.length);
  for (let y = 0; y < out.length; y++) out[y] = floorLog(logs[y]!);
  return out;
}

/** out(y) = exp(Σ_i w_i · logs_i(y)) / Z, each log floored: a softmax of the weighted log-probabilities (`out` is written last, so it may alias an input). */
function geometricMix(w: ArrayLike<number>, logs: readonly ArrayLike<number>[], out: Float64Array): Float64Array {
  const z = new Float64Array(out.length);
  let max = -Infinity;
  for (let y = 0; y < z.length; y++) {
    let sum = 0;
    for (let i = 0; i < logs.length; i++) sum += w[i]! * floorLog(logs[i]![y]!);
    z[y] = sum;
    if (sum > max) max = sum;
  }
  let total = 0;
  for (let y = 0; y < z.length; y++) total += z[y] = Math.exp(z[y]! - max);
  for (let y = 0; y < z.length; y++) out[y] = z[y]! / total;
  return out;
}

/** Throws unless every prior is positive and finite (they are shares of a sum) and the rate is finite and not negative. */
function checkPriors(priors: Readonly<Record<string, number>>, rate: number | undefined): void {
  for (const [name, w] of Object.entries(priors)) {
    if (!(w > 0 && Number.isFinite(w))) throw new RangeError(`ExpertWeights: the prior of ${JSON.stringify(name)} must be positive and finite, got ${w}`);
  }
  if (rate !== undefined && !(rate >= 0 && Number.isFinite(rate))) throw new RangeError(`ExpertWeights: the rate must be finite and ≥ 0, got ${rate}`);
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
  constructor(readonly priors: Readonly<Record<string, number>>, readonly rate?: number) {
    checkPriors(priors, rate);
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
      weights = new ExpertWeights(this.priors, this.rate);
      if (evidence) weights.snapshot = this.of(context).snapshot;
      this.sets.set(key, weights);
    }
    return weights;
  }

  /** The symbol `x` typed after a context of class `context` with `evidence`: the class's weights and the band's learn (see ExpertWeights.observe). */
  observe(context: ContextClass, evidence: string, names: readonly string[], logDistributions: readonly ArrayLike<number>[], x: number): void {
    this.of(context, evidence).observe(names, logDistributions, x);
    if (evidence) this.of(context).observe(names, logDistributions, x);
  }

  /** Every kind of context's stored weights (keyed as `of` keys them), to compare or copy. */
  get snapshot(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.sets].map(([key, w]) => [key, w.snapshot]));
  }

  set snapshot(weights: Readonly<Record<string, Readonly<Record<string, number>>>>) {
    this.sets.clear();
    for (const [key, stored] of Object.entries(weights)) {
      const w = new ExpertWeights(this.priors, this.rate);
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
