import { describe, expect, it } from 'vitest';
import { isWordBoundary, judgeOffer } from '../src/offer.js';

describe('judgeOffer', () => {
  it('computes the first word\'s probability and the expected saving by hand', () => {
    // "foo()": words "foo" and "()" (no boundary between two non-word characters).
    // p_1 = 0.9 · 0.8 · 0.5 = 0.36 (right through "foo"); p_2 = 0.36 · 0.5 · 1 = 0.18.
    // S = 0.36 · 3 + 0.18 · 2 − 0.36 = 1.08.
    // At c = 0.5 (λ = 1) the margins S − λR of the cuts after 1 … 5 characters are
    //   "f" 0.9 − 0.9 − 0.1 = −0.1; "fo" 1.44 − 0.72 − 0.28 = 0.44; "foo" 1.08 − 0.36 − 0.64 = 0.08;
    //   "foo(" 1.08 + 0.18 − 0.36 − 0.64 = 0.26; "foo()" 1.08 − 0.64 = 0.44: the whole (the longer of the best).
    const offer = judgeOffer([...'foo()'], [0.9, 0.8, 0.5, 0.5, 1], 0.5);
    expect(offer.length).toBe(5);
    expect(offer.confidence).toBeCloseTo(0.36, 12);
    expect(offer.expectedSaving).toBeCloseTo(1.08, 12);
    expect(offer.worthShowing).toBe(true);
    // At c = 0.7 (λ = 7/3) the whole has 1.08 − 0.64 · 7/3 < 0, but "fo" has 0.72 − 0.28 · 7/3 ≈ 0.067.
    const cut = judgeOffer([...'foo()'], [0.9, 0.8, 0.5, 0.5, 1], 0.7);
    expect(cut.length).toBe(2);
    expect(cut.confidence).toBeCloseTo(0.72, 12);
    expect(cut.expectedSaving).toBeCloseTo(0.72, 12);
    expect(cut.worthShowing).toBe(true);
    // At c = 0.75 (λ = 3) nothing is: "fo" 0.72 − 0.84 < 0.
    expect(judgeOffer([...'foo()'], [0.9, 0.8, 0.5, 0.5, 1], 0.75).worthShowing).toBe(false);
  });

  it('cuts a suggestion before an unsure character inside a word, where its end can still be accepted', () => {
    // "options" with 's' at 0.4 after "option" at 0.95: at c = 0.7 (λ = 7/3) the margins are
    // "optio" 5 − 1 = 4; "option" 0.95 · 6 − 0.95 − 0.05 λ ≈ 4.63; "options" 0.38 · 7 − 0.38 − 0.62 λ ≈ 0.83.
    const offer = judgeOffer([...'options'], [1, 1, 1, 1, 1, 0.95, 0.4], 0.7);
    expect(offer.length).toBe(6);
    expect(offer.confidence).toBeCloseTo(0.95, 12);
    expect(offer.expectedSaving).toBeCloseTo(4.75, 12);
  });

  it('needs p_1 ≥ c for a suggestion that saves one keystroke', () => {
    // One word of two characters: S = 2 p − p = p, R = 1 − p: shown iff p ≥ c.
    expect(judgeOffer([...'ab'], [0.6, 1], 0.6).worthShowing).toBe(true);
    expect(judgeOffer([...'ab'], [0.59, 1], 0.6).worthShowing).toBe(false);
  });

  it('never shows what saves nothing: one character, nothing at all, or c = 1', () => {
    expect(judgeOffer([')'], [1], 0.1).worthShowing).toBe(false);
    expect(judgeOffer([], [], 0.1)).toEqual({ length: 0, confidence: 0, expectedSaving: 0, worthShowing: false });
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
