// gradNorm, clipGradNorm and clipGradValue on hand-computed cases (the PyTorch fixtures cover larger ones).
import { expect, it } from 'vitest';
import { clipGradNorm, clipGradValue, gradNorm, Tensor } from '../src/index.js';
import { EXACT, expectClose } from '@recurrent/test-utils';
import { F32_TOL, setGrad } from './helpers.js';

const withGrad = (grad: number[]): Tensor => {
  const p = Tensor.zeros([grad.length], { requiresGrad: true });
  setGrad(p, grad);
  return p;
};

it('gradNorm is the joint L2 norm of every gradient, skipping tensors without one, and changes nothing', () => {
  const a = withGrad([3, 0]), b = withGrad([0, -4]);
  expect(gradNorm([a, b, Tensor.zeros([3])])).toBe(5);
  expectClose(b.grad!, [0, -4], EXACT, 'b untouched');
});

it('clipGradNorm scales every gradient by maxNorm / (norm + 1e-6) when the joint norm exceeds maxNorm', () => {
  const a = withGrad([3, 0]), b = withGrad([0, 4]);
  expect(clipGradNorm([a, b], 1)).toBe(5);
  const f = 1 / (5 + 1e-6);
  expectClose(a.grad!, [3 * f, 0], F32_TOL, 'a');
  expectClose(b.grad!, [0, 4 * f], F32_TOL, 'b');
});

it('clipGradNorm leaves gradients within the norm untouched, and skips tensors without a gradient', () => {
  const a = withGrad([3, 0]), b = withGrad([0, 4]);
  const none = Tensor.zeros([2]);
  expect(clipGradNorm([a, b, none], 5.5)).toBe(5);
  expectClose(a.grad!, [3, 0], EXACT, 'a');
  expect(none.hasGrad).toBe(false);
  expect(() => clipGradNorm([a], 0)).toThrow(RangeError);
  expect(() => clipGradNorm([a], Infinity)).toThrow(RangeError);
});

it('clipGradValue clamps every element to [−v, v]', () => {
  const a = withGrad([-3, -0.5, 0.25, 2]);
  clipGradValue([a], 1);
  expectClose(a.grad!, [-1, -0.5, 0.25, 1], EXACT, 'clamped');
  expect(() => clipGradValue([a], -1)).toThrow(RangeError);
});
