// Every op adds into its inputs' gradients (never overwrites): two backwards give exactly twice one.
import { expect, it } from 'vitest';
import {
  add, concat, crossEntropy, div, dropout, exp, gatherRows, gruCell, log, logSoftmax, lstmCell, matmul, mean, mul,
  Random, relu, reshape, scale, sigmoid, slice, softmax, stack, sub, sum, tanh, transpose, type Tensor,
} from '../src/index.js';
import { expectClose, type Tol } from '@recurrent/test-utils';
import { awayFromZero, rand } from './helpers.js';

/**
 * A broadcast operand's gradient adds each row into the running total, so g + (a₁ + a₂ + …)
 * and (g + a₁) + a₂ + … round apart by an ulp or two; an overwrite would be off by 100%.
 */
const ACCUMULATE_TOL: Tol = { abs: 1e-7, rel: 1e-6 };

/** [op, its inputs, the op]. Odd sizes (3, 5, 7) on purpose. */
const CASES: [string, (rng: Random) => Tensor[], (...xs: Tensor[]) => Tensor][] = [
  ['add same', (r) => [rand([3, 5], r), rand([3, 5], r)], add],
  ['add row', (r) => [rand([3, 5], r), rand([5], r)], add],
  ['add scalar', (r) => [rand([3, 5], r), rand([1], r)], add],
  ['sub row', (r) => [rand([3, 5], r), rand([1, 5], r)], sub],
  ['mul scalar', (r) => [rand([3, 5], r), rand([], r)], mul],
  ['div row', (r) => [rand([3, 5], r), awayFromZero([5], r)], div],
  ['scale', (r) => [rand([7], r)], (x) => scale(x, -1.5)],
  ['tanh', (r) => [rand([7], r)], tanh],
  ['sigmoid', (r) => [rand([7], r)], sigmoid],
  ['relu', (r) => [awayFromZero([7], r)], relu],
  ['exp', (r) => [rand([7], r)], exp],
  ['log', (r) => [rand([7], r, 0.5, 2)], log],
  ['matmul', (r) => [rand([3, 5], r), rand([5, 7], r)], (a, b) => matmul(a, b)],
  ['matmul transA', (r) => [rand([5, 3], r), rand([5, 7], r)], (a, b) => matmul(a, b, { transA: true })],
  ['matmul transB', (r) => [rand([3, 5], r), rand([7, 5], r)], (a, b) => matmul(a, b, { transB: true })],
  ['matmul both', (r) => [rand([5, 3], r), rand([7, 5], r)], (a, b) => matmul(a, b, { transA: true, transB: true })],
  ['sum axis 1', (r) => [rand([3, 5], r)], (x) => sum(x, 1)],
  ['mean', (r) => [rand([3, 5], r)], (x) => mean(x)],
  ['reshape', (r) => [rand([3, 5], r)], (x) => reshape(x, [5, -1])],
  ['transpose', (r) => [rand([3, 5], r)], transpose],
  ['slice', (r) => [rand([3, 5], r)], (x) => slice(x, 1, 1, 4)],
  ['concat', (r) => [rand([3, 5], r), rand([3, 2], r)], (a, b) => concat([a, b], 1)],
  ['stack', (r) => [rand([3, 5], r), rand([3, 5], r)], (a, b) => stack([a, b], 1)],
  ['gatherRows', (r) => [rand([3, 5], r)], (t) => gatherRows(t, [2, 0, 2])],
  ['softmax', (r) => [rand([3, 5], r)], (x) => softmax(x, 0)],
  ['logSoftmax', (r) => [rand([3, 5], r)], (x) => logSoftmax(x)],
  ['crossEntropy', (r) => [rand([3, 5], r)], (x) => crossEntropy(x, [4, 0, 2])],
  ['dropout', (r) => [rand([7], r)], (x) => dropout(x, 0.5, new Random(3))],
  ['lstmCell', (r) => [rand([3, 20], r), rand([3, 5], r)], lstmCell],
  ['gruCell', (r) => [rand([3, 15], r), rand([3, 15], r), rand([3, 5], r)], gruCell],
];

it.each(CASES)('%s accumulates into its inputs’ gradients', (_name, make, fn) => {
  const inputs = make(new Random(1));
  const once = (): void => {
    const out = fn(...inputs);
    const rng = new Random(2);
    out.backward(Array.from({ length: out.size }, () => rng.uniform(-1, 1)));
  };
  once();
  const first = inputs.map((t) => t.grad!);
  expect(first.some((g) => g.some((v) => v !== 0))).toBe(true);
  once();
  inputs.forEach((t, i) => expectClose(t.grad!, first[i]!.map((g) => 2 * g), ACCUMULATE_TOL, `input ${i}`));
});
