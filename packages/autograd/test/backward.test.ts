// backward semantics: hand-computed gradients, accumulation, explicit upstream gradients, errors.
import { describe, expect, it } from 'vitest';
import { add, crossEntropy, matmul, mul, scale, sum, tanh, Tensor } from '../src/index.js';
import { EXACT, expectClose } from '@recurrent/test-utils';
import { F32_TOL } from './helpers.js';

const param = (values: number[], shape: number[] = [values.length]): Tensor => Tensor.fromArray(values, shape, { requiresGrad: true });

describe('hand-computed gradients', () => {
  it('sum(w ⊙ w) gives 2w', () => {
    const w = param([1, -2, 3, 0.5], [2, 2]);
    sum(mul(w, w)).backward();
    expectClose(w.grad!, [2, -4, 6, 1], EXACT, 'dw');
  });

  it('sum(A · B) gives row sums of B and column sums of A', () => {
    const a = param([1, 2, 3, 4], [2, 2]), b = param([5, 6, 7, 8], [2, 2]);
    sum(matmul(a, b)).backward();
    expectClose(a.grad!, [11, 15, 11, 15], EXACT, 'dA');
    expectClose(b.grad!, [4, 4, 6, 6], EXACT, 'dB');
  });

  it('a broadcast row receives the column sums of the upstream gradient', () => {
    const x = param([1, 2, 3, 4, 5, 6], [2, 3]), bias = param([10, 20, 30]);
    add(x, bias).backward([1, 2, 3, 4, 5, 6]);
    expectClose(bias.grad!, [5, 7, 9], EXACT, 'd bias');
    expectClose(x.grad!, [1, 2, 3, 4, 5, 6], EXACT, 'dx');
  });

  it('crossEntropy gives (softmax − onehot) / N', () => {
    const logits = param([0, 0, 0, 1, 2, 3], [2, 3]);
    crossEntropy(logits, [0, 2]).backward();
    const e = [Math.E, Math.E ** 2, Math.E ** 3], z = e[0]! + e[1]! + e[2]!;
    expectClose(logits.grad!, [(1 / 3 - 1) / 2, 1 / 6, 1 / 6, e[0]! / z / 2, e[1]! / z / 2, (e[2]! / z - 1) / 2], F32_TOL, 'dlogits');
  });

  it('a tensor used twice collects both contributions', () => {
    const x = param([3]);
    sum(add(mul(x, x), x)).backward();
    expectClose(x.grad!, [7], EXACT, 'd(x² + x) = 2x + 1');
  });

  it('a chain of 10,000 ops back-propagates without overflowing the stack', () => {
    const x = param([1]);
    let h = x;
    for (let i = 0; i < 10_000; i++) h = add(h, x);
    h.backward();
    expectClose(x.grad!, [10_001], EXACT, 'dx');
  });
});

describe('accumulation and upstream gradients', () => {
  it('gradients add up across two backward calls until zeroGrad', () => {
    const w = param([1, 2]);
    sum(scale(w, 3)).backward();
    sum(mul(w, w)).backward();
    expectClose(w.grad!, [5, 7], EXACT, '3 + 2w');
    w.zeroGrad();
    expectClose(w.grad!, [0, 0], EXACT, 'zeroed');
    sum(w).backward();
    expectClose(w.grad!, [1, 1], EXACT, 'after zeroGrad');
  });

  it('a non-scalar root takes an explicit upstream gradient', () => {
    const x = param([1, 2, 3]);
    scale(x, 3).backward([1, -1, 0.5]);
    expectClose(x.grad!, [3, -3, 1.5], EXACT, 'dx');
  });

  it('a leaf that does not require grad gets no gradient', () => {
    const x = param([1, 2]), c = Tensor.fromArray([3, 4]);
    sum(mul(x, c)).backward();
    expect(c.grad).toBeNull();
    expect(c.hasGrad).toBe(false);
    expectClose(x.grad!, [3, 4], EXACT, 'dx');
  });
});

describe('errors', () => {
  it('a non-scalar root without a gradient, or with one of the wrong size, is a RangeError', () => {
    const y = scale(param([1, 2]), 2);
    expect(() => y.backward()).toThrow(RangeError);
    expect(() => y.backward()).toThrow(/not a scalar.*\[2\]/);
    expect(() => y.backward([1, 2, 3])).toThrow(/3 values/);
  });

  it('backward twice through the same graph throws', () => {
    const loss = sum(tanh(param([0.5, -0.5])));
    loss.backward();
    expect(() => loss.backward()).toThrow(/already used by a backward/);
  });

  it('backward through a part of a graph that an earlier backward freed throws', () => {
    // y feeds two losses; the first backward frees y's part of the graph. Today the second
    // silently stops at y (x.grad stays as the first left it); the doc of backward says a
    // second backward through a freed graph is an error, as in PyTorch.
    const x = param([0.5, -0.3]);
    const y = tanh(x);
    const first = sum(y), second = sum(scale(y, 2));
    first.backward();
    expect(() => second.backward()).toThrow(/backward/);
  });

  it('backward on something that does not require grad throws', () => {
    const y = sum(Tensor.fromArray([1, 2]));
    expect(y.requiresGrad).toBe(false);
    expect(() => y.backward()).toThrow(/does not require grad/);
  });
});
