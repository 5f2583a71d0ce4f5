// noGrad records nothing (no inputs, no backwardFn, no gradient buffers) and detach stops gradient flow.
import { expect, it } from 'vitest';
import {
  add, crossEntropy, isGradEnabled, lstmCell, matmul, mul, noGrad, Random, sum, tanh, Tensor,
} from '../src/index.js';
import { EXACT, expectClose } from '@recurrent/test-utils';
import { F32_TOL, rand } from './helpers.js';

/** A small model: logits = tanh(x · W + b) · V. */
function model(rng: Random) {
  const x = rand([3, 4], rng, -1, 1, false);
  const w = rand([4, 5], rng), b = rand([5], rng), v = rand([5, 2], rng);
  const forward = () => matmul(tanh(add(matmul(x, w), b)), v);
  return { params: [w, b, v], forward };
}

it('under noGrad outputs do not require grad, keep no inputs and no backward', () => {
  const { forward } = model(new Random(1));
  const outs = noGrad(() => {
    expect(isGradEnabled()).toBe(false);
    const logits = forward();
    const state = lstmCell(rand([3, 8], new Random(2)), rand([3, 2], new Random(3)));
    return [logits, state, crossEntropy(logits, [0, 1, 1])];
  });
  expect(isGradEnabled()).toBe(true);
  for (const t of outs) {
    expect(t.requiresGrad).toBe(false);
    expect(t.inputs).toEqual([]);
    expect(t.backwardFn).toBeUndefined();
    expect(t.hasGrad).toBe(false);
    expect(() => t.backward(new Array(t.size).fill(1))).toThrow(/does not require grad/);
  }
});

it('under noGrad no parameter gradient is touched and the values equal those with grad', () => {
  const { params, forward } = model(new Random(4));
  const withGrad = forward();
  const without = noGrad(forward);
  expectClose(without.toArray(), withGrad.toArray(), EXACT, 'same forward');
  expect(() => sum(without).backward()).toThrow(/does not require grad/);
  for (const p of params) expect(Array.from(p.grad!)).toEqual(new Array(p.size).fill(0));
  // The graph made with grad is intact: noGrad in between did not disturb it.
  sum(withGrad).backward();
  expect(params.some((p) => p.grad!.some((g) => g !== 0))).toBe(true);
});

it('noGrad restores recording after a throw, and nests', () => {
  expect(() => noGrad(() => {
    throw new Error('inside');
  })).toThrow('inside');
  expect(isGradEnabled()).toBe(true);
  noGrad(() => {
    noGrad(() => expect(isGradEnabled()).toBe(false));
    expect(isGradEnabled()).toBe(false);
  });
  const x = Tensor.fromArray([1], [1], { requiresGrad: true });
  expect(tanh(x).requiresGrad).toBe(true);
});

it('detach shares the values and stops the gradient: d/dx [detach(tanh x) · x] = tanh x', () => {
  const x = Tensor.fromArray([0.5, -1, 2], [3], { requiresGrad: true });
  const y = tanh(x);
  const d = y.detach();
  expect(d.requiresGrad).toBe(false);
  expect(d.inputs).toEqual([]);
  expectClose(d.toArray(), y.toArray(), EXACT, 'values');
  sum(mul(d, x)).backward();
  expectClose(x.grad!, [0.5, -1, 2].map(Math.tanh), F32_TOL, 'dx = tanh x only');
  expect(y.hasGrad).toBe(false);
});
