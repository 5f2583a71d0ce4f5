// gradcheck of softmax and logSoftmax along each axis, and of crossEntropy (mean, sum, ignored rows).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { crossEntropy, logSoftmax, Random, softmax } from '../src/index.js';
import { check, dim, expectGradcheck, rand, seed, shapeArb } from './helpers.js';

it.each([['softmax', softmax], ['logSoftmax', logSoftmax]] as const)('%s gradchecks along every axis', (name, fn) => {
  const arb = shapeArb(1, 3).chain((shape) => fc.tuple(
    fc.constant(shape), fc.integer({ min: -shape.length, max: shape.length - 1 }), seed()));
  check(arb, ([shape, axis, s]) => {
    expectGradcheck(() => [rand(shape, new Random(s), -2, 2)], (x) => fn(x, axis), `${name} [${shape}] axis ${axis}`);
  });
});

/** Logits [N, C], targets, a reduction, and optionally one row set to the ignore index. */
const ceCase = fc.tuple(dim(6), dim(6), seed(), fc.constantFrom<'mean' | 'sum'>('mean', 'sum'), fc.boolean(), fc.boolean());

it('crossEntropy gradchecks with mean and sum, with and without an ignored row', () => {
  check(ceCase, ([rows, cols, s, reduction, ignoreOne, customIndex]) => {
    const rng = new Random(s);
    const targets = Array.from({ length: rows }, () => rng.int(cols));
    const ignoreIndex = customIndex ? -1 : -100;
    // Keep at least one row counted: a mean over no rows is NaN.
    if (ignoreOne && rows > 1) targets[rng.int(rows)] = ignoreIndex;
    const options = { reduction, ignoreIndex };
    expectGradcheck(() => [rand([rows, cols], new Random(s), -2, 2)], (x) => crossEntropy(x, targets, options),
      `[${rows}, ${cols}] ${reduction} targets ${targets}`);
  });
});

it('crossEntropy sends no gradient to an ignored row', () => {
  check(fc.tuple(dim(5), dim(6), seed()), ([rows, cols, s]) => {
    const rng = new Random(s);
    const logits = rand([rows + 1, cols], rng);
    const targets = [...Array.from({ length: rows }, () => rng.int(cols)), -100];
    crossEntropy(logits, targets).backward();
    expect(Array.from(logits.grad!.subarray(rows * cols))).toEqual(new Array(cols).fill(0));
  });
});
