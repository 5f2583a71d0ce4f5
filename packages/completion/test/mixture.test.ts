import { describe, expect, it } from 'vitest';
import { contextOf, evidenceKey, ExpertWeights, MixtureWeights, PROBABILITY_FLOOR } from '../src/mixture.js';

const closeTo = (actual: ArrayLike<number>, expected: readonly number[]) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 12));
};

/** Log-probabilities of the probabilities `p` (what experts give the mixture). */
const logs = (...p: number[]) => Float64Array.from(p, Math.log);

/** ExpertWeights holding exactly `weights` (not relative to each other, as priors are). */
const weighted = (weights: Record<string, number>, rate?: number) => {
  const w = new ExpertWeights(weights, rate);
  w.snapshot = weights;
  return w;
};

describe('ExpertWeights', () => {
  const names = ['a', 'b', 'c'];
  const experts = [logs(0.7, 0.2, 0.1), logs(0.3, 0.3, 0.4), logs(0.05, 0.9, 0.05)];

  it('starts at the priors, relative to those of the experts taking part', () => {
    const w = new ExpertWeights({ a: 1, b: 0.5, c: 2 });
    closeTo(w.weightsOf(['c', 'a']), [2 / 3, 1 / 3]);
    closeTo(w.weightsOf(['a', 'b', 'c']), [1 / 3.5, 0.5 / 3.5, 2 / 3.5]);
  });

  it('mixes geometrically, by hand', () => {
    const two = [logs(0.8, 0.2), logs(0.5, 0.5)];
    // w = (1, 1): (0.4, 0.1) normalised; w = (0.5, 0.5): (√0.4, √0.1) normalised = (2/3, 1/3).
    closeTo(weighted({ a: 1, b: 1 }).mix(['a', 'b'], two, new Float64Array(2)), [0.8, 0.2]);
    closeTo(weighted({ a: 0.5, b: 0.5 }).mix(['a', 'b'], two, new Float64Array(2)), [2 / 3, 1 / 3]);
    // Weight 1 on one expert alone is that expert; 2 squares it: (0.64, 0.04) normalised.
    closeTo(new ExpertWeights({ a: 1 }).mix(['a'], [two[0]!], new Float64Array(2)), [0.8, 0.2]);
    closeTo(weighted({ a: 2 }).mix(['a'], [two[0]!], new Float64Array(2)), [0.64 / 0.68, 0.04 / 0.68]);
    // The output may be one of the inputs.
    const aliased = logs(0.8, 0.2);
    weighted({ a: 0.5, b: 0.5 }).mix(['a', 'b'], [aliased, two[1]!], aliased);
    closeTo(aliased, [2 / 3, 1 / 3]);
  });

  it('steps each weight by the rate times ∂ log p(x) / ∂w_i, against central differences', () => {
    const priors = { a: 0.4, b: 0.3, c: 0.5 };
    const logLikelihood = (w: Record<string, number>, x: number) =>
      Math.log(weighted(w).mix(names, experts, new Float64Array(3))[x]!);
    for (const x of [0, 1, 2]) {
      const w = weighted(priors, 0.01);
      w.observe(names, experts, x);
      const stepped = w.weightsOf(names);
      names.forEach((name, i) => {
        const h = 1e-5;
        const derivative = (logLikelihood({ ...priors, [name]: priors[name as 'a'] + h }, x) - logLikelihood({ ...priors, [name]: priors[name as 'a'] - h }, x)) / (2 * h);
        expect((stepped[i]! - priors[name as 'a']) / 0.01).toBeCloseTo(derivative, 8);
      });
    }
  });

  it('moves weight to the expert that predicts the text, and lowers its loss', () => {
    const w = new ExpertWeights({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
    // c is sure of symbol 1; the text is always 1.
    const before = w.mix(names, experts, new Float64Array(3))[1]!;
    for (let i = 0; i < 50; i++) w.observe(names, experts, 1);
    const [a, b, c] = w.weightsOf(names);
    expect(c).toBeGreaterThan(1 / 3);
    expect(a).toBeLessThan(1 / 3);
    expect(c! - 1 / 3).toBeGreaterThan(b! - 1 / 3);
    expect(w.mix(names, experts, new Float64Array(3))[1]).toBeGreaterThan(before);
  });

  it('takes a zero (or NaN) probability as the floor, and lets an expert come and go', () => {
    const w = weighted({ a: 1, n: 1 });
    const out = w.mix(['a', 'n'], [logs(0, 1), logs(0.5, 0.5)], new Float64Array(2));
    closeTo(out, [(PROBABILITY_FLOOR * 0.5) / (PROBABILITY_FLOOR * 0.5 + 0.5), 0.5 / (PROBABILITY_FLOOR * 0.5 + 0.5)]);
    w.observe(['a', 'n'], [Float64Array.of(Number.NaN, 0), logs(0.5, 0.5)], 0);
    expect(Object.values(w.snapshot).every(Number.isFinite)).toBe(true);
    // Without b: b keeps its prior while the others learn; it joins later at it.
    const v = new ExpertWeights({ a: 0.5, b: 0.25, n: 0.5 });
    v.observe(['a', 'n'], [experts[0]!, experts[1]!], 0);
    expect(v.snapshot.b).toBeUndefined();
    expect(v.weightsOf(['a', 'b', 'n'])[1]).toBeCloseTo(0.25 / 1.25, 12);
    expect(v.weightsOf(['a'])[0]).not.toBe(0.5);
  });

  it('refuses bad priors, rates, symbols and experts without a prior', () => {
    expect(() => new ExpertWeights({ a: Number.POSITIVE_INFINITY })).toThrow(/prior of "a" must be positive and finite/);
    expect(() => new ExpertWeights({ a: 0 })).toThrow(/prior of "a" must be positive and finite/);
    expect(() => new ExpertWeights({ a: 1 }, Number.NaN)).toThrow(/rate must be finite and ≥ 0/);
    expect(() => new ExpertWeights({ a: 1 }, -1)).toThrow(/rate must be finite and ≥ 0/);
    expect(() => new ExpertWeights({ a: 1 }).weightsOf(['b'])).toThrow(/no prior for the expert "b"/);
    expect(() => new ExpertWeights({ a: 1 }).observe(['a'], [experts[0]!, experts[1]!], 0)).toThrow(/1 experts but 2 distributions/);
    expect(() => new ExpertWeights({ a: 1 }).observe(['a'], [experts[0]!], 3)).toThrow(/symbol 3 is outside \[0, 3\)/);
  });
});

describe('MixtureWeights', () => {
  const priors = { m: 0.3, n: 0.7 };
  const seen = [logs(0.1, 0.9), logs(0.9, 0.1)];
  /** A lone ExpertWeights that saw symbol 0 `times` times: what a set should hold. */
  const after = (times: number) => {
    const w = new ExpertWeights(priors);
    for (let i = 0; i < times; i++) w.observe(['m', 'n'], seen, 0);
    return w.weightsOf(['m', 'n']);
  };

  it('keeps one set of weights per kind of context, picked by the character before', () => {
    expect(contextOf(undefined)).toBe('afterSpace');
    expect(contextOf('\n')).toBe('afterSpace');
    expect(contextOf('é')).toBe('inWord');
    expect(contextOf('_')).toBe('inWord');
    expect(contextOf('(')).toBe('afterOther');
    const weights = new MixtureWeights(priors);
    weights.observe('inWord', '', ['m', 'n'], seen, 0);
    closeTo(weights.of('inWord').weightsOf(['m', 'n']), Array.from(after(1)));
    closeTo(weights.of('afterSpace').weightsOf(['m', 'n']), [0.3, 0.7]);
    const copy = new MixtureWeights(priors);
    copy.snapshot = weights.snapshot;
    expect(copy.snapshot).toEqual(weights.snapshot);
    closeTo(copy.of('inWord').weightsOf(['m', 'n']), Array.from(after(1)));
  });

  it('keeps one set per band of the experts\' evidence, too, each starting from its class', () => {
    expect(evidenceKey(['m', 'n', 'o'], [undefined, 3, 0])).toBe('n=3 o=0');
    expect(evidenceKey(['m'], [undefined])).toBe('');
    const weights = new MixtureWeights(priors);
    const w = (context: 'inWord' | 'afterSpace', evidence?: string) => Array.from(weights.of(context, evidence).weightsOf(['m', 'n']));
    expect(w('inWord', 'n=0')).toEqual([0.3, 0.7]); // made before anything was typed: the priors
    weights.observe('inWord', 'n=4', ['m', 'n'], seen, 0);
    // The band and its class learn; a band made before stays; one made now starts from the class.
    closeTo(w('inWord', 'n=4'), Array.from(after(1)));
    closeTo(w('inWord'), Array.from(after(1)));
    expect(w('inWord', 'n=0')).toEqual([0.3, 0.7]);
    closeTo(w('inWord', 'n=2'), Array.from(after(1)));
    expect(w('afterSpace', 'n=4')).toEqual([0.3, 0.7]);
    // Then the band moves on its own.
    weights.observe('inWord', 'n=4', ['m', 'n'], seen, 0);
    closeTo(w('inWord', 'n=4'), Array.from(after(2)));
    closeTo(w('inWord', 'n=2'), Array.from(after(1)));
    expect(() => new MixtureWeights({ m: Number.NaN })).toThrow(/prior of "m" must be positive and finite/);
  });
});
