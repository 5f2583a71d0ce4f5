import { describe, expect, it } from 'vitest';
import { isWordBoundary, judgeOffer } from '../src/offer.js';

describe('judgeOffer', () => {
  it('computes the first word\'s probability and the expected saving by hand', () => {
    // "foo()": words "foo" and "()" (no boundary between two non-word characters).
    // p_1 = 0.9 · 0.8 · 0.5 = 0.36 (right through "foo"); p_2 = 0.36 · 0.5 · 1 = 0.18.
    // S = 0.36 · 3 + 0.18 · 2 − 0.36 = 1.08.
    const offer = judgeOffer([...'foo()'], [0.9, 0.8, 0.5, 0.5, 1], 0.5);
    expect(offer.confidence).toBeCloseTo(0.36, 12);
    expect(offer.expectedSaving).toBeCloseTo(1.08, 12);
    // Shown iff S ≥ (1 − p_1) · c/(1 − c): at c = 0.5 the bar is 0.64; at c = 0.7, 0.64 · 7/3 ≈ 1.49.
    expect(offer.worthShowing).toBe(true);
    expect(judgeOffer([...'foo()'], [0.9, 0.8, 0.5, 0.5, 1], 0.7).worthShowing).toBe(false);
  });

  it('needs p_1 ≥ c for a suggestion that saves one keystroke', () => {
    // One word of two characters: S = 2 p − p = p, R = 1 − p: shown iff p ≥ c.
    expect(judgeOffer([...'ab'], [0.6, 1], 0.6).worthShowing).toBe(true);
    expect(judgeOffer([...'ab'], [0.59, 1], 0.6).worthShowing).toBe(false);
  });

  it('never shows what saves nothing: one character, nothing at all, or c = 1', () => {
    expect(judgeOffer([')'], [1], 0.1).worthShowing).toBe(false);
    expect(judgeOffer([], [], 0.1)).toEqual({ confidence: 0, expectedSaving: 0, worthShowing: false });
    expect(judgeOffer([...'return'], [1, 1, 1, 1, 1, 1], 1).worthShowing).toBe(false);
  });

  it('refuses probabilities that do not match the characters', () => {
    expect(() => judgeOffer([...'ab'], [1], 0.5)).toThrow(/2 characters but 1 probabilities/);
  });
});

describe('isWordBoundary', () => {
  it('cuts where accept-next-word stops', () => {
    expect(isWordBoundary('o', '(')).toBe(true);
    expect(isWordBoundary('(', 's')).toBe(true);
    expect(isWordBoundary(' ', '=')).toBe(true);
    expect(isWordBoundary('_', 'x')).toBe(false);
    expect(isWordBoundary('é', 't')).toBe(false);
    expect(isWordBoundary('(', ')')).toBe(false);
    expect(isWordBoundary(' ', ' ')).toBe(false);
  });
});
