// gradcheck of reshape (incl. −1), transpose, slice, concat and stack along each axis.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { concat, Random, reshape, sizeOf, slice, stack, tanh, transpose } from '../src/index.js';
import { check, dim, expectGradcheck, rand, seed, shapeArb } from './helpers.js';

it('reshape gradchecks to [n], [−1], [d, −1] and [−1, d] for any divisor d', () => {
  const arb = shapeArb(1, 3).chain((shape) => {
    const n = sizeOf(shape);
    const divisors = Array.from({ length: n }, (_v, i) => i + 1).filter((d) => n % d === 0);
    const target = fc.constantFrom(...divisors).chain((d) => fc.constantFrom([n], [-1], [d, -1], [-1, d], [d, n / d, 1]));
    return fc.tuple(fc.constant(shape), target, seed());
  });
  check(arb, ([shape, target, s]) => {
    // tanh after the reshape: the gradient must come back through the shared memory.
    expectGradcheck(() => [rand(shape, new Random(s))], (x) => tanh(reshape(x, target)), `[${shape}] → [${target}]`);
    const resolved = reshape(rand(shape, new Random(s)), target).shape;
    expect(sizeOf(resolved)).toBe(sizeOf(shape));
    target.forEach((d, i) => {
      if (d !== -1) expect(resolved[i]).toBe(d);
    });
  });
});

it('transpose gradchecks', () => {
  check(fc.tuple(dim(6), dim(6), seed()), ([r, c, s]) => {
    expectGradcheck(() => [rand([r, c], new Random(s))], transpose, `[${r}, ${c}]`);
  });
});

it('slice gradchecks along every axis', () => {
  const arb = shapeArb(1, 3).chain((shape) => fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) =>
    fc.tuple(fc.constant(shape), fc.constant(axis), fc.integer({ min: 0, max: shape[axis]! - 1 }), seed())
      .chain(([sh, ax, start, s]) => fc.tuple(fc.constant(sh), fc.constant(ax), fc.constant(start),
        fc.integer({ min: start + 1, max: sh[ax]! }), fc.boolean(), fc.constant(s)))));
  check(arb, ([shape, axis, start, end, negative, s]) => {
    const ax = negative ? axis - shape.length : axis;
    expectGradcheck(() => [rand(shape, new Random(s))], (x) => slice(x, ax, start, end), `[${shape}] axis ${ax} [${start}, ${end})`);
  });
});

/** A base shape, an axis of it, and per-tensor sizes along that axis (2 or 3 tensors). */
const joinable = shapeArb(1, 3).chain((shape) => fc.tuple(
  fc.constant(shape),
  fc.integer({ min: 0, max: shape.length - 1 }),
  fc.array(dim(3), { minLength: 2, maxLength: 3 }),
  seed(),
));

it('concat gradchecks along every axis, tensors of different widths', () => {
  check(joinable, ([shape, axis, widths, s]) => {
    expectGradcheck(() => {
      const rng = new Random(s);
      return widths.map((w) => rand(shape.map((d, i) => (i === axis ? w : d)), rng));
    }, (...ts) => concat(ts, axis), `[${shape}] axis ${axis} widths ${widths}`);
  });
});

it('concat gradchecks one tensor joined to itself', () => {
  check(fc.tuple(shapeArb(1, 2), seed()), ([shape, s]) => {
    expectGradcheck(() => [rand(shape, new Random(s))], (x) => concat([x, x], -1), `[${shape}]`);
  });
});

it('stack gradchecks along every new axis', () => {
  const arb = shapeArb(1, 2).chain((shape) => fc.tuple(
    fc.constant(shape), fc.integer({ min: 0, max: shape.length }), fc.integer({ min: 2, max: 3 }), seed()));
  check(arb, ([shape, axis, count, s]) => {
    expectGradcheck(() => {
      const rng = new Random(s);
      return Array.from({ length: count }, () => rand(shape, rng));
    }, (...ts) => stack(ts, axis), `[${shape}] × ${count} axis ${axis}`);
  });
});
