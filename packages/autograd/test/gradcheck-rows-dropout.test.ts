// gradcheck of gatherRows (repeated indices add up) and of dropout with a fixed-seed mask.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { dropout, gatherRows, Random } from '../src/index.js';
import { check, dim, expectGradcheck, rand, seed, shapeArb } from './helpers.js';

it('gatherRows gradchecks with repeated indices', () => {
  check(fc.tuple(dim(6), dim(6), fc.integer({ min: 1, max: 6 }), seed()), ([rows, width, n, s]) => {
    const rng = new Random(s);
    const indices = Array.from({ length: n }, () => rng.int(rows));
    indices.push(indices[0]!); // at least one index twice
    expectGradcheck(() => [rand([rows, width], new Random(s))], (t) => gatherRows(t, indices), `[${rows}, ${width}] ${indices}`);
  });
});

it('dropout gradchecks when every forward draws the same mask', () => {
  check(fc.tuple(shapeArb(1, 3), seed(), fc.constantFrom(0.2, 0.5, 0.8)), ([shape, s, p]) => {
    // gradcheck re-runs fn for every perturbation: the generator is made inside with one seed.
    expectGradcheck(() => [rand(shape, new Random(s))], (x) => dropout(x, p, new Random(s ^ 0x5eed)), `[${shape}] p ${p}`);
  });
});

it('dropout keeps each element as x / (1 − p) or zeroes it, and passes the gradient the same way', () => {
  check(fc.tuple(shapeArb(1, 3), seed(), fc.constantFrom(0.25, 0.5)), ([shape, s, p]) => {
    const keep = Math.fround(1 / (1 - p));
    const x = rand(shape, new Random(s), 0.5, 1.5);
    const y = dropout(x, p, new Random(s));
    y.backward(new Array(y.size).fill(1));
    const xv = x.toArray(), yv = y.toArray(), gx = x.grad!;
    yv.forEach((v, i) => {
      // x ≥ 0.5, so a zero output can only be a dropped element.
      const kept = v !== 0;
      expect(v).toBe(kept ? Math.fround(xv[i]! * keep) : 0);
      expect(gx[i]).toBe(kept ? keep : 0);
    });
  });
});
