import { Random } from '@recurrent/autograd';
import { describe, expect, it } from 'vitest';
import { randomWindows, randomWindowsFrom, type TokenBatch } from '../src/index.js';

const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
/** Sequence b's inputs, then its last target. */
const window = (batch: TokenBatch, b: number) => [
  ...Array.from({ length: batch.steps }, (_, t) => batch.inputs[t * batch.batch + b]!),
  batch.targets[(batch.steps - 1) * batch.batch + b]!,
];

describe('random windows', () => {
  it('are T + 1 consecutive ids, time-major, targets one ahead, starts ⌊r · (N − T − 1)⌋', () => {
    const ids = range(0, 50), T = 5, B = 4;
    const batch = randomWindows(ids, T, B, new Random(11));
    const rng = new Random(11);
    for (let b = 0; b < B; b++) {
      const start = Math.floor(rng.next() * (50 - T - 1));
      expect(window(batch, b)).toEqual([...range(start, start + T + 1)]);
      for (let t = 0; t < T; t++) expect(batch.targets[t * B + b]).toBe(batch.inputs[t * B + b]! + 1);
    }
  });

  it('draw sequence b from source b', () => {
    const sources = [range(0, 20), range(100, 120), range(100, 120), range(500, 507)];
    const batch = randomWindowsFrom(sources, 6, new Random(2));
    expect(window(batch, 3)).toEqual([...range(500, 507)]);
    sources.forEach((source, b) => {
      const first = window(batch, b)[0]!;
      expect(first).toBeGreaterThanOrEqual(source[0]!);
      expect(first + 6).toBeLessThanOrEqual(source.at(-1)!);
    });
  });

  it('refuse a text too short for one window', () => {
    expect(() => randomWindows(range(0, 5), 5, 2, new Random(1))).toThrow(/cannot hold a window/);
    expect(() => randomWindowsFrom([range(0, 9), range(0, 5)], 5, new Random(1))).toThrow(/5 tokens/);
  });
});
