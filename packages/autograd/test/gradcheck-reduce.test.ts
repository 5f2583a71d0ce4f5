// gradcheck of sum and mean over each axis (positive and negative) and over everything, keepDims both ways.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { mean, Random, sum } from '../src/index.js';
import { check, expectGradcheck, rand, seed, shapeArb } from './helpers.js';

/** A shape, an axis (undefined = everything; negative counts from the end) and keepDims. */
const reduction = shapeArb(1, 3).chain((shape) => fc.tuple(
  fc.constant(shape),
  fc.option(fc.integer({ min: -shape.length, max: shape.length - 1 }), { nil: undefined }),
  fc.boolean(),
  seed(),
));

/** The output shape PyTorch gives. */
function reducedShape(shape: number[], axis: number | undefined, keepDims: boolean): number[] {
  if (axis === undefined) return keepDims ? shape.map(() => 1) : [];
  const a = axis < 0 ? axis + shape.length : axis;
  return keepDims ? shape.map((d, i) => (i === a ? 1 : d)) : shape.filter((_d, i) => i !== a);
}

it.each([['sum', sum], ['mean', mean]] as const)('%s gradchecks over any axis or everything, keepDims either way', (name, fn) => {
  check(reduction, ([shape, axis, keepDims, s]) => {
    const f = (x: Parameters<typeof fn>[0]) => fn(x, axis, { keepDims });
    expectGradcheck(() => [rand(shape, new Random(s))], f, `${name} [${shape}] axis ${axis} keepDims ${keepDims}`);
    expect(f(rand(shape, new Random(s))).shape).toEqual(reducedShape(shape, axis, keepDims));
  });
});
