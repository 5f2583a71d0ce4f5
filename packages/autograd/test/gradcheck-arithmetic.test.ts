// gradcheck of add/sub/mul/div in all three broadcast modes, and scale, over random shapes.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { add, div, mul, Random, scale, sub, type Tensor } from '../src/index.js';
import { awayFromZero, check, dim, expectGradcheck, rand, seed, shapeArb } from './helpers.js';

type Binary = (a: Tensor, b: Tensor) => Tensor;
const OPS: [string, Binary][] = [['add', add], ['sub', sub], ['mul', mul], ['div', div]];

/** The second operand's shape for each broadcast mode, given the first's. */
const MODES: [string, (shape: number[]) => number[]][] = [
  ['same shape', (s) => s],
  ['a row [C]', (s) => [s[s.length - 1]!]],
  ['a row [1, C]', (s) => [1, s[s.length - 1]!]],
  ['a one-element [1]', () => [1]],
  ['a one-element []', () => []],
];

describe.each(OPS)('%s', (name, fn) => {
  it.each(MODES)('gradchecks with b = %s', (mode, bShape) => {
    check(fc.tuple(shapeArb(1, 3), seed()), ([shape, s]) => {
      expectGradcheck(() => {
        const rng = new Random(s);
        const a = rand(shape, rng);
        // The divisor stays away from 0, where 1/b and its derivative blow up.
        const b = name === 'div' ? awayFromZero(bShape(shape), rng) : rand(bShape(shape), rng);
        return [a, b];
      }, fn, `${name} ${mode} [${shape}]`);
    });
  });

  it('gradchecks a row broadcast over a matrix [R, C] of any size', () => {
    check(fc.tuple(dim(), dim(), seed()), ([r, c, s]) => {
      expectGradcheck(() => {
        const rng = new Random(s);
        return [rand([r, c], rng), awayFromZero([c], rng)];
      }, fn, `${name} [${r}, ${c}] with [${c}]`);
    });
  });
});

describe('scale', () => {
  it('gradchecks s · x for any s', () => {
    check(fc.tuple(shapeArb(0, 3), seed(), fc.double({ min: -3, max: 3, noNaN: true })), ([shape, s, factor]) => {
      expectGradcheck(() => [rand(shape, new Random(s))], (x) => scale(x, factor), `scale ${factor} [${shape}]`);
    });
  });
});
