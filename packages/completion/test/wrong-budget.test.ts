import { ByteVocabulary } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
import type { Expert } from '../src/expert.js';
import { MixtureWeights } from '../src/mixture.js';
import { CompletionSession } from '../src/session.js';
import { CONFIDENCE_BOUNDS, WrongBudget } from '../src/wrong-budget.js';
import { sureExpert } from './experts.js';

const logit = (p: number) => Math.log(p / (1 - p));

describe('WrongBudget', () => {
  it('starts at the confidence given, and steps its logit by α (wrong − r · typed)', () => {
    const b = new WrongBudget(0.1);
    expect(b.confidence(0.8)).toBeCloseTo(0.8, 12);
    b.observe(10, 1, 6, 0.8); // 0.1 · (1 − 0.06 · 10) = +0.04
    expect(logit(b.confidence(0.8))).toBeCloseTo(logit(0.8) + 0.04, 12);
    b.observe(50, 0, 6, 0.8); // −0.1 · 3
    expect(logit(b.confidence(0.8))).toBeCloseTo(logit(0.8) + 0.04 - 0.3, 12);
    expect(new WrongBudget(0.1).confidence(0.7)).toBeCloseTo(0.7, 12);
  });

  it('stays within its bounds', () => {
    const b = new WrongBudget(1);
    for (let i = 0; i < 100; i++) b.observe(1, 5, 6, 0.8);
    expect(b.confidence(0.8)).toBeCloseTo(CONFIDENCE_BOUNDS[1], 12);
    for (let i = 0; i < 100; i++) b.observe(100, 0, 6, 0.8);
    expect(b.confidence(0.8)).toBeCloseTo(CONFIDENCE_BOUNDS[0], 12);
    expect(() => b.observe(1, 0, -1, 0.8)).toThrow(RangeError);
    expect(() => new WrongBudget(Number.NaN)).toThrow(RangeError);
  });

  it('settles where the wrong suggestions are the target per character, for text easy or hard to predict', () => {
    // A stand-in for the editor: at confidence c, a fraction `difficulty` · (1 − c)² of the characters typed meet a wrong suggestion.
    for (const difficulty of [0.5, 4]) {
      const b = new WrongBudget();
      let owed = 0, wrong = 0;
      for (let i = 0; i < 200_000; i++) {
        owed += difficulty * (1 - b.confidence(0.8)) ** 2;
        const now = Math.floor(owed);
        owed -= now;
        if (i >= 100_000) wrong += now;
        b.observe(1, now, 6, 0.8);
      }
      expect(wrong / 100_000).toBeCloseTo(0.06, 2);
    }
  });
});

describe('CompletionSession with a wrong budget', () => {
  const type = (typed: string, expert: Expert, wrongPer100: number | undefined) => {
    const budget = new WrongBudget();
    const host = { vocabulary: new ByteVocabulary(), experts: [expert], mixture: new MixtureWeights({ x: 1 }, 0), budget };
    const s = new CompletionSession('doc', host);
    let shownWrong = 0;
    for (let i = 1; i <= typed.length; i++) {
      const shown = s.suggest({ cursor: i, slice: (a, b) => typed.slice(a, b) }, { maxLength: 3, minConfidence: 0.6, wrongPer100, temperature: 0, contextLength: 64 }).text;
      if (shown && !typed.startsWith(shown.slice(0, 1), i)) shownWrong++;
    }
    return { shownWrong, confidence: budget.confidence(0.6) };
  };

  it('raises the confidence when what is shown proves wrong, until few are', () => {
    // 'aaa' at p = 0.9 a symbol (0.73 for all three) is worth showing up to c = 0.843 (judgeOffer:
    // 3 · 0.729 − 0.729 ≥ λ (1 − 0.729)); the user never types 'a'.
    const text = 'b'.repeat(3000);
    expect(type(text, sureExpert('x', 'a', 0.9), undefined).shownWrong).toBe(3000);
    const adapted = type(text, sureExpert('x', 'a', 0.9), 6);
    expect(adapted.confidence).toBeGreaterThan(0.83);
    expect(adapted.shownWrong).toBeGreaterThan(0.05 * 3000);
    expect(adapted.shownWrong).toBeLessThan(0.07 * 3000);
  });

  it('lowers the confidence while the budget is unspent', () => {
    expect(type('a'.repeat(1000), sureExpert('x', 'a', 0.9), 6).confidence).toBeCloseTo(CONFIDENCE_BOUNDS[0], 6);
    expect(type('a'.repeat(1000), sureExpert('x', 'a', 0.9), undefined).confidence).toBeCloseTo(0.6, 12);
  });
});
