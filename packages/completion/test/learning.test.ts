import { Random } from '@recurrent/autograd';
import { describe, expect, it } from 'vitest';
import { FRESH_WINDOWS, FreshText, LEARNING_BATCH, learningBatch } from '../src/learning.js';

const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);

/** Sequence b of a batch as [first input, …, last input, last target]. */
function window(batch: { inputs: Int32Array; targets: Int32Array; steps: number; batch: number }, b: number): number[] {
  const ids = Array.from({ length: batch.steps }, (_, t) => batch.inputs[t * batch.batch + b]!);
  return [...ids, batch.targets[(batch.steps - 1) * batch.batch + b]!];
}

describe('FreshText', () => {
  it('keeps each change with its context before it, and only the newest symbols', () => {
    const fresh = new FreshText(8);
    fresh.add(range(0, 10), 6, 8, 2); // symbols 6, 7 written; 4, 5 come along
    expect([...fresh.symbols]).toEqual([4, 5, 6, 7]);
    fresh.add(range(100, 110), 1, 4, 3); // context cut at the document's start
    expect([...fresh.symbols]).toEqual([4, 5, 6, 7, 100, 101, 102, 103]);
    fresh.add(range(200, 210), 9, 10, 2);
    expect([...fresh.symbols]).toEqual([7, 100, 101, 102, 103, 207, 208, 209]);
  });
});

describe('learningBatch', () => {
  it('draws FRESH_WINDOWS consecutive windows from the fresh text and the rest from the corpus', () => {
    const corpus = range(0, 500), fresh = range(1000, 1040), T = 8;
    const batch = learningBatch(corpus, fresh, T, new Random(3));
    expect(batch.batch).toBe(LEARNING_BATCH);
    for (let b = 0; b < LEARNING_BATCH; b++) {
      const ids = window(batch, b);
      const first = ids[0]!;
      expect(ids).toEqual([...range(first, first + T + 1)]);
      if (b < FRESH_WINDOWS) expect(first >= 1000 && first + T < 1040).toBe(true);
      else expect(first + T < 500).toBe(true);
    }
  });

  it('uses the corpus alone while the fresh text is shorter than a window', () => {
    const batch = learningBatch(range(0, 500), range(1000, 1008), 8, new Random(3));
    for (let b = 0; b < LEARNING_BATCH; b++) expect(window(batch, b)[0]!).toBeLessThan(500);
  });
});
