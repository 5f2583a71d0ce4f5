import { describe, expect, it } from 'vitest';
import { contextOf, evidenceKey, ExpertWeights, MixtureWeights } from '../src/mixture.js';

const closeTo = (actual: ArrayLike<number>, expected: readonly number[]) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 12));
};

describe('ExpertWeights', () => {
  it('starts at the normalised priors', () => {
    const w = new ExpertWeights({ a: 1, b: 1, c: 2 });
    closeTo(w.weightsOf(['a', 'b', 'c']), [0.25, 0.25, 0.5]);
    closeTo(w.weightsOf(['c', 'a']), [2 / 3, 1 / 3]);
  });

  it('updates three experts by Bayes\' rule, then shares a little weight back, by hand', () => {
    const w = new ExpertWeights({ a: 1, b: 1, c: 2 }, 0.1);
    // w p = 0.25·0.8, 0.25·0.4, 0.5·0.1 = 0.2, 0.1, 0.05; posterior 4/7, 2/7, 1/7; shared: 0.9·w + 0.1/3.
    w.observe(['a', 'b', 'c'], [0.8, 0.4, 0.1]);
    closeTo(w.weightsOf(['a', 'b', 'c']), [0.9 * 4 / 7 + 0.1 / 3, 0.9 * 2 / 7 + 0.1 / 3, 0.9 / 7 + 0.1 / 3]);
  });

  it('with no share, is the posterior after all the evidence: prior times the product of likelihoods', () => {
    const w = new ExpertWeights({ a: 0.2, b: 0.3, c: 0.5 }, 0);
    const seen = [[0.5, 0.1, 0.2], [0.2, 0.6, 0.3], [0.9, 0.3, 0.1], [0.4, 0.4, 0.7]];
    for (const p of seen) w.observe(['a', 'b', 'c'], p);
    const joint = [0.2, 0.3, 0.5].map((prior, i) => seen.reduce((q, p) => q * p[i]!, prior));
    const total = joint.reduce((s, x) => s + x, 0);
    closeTo(w.weightsOf(['a', 'b', 'c']), joint.map((x) => x / total));
  });

  it('never gets stuck at 0 with a share, and ignores evidence that is zero on every side', () => {
    const w = new ExpertWeights({ m: 0.3, n: 0.7 }, 0.02);
    for (let i = 0; i < 1000; i++) w.observe(['m', 'n'], [0, 1]);
    // The fixed point of w ← 0.98 · 0 + 0.01.
    expect(w.weightsOf(['m', 'n'])[0]).toBeCloseTo(0.01, 12);
    w.observe(['m', 'n'], [0, 0]);
    expect(w.weightsOf(['m', 'n'])[0]).toBeCloseTo(0.98 * 0.01 + 0.01, 12);
    for (let i = 0; i < 400; i++) w.observe(['m', 'n'], [1, 1e-3]);
    expect(w.weightsOf(['m', 'n'])[0]).toBeGreaterThan(0.98);
  });

  it('lets an expert come and go: evidence moves weight only among those that gave it', () => {
    const w = new ExpertWeights({ a: 0.3, b: 0.3, n: 0.7 }, 0);
    // Without b: masses 0.3, 0.7 (sum 1) → posterior 0.15/0.22, 0.07/0.22, times the mass 1.
    w.observe(['a', 'n'], [0.5, 0.1]);
    closeTo(w.weightsOf(['a', 'n']), [15 / 22, 7 / 22]);
    // b joins at its prior mass 0.3 beside the others' masses.
    closeTo(w.weightsOf(['a', 'b', 'n']), [15 / 22 / 1.3, 0.3 / 1.3, 7 / 22 / 1.3]);
    // Evidence between b and n alone leaves a's mass, and here (equal likelihoods) theirs, unchanged.
    w.observe(['b', 'n'], [0.2, 0.2]);
    closeTo(w.weightsOf(['a', 'n']), [15 / 22, 7 / 22]);
    expect(w.snapshot.b).toBeCloseTo(0.3, 12);
  });

  it('mixes N distributions into one', () => {
    const w = new ExpertWeights({ a: 1, b: 1, c: 2 });
    const out = w.mix(['a', 'b', 'c'], [Float64Array.of(1, 0, 0), Float64Array.of(0, 1, 0), Float64Array.of(0, 0.5, 0.5)], new Float64Array(3));
    closeTo(out, [0.25, 0.25 + 0.25, 0.25]);
    // One expert alone is itself.
    closeTo(w.mix(['c'], [Float64Array.of(0.1, 0.2, 0.7)], new Float64Array(3)), [0.1, 0.2, 0.7]);
  });

  it('refuses bad priors, shares and experts without a prior', () => {
    expect(() => new ExpertWeights({ a: 0 })).toThrow(/prior of "a" must be positive/);
    expect(() => new ExpertWeights({ a: 1 }, Number.NaN)).toThrow(/share must lie in \[0, 1\]/);
    expect(() => new ExpertWeights({ a: 1 }).weightsOf(['b'])).toThrow(/no prior for the expert "b"/);
    expect(() => new ExpertWeights({ a: 1 }).observe(['a'], [0.5, 0.5])).toThrow(/1 experts but 2 likelihoods/);
  });
});

describe('MixtureWeights', () => {
  it('keeps one set of weights per kind of context, picked by the character before', () => {
    expect(contextOf(undefined)).toBe('afterSpace');
    expect(contextOf('\n')).toBe('afterSpace');
    expect(contextOf('é')).toBe('inWord');
    expect(contextOf('_')).toBe('inWord');
    expect(contextOf('(')).toBe('afterOther');
    const weights = new MixtureWeights({ m: 0.3, n: 0.7 }, 0);
    weights.of('inWord').observe(['m', 'n'], [0.1, 0.9]);
    // 0.03 / (0.03 + 0.63) in words; the other classes untouched.
    expect(weights.of('inWord').weightsOf(['m', 'n'])[0]).toBeCloseTo(0.03 / 0.66, 12);
    expect(weights.of('afterSpace').weightsOf(['m', 'n'])[0]).toBeCloseTo(0.3, 12);
    const copy = new MixtureWeights({ m: 0.3, n: 0.7 }, 0);
    copy.snapshot = weights.snapshot;
    expect(copy.snapshot).toEqual(weights.snapshot);
    expect(copy.of('inWord').weightsOf(['m', 'n'])[0]).toBeCloseTo(0.03 / 0.66, 12);
  });

  it('keeps one set per band of the experts\' evidence, too', () => {
    expect(evidenceKey(['m', 'n', 'o'], [undefined, 3, 0])).toBe('n=3 o=0');
    expect(evidenceKey(['m'], [undefined])).toBe('');
    const weights = new MixtureWeights({ m: 0.3, n: 0.7 }, 0);
    const m = (context: 'inWord' | 'afterSpace', evidence?: string) => weights.of(context, evidence).weightsOf(['m', 'n'])[0];
    expect(m('inWord', 'n=0')).toBeCloseTo(0.3, 12); // made before anything was typed: the priors
    weights.observe('inWord', 'n=4', ['m', 'n'], [0.1, 0.9]);
    // The band and its class learn; a band met before stays; one made now starts from the class.
    expect(m('inWord', 'n=4')).toBeCloseTo(0.03 / 0.66, 12);
    expect(m('inWord')).toBeCloseTo(0.03 / 0.66, 12);
    expect(m('inWord', 'n=0')).toBeCloseTo(0.3, 12);
    expect(m('inWord', 'n=2')).toBeCloseTo(0.03 / 0.66, 12);
    expect(m('afterSpace', 'n=4')).toBeCloseTo(0.3, 12);
    // Then the band moves on its own: m, at 1/22, again gets 0.1 against 0.9.
    weights.observe('inWord', 'n=4', ['m', 'n'], [0.1, 0.9]);
    expect(m('inWord', 'n=4')).toBeCloseTo((0.1 / 22) / (0.1 / 22 + (0.9 * 21) / 22), 12);
    expect(m('inWord', 'n=2')).toBeCloseTo(0.03 / 0.66, 12);
    expect(() => new MixtureWeights({ m: -1 })).toThrow(/prior of "m" must be positive/);
  });
});
