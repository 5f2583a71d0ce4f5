// Bad shapes and indices: a RangeError that names the op and prints the shapes involved.
import { expect, it } from 'vitest';
import {
  add, concat, crossEntropy, div, dropout, gatherRows, gruCell, lstmCell, matmul, mean, mul, oneHot, Random,
  reshape, slice, softmax, stack, sub, sum, Tensor, transpose,
} from '../src/index.js';

const z = (...shape: number[]): Tensor => Tensor.zeros(shape);

/** [what, the call, what its message must say]. */
const CASES: [string, () => unknown, RegExp][] = [
  ['add [2, 3] + [4]', () => add(z(2, 3), z(4)), /add.*\[2, 3\].*\[4\]/],
  ['sub [2, 3] − [3, 2]', () => sub(z(2, 3), z(3, 2)), /sub.*\[2, 3\].*\[3, 2\]/],
  ['mul [2, 3] ⊙ [2, 3, 1]', () => mul(z(2, 3), z(2, 3, 1)), /mul.*\[2, 3\].*\[2, 3, 1\]/],
  ['div [3] / [2]', () => div(z(3), z(2)), /div.*\[3\].*\[2\]/],
  ['add of a scalar and a vector (only the second operand broadcasts)', () => add(z(), z(3)), /add.*\[\].*\[3\]/],
  ['matmul [2, 3] · [4, 5]', () => matmul(z(2, 3), z(4, 5)), /matmul.*\[2, 3\].*\[4, 5\]/],
  ['matmul [2, 3] · [5, 4]ᵀ', () => matmul(z(2, 3), z(5, 4), { transB: true }), /matmul.*\[2, 3\].*\[5, 4\]/],
  ['matmul [2, 3]ᵀ · [2, 3]ᵀ', () => matmul(z(2, 3), z(2, 3), { transA: true, transB: true }), /matmul.*\[2, 3\].*\[2, 3\]/],
  ['matmul of a vector', () => matmul(z(3), z(3, 2)), /matmul.*\[3\].*\[3, 2\]/],
  ['transpose of rank 3', () => transpose(z(2, 3, 4)), /transpose.*\[2, 3, 4\]/],
  ['reshape [2, 3] to [4]', () => reshape(z(2, 3), [4]), /reshape.*\[2, 3\].*\[4\]/],
  ['reshape [2, 3] to [4, −1]', () => reshape(z(2, 3), [4, -1]), /reshape.*\[2, 3\].*\[4, -1\]/],
  ['reshape [2, 3] to [−1, −1]', () => reshape(z(2, 3), [-1, -1]), /reshape.*\[2, 3\].*\[-1, -1\]/],
  ['concat [2, 3] and [2, 4] along 0', () => concat([z(2, 3), z(2, 4)], 0), /concat.*\[2, 3\].*\[2, 4\]/],
  ['concat of different ranks', () => concat([z(2, 3), z(2, 3, 1)], 1), /concat.*\[2, 3\].*\[2, 3, 1\]/],
  ['stack [2, 3] and [3, 2]', () => stack([z(2, 3), z(3, 2)]), /stack.*\[2, 3\].*\[3, 2\]/],
  ['lstmCell gates [2, 7], cPrev [2, 2]', () => lstmCell(z(2, 7), z(2, 2)), /lstmCell.*\[2, 7\].*\[2, 2\]/],
  ['lstmCell batch mismatch', () => lstmCell(z(3, 8), z(2, 2)), /lstmCell.*\[3, 8\].*\[2, 2\]/],
  ['gruCell gi [2, 5], hPrev [2, 2]', () => gruCell(z(2, 5), z(2, 6), z(2, 2)), /gruCell.*\[2, 5\].*\[2, 2\]/],
  ['gruCell gh [2, 9] (the bad shape must be printed)', () => gruCell(z(2, 6), z(2, 9), z(2, 2)), /gruCell.*\[2, 9\]/],
  ['crossEntropy of rank-3 logits', () => crossEntropy(z(2, 3, 1), [0, 0]), /crossEntropy.*\[2, 3, 1\]/],
  ['crossEntropy with 3 targets for 2 rows', () => crossEntropy(z(2, 3), [0, 1, 2]), /crossEntropy.*3 targets.*\[2, 3\]/],
  ['crossEntropy target = C', () => crossEntropy(z(2, 3), [0, 3]), /crossEntropy.*target 1 is 3.*\[0, 3\)/],
  ['crossEntropy target −1', () => crossEntropy(z(2, 3), [-1, 0]), /crossEntropy.*target 0 is -1/],
  ['crossEntropy fractional target', () => crossEntropy(z(2, 3), [0, 1.5]), /crossEntropy.*target 1 is 1\.5/],
  // The kernel takes ignoreIndex as an int32: 0.5 would become 0 there while the check here skips only 0.5.
  ['crossEntropy with a fractional ignoreIndex', () => crossEntropy(z(2, 2), [0, 0.5], { ignoreIndex: 0.5 }), /crossEntropy.*ignoreIndex/],
  ['gatherRows index = rows', () => gatherRows(z(3, 2), [0, 3]), /gatherRows.*index 1 is 3.*\[0, 3\)/],
  ['gatherRows negative index', () => gatherRows(z(3, 2), [-1]), /gatherRows.*index 0 is -1/],
  ['gatherRows from a vector', () => gatherRows(z(3), [0]), /gatherRows.*\[3\]/],
  ['oneHot index = classes', () => oneHot([0, 4], 4), /oneHot.*index 1 is 4/],
  ['slice end past the axis', () => slice(z(2, 3), 1, 1, 4), /slice.*\[1, 4\).*\[2, 3\]/],
  ['slice start after end', () => slice(z(2, 3), 0, 2, 1), /slice.*\[2, 1\).*\[2, 3\]/],
  ['slice negative start', () => slice(z(2, 3), 0, -1, 1), /slice.*\[-1, 1\).*\[2, 3\]/],
  ['slice axis out of range', () => slice(z(2, 3), 2, 0, 1), /slice.*axis 2.*rank 2/],
  ['softmax axis out of range', () => softmax(z(2, 3), -3), /softmax.*axis -3.*rank 2/],
  ['sum axis out of range', () => sum(z(2, 3), 2), /sum.*axis 2/],
  ['mean axis out of range', () => mean(z(2, 3), 5), /mean.*axis 5/],
  ['Tensor.fromArray 5 values for [2, 3]', () => Tensor.fromArray([1, 2, 3, 4, 5], [2, 3]), /Tensor\.fromArray.*5 values.*\[2, 3\]/],
  ['Tensor.zeros with a negative dimension', () => Tensor.zeros([2, -1]), /Tensor\.zeros.*-1/],
  ['Tensor.set with the wrong count', () => z(2, 2).set([1, 2, 3]), /Tensor\.set.*3 values.*\[2, 2\]/],
  ['item of a [2] tensor', () => z(2).item(), /item.*\[2\]/],
  ['dropout with p = 1', () => dropout(z(2), 1, new Random(1)), /dropout.*p must lie in \[0, 1\)/],
];

it.each(CASES)('%s is a RangeError naming the op and the shapes', (_what, call, message) => {
  expect(call).toThrow(RangeError);
  expect(call).toThrow(message);
});
