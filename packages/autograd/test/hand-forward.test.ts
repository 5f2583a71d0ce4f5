// Forward values of every op on small cases computed by hand (or by Math.* in float64).
import { describe, expect, it } from 'vitest';
import {
  add, concat, crossEntropy, div, exp, gatherRows, log, logSoftmax, matmul, mean, mul, oneHot, relu,
  reshape, scale, sigmoid, slice, softmax, stack, sub, sum, tanh, Tensor, transpose,
} from '../src/index.js';
import { EXACT, expectClose } from '@recurrent/test-utils';
import { F32_TOL } from './helpers.js';

const A = (): Tensor => Tensor.fromArray([1, 2, 3, 4], [2, 2]);
const B = (): Tensor => Tensor.fromArray([5, 6, 7, 8], [2, 2]);
const M23 = (): Tensor => Tensor.fromArray([1, 2, 3, 4, 5, 6], [2, 3]);

describe('matmul of 2×2 matrices', () => {
  it.each([
    [{}, [19, 22, 43, 50]],
    [{ transA: true }, [26, 30, 38, 44]],
    [{ transB: true }, [17, 23, 39, 53]],
    [{ transA: true, transB: true }, [23, 31, 34, 46]],
  ])('%o', (options, expected) => {
    const c = matmul(A(), B(), options);
    expect(c.shape).toEqual([2, 2]);
    expectClose(c.toArray(), expected, EXACT, 'C');
  });

  it('[2, 3] · [3, 1]', () => {
    expectClose(matmul(M23(), Tensor.fromArray([1, 0, -1], [3, 1])).toArray(), [-2, -2], EXACT, 'C');
  });
});

describe('elementwise arithmetic', () => {
  it('adds a row [C] to every row of [R, C]', () => {
    const y = add(M23(), Tensor.fromArray([10, 20, 30]));
    expect(y.shape).toEqual([2, 3]);
    expectClose(y.toArray(), [11, 22, 33, 14, 25, 36], EXACT, 'a + row');
  });

  it('adds a row [1, C] and a one-element tensor', () => {
    expectClose(add(M23(), Tensor.fromArray([1, 1, 1], [1, 3])).toArray(), [2, 3, 4, 5, 6, 7], EXACT, 'a + [1, C]');
    expectClose(add(M23(), Tensor.scalar(0.5)).toArray(), [1.5, 2.5, 3.5, 4.5, 5.5, 6.5], EXACT, 'a + scalar');
  });

  it('sub, mul, div with each broadcast', () => {
    expectClose(sub(M23(), Tensor.fromArray([1, 2, 3])).toArray(), [0, 0, 0, 3, 3, 3], EXACT, 'sub row');
    expectClose(mul(M23(), Tensor.fromArray([2])).toArray(), [2, 4, 6, 8, 10, 12], EXACT, 'mul scalar');
    expectClose(div(M23(), Tensor.fromArray([1, 2, 4], [1, 3])).toArray(), [1, 1, 0.75, 4, 2.5, 1.5], EXACT, 'div row');
    expectClose(mul(A(), B()).toArray(), [5, 12, 21, 32], EXACT, 'mul same');
    expectClose(scale(A(), -0.5).toArray(), [-0.5, -1, -1.5, -2], EXACT, 'scale');
  });
});

describe('unary functions', () => {
  const xs = [-2, -0.5, 0.25, 1.5];
  it.each([
    ['tanh', tanh, Math.tanh],
    ['sigmoid', sigmoid, (v: number) => 1 / (1 + Math.exp(-v))],
    ['relu', relu, (v: number) => Math.max(v, 0)],
    ['exp', exp, Math.exp],
  ] as const)('%s', (name, fn, f) => {
    expectClose(fn(Tensor.fromArray(xs)).toArray(), xs.map(f), F32_TOL, name);
  });

  it('log, with NaN below 0 and −∞ at 0 as in PyTorch', () => {
    expectClose(log(Tensor.fromArray([0.5, 1, 4])).toArray(), [Math.log(0.5), 0, Math.log(4)], F32_TOL, 'log');
    expect(Array.from(log(Tensor.fromArray([-1, 0])).toArray())).toEqual([NaN, -Infinity]);
  });
});

describe('reductions of [[1, 2, 3], [4, 5, 6]]', () => {
  it('sum over each axis and over everything', () => {
    expectClose(sum(M23(), 0).toArray(), [5, 7, 9], EXACT, 'axis 0');
    expectClose(sum(M23(), 1).toArray(), [6, 15], EXACT, 'axis 1');
    expect(sum(M23(), -1, { keepDims: true }).shape).toEqual([2, 1]);
    expect(sum(M23()).shape).toEqual([]);
    expect(sum(M23()).item()).toBe(21);
    expect(sum(M23(), undefined, { keepDims: true }).shape).toEqual([1, 1]);
  });

  it('mean over each axis and over everything', () => {
    expectClose(mean(M23(), 0).toArray(), [2.5, 3.5, 4.5], EXACT, 'axis 0');
    expectClose(mean(M23(), -1).toArray(), [2, 5], EXACT, 'axis −1');
    expect(mean(M23()).item()).toBe(3.5);
  });
});

describe('layout', () => {
  it('reshape keeps the order, −1 is inferred', () => {
    const y = reshape(M23(), [3, -1]);
    expect(y.shape).toEqual([3, 2]);
    expectClose(y.toArray(), [1, 2, 3, 4, 5, 6], EXACT, 'reshape');
  });

  it('transpose', () => {
    expectClose(transpose(M23()).toArray(), [1, 4, 2, 5, 3, 6], EXACT, 'transpose');
  });

  it('slice along each axis', () => {
    expectClose(slice(M23(), 1, 1, 3).toArray(), [2, 3, 5, 6], EXACT, 'columns 1..2');
    expectClose(slice(M23(), 0, 1, 2).toArray(), [4, 5, 6], EXACT, 'row 1');
    expect(slice(M23(), -1, 2, 2).shape).toEqual([2, 0]);
  });

  it('concat and stack along each axis', () => {
    const x = Tensor.fromArray([1, 2], [1, 2]), y = Tensor.fromArray([3, 4], [1, 2]);
    expectClose(concat([x, y], 0).toArray(), [1, 2, 3, 4], EXACT, 'concat 0');
    expectClose(concat([x, y], 1).toArray(), [1, 2, 3, 4], EXACT, 'concat 1');
    expect(concat([A(), B()], 1).shape).toEqual([2, 4]);
    expectClose(concat([A(), B()], 1).toArray(), [1, 2, 5, 6, 3, 4, 7, 8], EXACT, 'concat columns');
    const s = stack([A(), B()], 2);
    expect(s.shape).toEqual([2, 2, 2]);
    expectClose(s.toArray(), [1, 5, 2, 6, 3, 7, 4, 8], EXACT, 'stack last');
    expect(stack([A(), B()], -1).shape).toEqual([2, 2, 2]);
    expectClose(stack([A(), B()]).toArray(), [1, 2, 3, 4, 5, 6, 7, 8], EXACT, 'stack first');
  });

  it('gatherRows picks rows, repeats allowed; oneHot', () => {
    expectClose(gatherRows(M23(), [1, 0, 1]).toArray(), [4, 5, 6, 1, 2, 3, 4, 5, 6], EXACT, 'gather');
    expectClose(oneHot([2, 0], 3).toArray(), [0, 0, 1, 1, 0, 0], EXACT, 'oneHot');
  });
});

describe('softmax family', () => {
  const row = [1, 2, 3];
  const lse = Math.log(Math.E + Math.E ** 2 + Math.E ** 3);

  it('softmax and logSoftmax of a row, and along axis 0', () => {
    expectClose(softmax(Tensor.fromArray(row, [1, 3])).toArray(), row.map((v) => Math.exp(v - lse)), F32_TOL, 'softmax');
    expectClose(logSoftmax(Tensor.fromArray(row, [1, 3])).toArray(), row.map((v) => v - lse), F32_TOL, 'logSoftmax');
    // Along axis 0 of a [3, 1] column: the same numbers.
    expectClose(softmax(Tensor.fromArray(row, [3, 1]), 0).toArray(), row.map((v) => Math.exp(v - lse)), F32_TOL, 'axis 0');
  });

  it('is shift-invariant: large logits do not overflow', () => {
    expectClose(softmax(Tensor.fromArray([1000, 1001, 1002])).toArray(), row.map((v) => Math.exp(v - lse)), F32_TOL, 'shifted');
  });

  it('crossEntropy mean, sum and an ignored row', () => {
    const logits = (): Tensor => Tensor.fromArray([0, 0, 0, 1, 2, 3, 5, 5, 5], [3, 3]);
    const l0 = Math.log(3), l1 = lse - 3;
    expectClose(crossEntropy(logits(), [0, 2, -100]).item(), (l0 + l1) / 2, F32_TOL, 'mean');
    expectClose(crossEntropy(logits(), [0, 2, 1], { reduction: 'sum' }).item(), l0 + l1 + Math.log(3), F32_TOL, 'sum');
    expectClose(crossEntropy(logits(), [0, 7, 2], { ignoreIndex: 7 }).item(), (l0 + Math.log(3)) / 2, F32_TOL, 'ignoreIndex 7');
    expect(crossEntropy(logits(), [-100, -100, -100]).item()).toBeNaN();
  });
});
