// gradcheck of the elementwise functions tanh, sigmoid, relu, exp and log over random shapes.
import fc from 'fast-check';
import { it } from 'vitest';
import { exp, log, Random, relu, sigmoid, tanh, type Tensor } from '../src/index.js';
import { awayFromZero, check, expectGradcheck, rand, seed, shapeArb } from './helpers.js';

/** [name, op, how to draw its inputs]: each in a range where it is smooth and well scaled. */
const CASES: [string, (x: Tensor) => Tensor, (shape: number[], rng: Random) => Tensor][] = [
  ['tanh', tanh, (shape, rng) => rand(shape, rng, -3, 3)],
  ['sigmoid', sigmoid, (shape, rng) => rand(shape, rng, -4, 4)],
  // relu's kink at 0 breaks finite differences: keep every input at least 5e-2 from it.
  ['relu', relu, (shape, rng) => awayFromZero(shape, rng, 5e-2, 2)],
  ['exp', exp, (shape, rng) => rand(shape, rng, -2, 2)],
  ['log', log, (shape, rng) => rand(shape, rng, 0.2, 3)],
];

it.each(CASES)('%s gradchecks', (name, fn, draw) => {
  check(fc.tuple(shapeArb(0, 3), seed()), ([shape, s]) => {
    expectGradcheck(() => [draw(shape, new Random(s))], fn, `${name} [${shape}]`);
  });
});
