// Seeded determinism: Random sequences repeat, Tensor.uniform/normal and dropout masks replay from a seed.
import { expect, it } from 'vitest';
import { dropout, Random, Tensor } from '../src/index.js';
// mulberry32 written apart from src/ (the generator Random documents): an independent oracle.
import { mulberry32 } from '@recurrent/test-utils';

const draw = (rng: Random, n: number): number[] => Array.from({ length: n }, () => rng.next());

it('Random(seed) is mulberry32: the same numbers on every run and machine', () => {
  for (const seed of [0, 1, 42, 0xdeadbeef]) {
    const expected = mulberry32(seed);
    expect(draw(new Random(seed), 20)).toEqual(Array.from({ length: 20 }, expected));
  }
});

it('sequences repeat for a seed, differ between seeds, and resume from seedState', () => {
  expect(draw(new Random(7), 50)).toEqual(draw(new Random(7), 50));
  expect(draw(new Random(7), 50)).not.toEqual(draw(new Random(8), 50));
  const rng = new Random(3);
  draw(rng, 10);
  const saved = rng.seedState;
  const next = draw(rng, 10);
  rng.seedState = saved;
  expect(draw(rng, 10)).toEqual(next);
  expect(() => new Random(NaN)).toThrow(RangeError);
});

it('uniform, int and normal stay in range and have the right moments', () => {
  const rng = new Random(5);
  const u = Array.from({ length: 10_000 }, () => rng.uniform(-2, 3));
  expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
  expect(Math.max(...u)).toBeLessThan(3);
  const ints = new Set(Array.from({ length: 1000 }, () => rng.int(7)));
  expect([...ints].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  const n = Array.from({ length: 20_000 }, () => rng.normal());
  const mean = n.reduce((s, v) => s + v, 0) / n.length;
  const variance = n.reduce((s, v) => s + (v - mean) ** 2, 0) / n.length;
  // 20,000 samples: the standard error of the mean is 0.007, of the variance 0.01.
  expect(Math.abs(mean)).toBeLessThan(0.03);
  expect(Math.abs(variance - 1)).toBeLessThan(0.05);
});

it('Tensor.uniform and Tensor.normal give identical tensors for one seed', () => {
  const u = (seed: number) => Array.from(Tensor.uniform([3, 5], -1, 1, new Random(seed)).toArray());
  const n = (seed: number) => Array.from(Tensor.normal([7], 2, 0.5, new Random(seed)).toArray());
  expect(u(9)).toEqual(u(9));
  expect(n(9)).toEqual(n(9));
  expect(u(9)).not.toEqual(u(10));
  // The values are the generator's, in row-major order.
  const rng = new Random(9);
  expect(u(9)).toEqual(Array.from(Float32Array.from({ length: 15 }, () => rng.uniform(-1, 1))));
});

it('dropout draws the same mask from the same seed and another from another seed', () => {
  const x = Tensor.ones([64]);
  const mask = (seed: number) => Array.from(dropout(x, 0.5, new Random(seed)).toArray());
  expect(mask(1)).toEqual(mask(1));
  expect(mask(1)).not.toEqual(mask(2));
  const dropped = mask(3).filter((v) => v === 0).length;
  expect(dropped).toBeGreaterThan(16);
  expect(dropped).toBeLessThan(48);
  // Not training, or p = 0: the input itself.
  expect(dropout(x, 0.5, new Random(1), false)).toBe(x);
  expect(dropout(x, 0, new Random(1))).toBe(x);
});
