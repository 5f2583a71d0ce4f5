import { describe, expect, it } from 'vitest';
import { ExpertWeight, MixtureWeights } from '../src/completion/mixture.js';

describe('ExpertWeight', () => {
  it('updates by Bayes\' rule, then shares a little weight back, by hand', () => {
    const w = new ExpertWeight(0.5, 0.1);
    // Posterior 0.5·0.8 / (0.5·0.8 + 0.5·0.2) = 0.8; shared: 0.9·0.8 + 0.05 = 0.77.
    w.observe(0.8, 0.2);
    expect(w.weight).toBeCloseTo(0.77, 12);
    // With no share the weight is the posterior of the model after all the evidence.
    const exact = new ExpertWeight(0.3, 0);
    for (const [m, n] of [[0.5, 0.1], [0.2, 0.6], [0.9, 0.3]] as const) exact.observe(m, n);
    const odds = (0.3 / 0.7) * (0.5 / 0.1) * (0.2 / 0.6) * (0.9 / 0.3);
    expect(exact.weight).toBeCloseTo(odds / (1 + odds), 12);
  });

  it('never gets stuck at 0 or 1 with a share, and ignores evidence that is zero on both sides', () => {
    const w = new ExpertWeight(0.3, 0.02);
    for (let i = 0; i < 1000; i++) w.observe(0, 1);
    expect(w.weight).toBeCloseTo(0.01, 12);
    w.observe(0, 0);
    expect(w.weight).toBeCloseTo(0.98 * 0.01 + 0.01, 12);
    for (let i = 0; i < 400; i++) w.observe(1, 1e-3);
    expect(w.weight).toBeGreaterThan(0.98);
  });

  it('mixes two distributions into one', () => {
    const w = new ExpertWeight(0.25, 0);
    const out = w.mix(Float64Array.of(1, 0, 0), Float64Array.of(0, 0.5, 0.5), new Float64Array(3));
    expect(Array.from(out)).toEqual([0.25, 0.375, 0.375]);
  });

  it('refuses weights and shares outside [0, 1]', () => {
    expect(() => new ExpertWeight(1.5)).toThrow(/weight must lie in \[0, 1\], got 1.5/);
    expect(() => new ExpertWeight(0.3, Number.NaN)).toThrow(/share must lie in \[0, 1\]/);
  });
});

describe('MixtureWeights', () => {
  it('keeps one weight per kind of context and picks it by the character before', () => {
    const weights = new MixtureWeights();
    expect(weights.after(undefined)).toBe(weights.afterSpace);
    expect(weights.after('\n')).toBe(weights.afterSpace);
    expect(weights.after('é')).toBe(weights.inWord);
    expect(weights.after('_')).toBe(weights.inWord);
    expect(weights.after('(')).toBe(weights.afterOther);
    weights.inWord.observe(0.1, 0.9);
    expect(weights.weights[1]).toBeLessThan(weights.weights[0]);
    expect(weights.weights[0]).toBe(weights.weights[2]);
    const copy = new MixtureWeights();
    copy.weights = weights.weights;
    expect(copy.weights).toEqual(weights.weights);
  });
});
