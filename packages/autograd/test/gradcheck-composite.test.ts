// gradcheck of a composite (2-layer tanh MLP with crossEntropy) and of a custom op built with op + accumulate.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  accumulate, add, crossEntropy, gradcheck, kernel, matmul, op, Random, scope, tanh, Tensor,
} from '../src/index.js';
import { expectClose } from '@recurrent/test-utils';
import { check, dim, expectGradcheck, F32_TOL, GRADCHECK, rand, seed } from './helpers.js';

it('a 2-layer tanh MLP with crossEntropy gradchecks in every parameter', () => {
  check(fc.tuple(dim(4), dim(5), dim(5), dim(4), seed()), ([N, I, H, C, s]) => {
    const rng = new Random(s);
    const x = rand([N, I], rng, -1, 1, false);
    const targets = Array.from({ length: N }, () => rng.int(C));
    const mlp = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor): Tensor =>
      // PyTorch layout: weights [out, in], applied as x · Wᵀ.
      crossEntropy(add(matmul(tanh(add(matmul(x, w1, { transB: true }), b1)), w2, { transB: true }), b2), targets);
    expectGradcheck(() => {
      const r = new Random(s + 1);
      return [rand([H, I], r), rand([H], r), rand([C, H], r), rand([C], r)];
    }, mlp, `N ${N} I ${I} H ${H} C ${C}`);
  });
});

/** Central differences of a cubic at |x| ≤ 1.25 are exact to ~1e-5 relative; 1e-3 is far below the 0.5 error. */
const FD_RATIO_TOL = { abs: 1e-3, rel: 0 };

/** x³ as a user would write it: dx += 3x² · dy. */
function cube(x: Tensor, derivativeFactor = 3): Tensor {
  const k = kernel();
  const y = op('cube', [x], x.shape, (dy) => accumulate(x, (dx) => {
    const d = k.f32(dx), g = k.f32(dy), xv = x.view();
    for (let i = 0; i < d.length; i++) d[i] = d[i]! + derivativeFactor * xv[i]! ** 2 * g[i]!;
  }));
  const xv = x.view(), yv = y.view();
  for (let i = 0; i < yv.length; i++) yv[i] = xv[i]! ** 3;
  return y;
}

it('a custom op declared with op + accumulate (cube) gradchecks', () => {
  check(fc.tuple(dim(), dim(5), seed()), ([r, c, s]) => {
    expectGradcheck(() => [rand([r, c], new Random(s), -1.5, 1.5)], (x) => cube(x), `[${r}, ${c}]`);
  });
});

it('a custom op joins the tape: backward of cube gives 3x²', () => {
  const x = Tensor.fromArray([-2, 0.5, 1, 3], [4], { requiresGrad: true });
  const y = cube(x);
  expect(y.op).toBe('cube');
  expect(y.inputs).toEqual([x]);
  y.backward([1, 1, 1, 1]);
  expectClose(x.grad!, [12, 0.75, 3, 27], F32_TOL, 'dx');
});

it('gradcheck rejects a wrong backward (the oracle can fail)', () => {
  const inputs = (): Tensor[] => [Tensor.fromArray([0.5, -1, 1.25], [3], { requiresGrad: true })];
  const result = scope(() => gradcheck((x) => cube(x, 2), inputs(), GRADCHECK));
  expect(result.ok).toBe(false);
  // gradcheck weighs the output randomly, but numeric / analytic must be the true 3x² over the wrong 2x².
  const match = /element 2: numeric (\S+), analytic (\S+)/.exec(result.worst);
  expect(match, result.worst).not.toBeNull();
  expectClose(Number(match![1]) / Number(match![2]), 1.5, FD_RATIO_TOL, 'numeric / analytic');
});
