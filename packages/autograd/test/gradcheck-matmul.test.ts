// gradcheck of matmul in all four transpose combinations over random M, K, N.
import fc from 'fast-check';
import { it } from 'vitest';
import { matmul, Random } from '../src/index.js';
import { check, dim, expectGradcheck, rand, seed } from './helpers.js';

const COMBOS = [
  { transA: false, transB: false },
  { transA: true, transB: false },
  { transA: false, transB: true },
  { transA: true, transB: true },
];

it.each(COMBOS)('matmul gradchecks with transA $transA, transB $transB', (options) => {
  // M, K, N up to 6 keep each operand within 36 elements.
  check(fc.tuple(dim(6), dim(6), dim(6), seed()), ([M, K, N, s]) => {
    expectGradcheck(() => {
      const rng = new Random(s);
      const a = rand(options.transA ? [K, M] : [M, K], rng);
      const b = rand(options.transB ? [N, K] : [K, N], rng);
      return [a, b];
    }, (a, b) => matmul(a, b, options), `M ${M} K ${K} N ${N}`);
  });
});

it('matmul gradchecks a product of a matrix with itself (both gradients land in one buffer)', () => {
  check(fc.tuple(dim(6), dim(6), seed()), ([M, K, s]) => {
    expectGradcheck(() => [rand([M, K], new Random(s))], (a) => matmul(a, a, { transB: true }), `[${M}, ${K}]`);
  });
});
