// Learning-rate schedules at chosen epochs, and LRScheduler driving optimizer.lr.
import { expect, it } from 'vitest';
import { cosineAnnealing, exponentialDecay, linearWarmup, LRScheduler, SGD, stepDecay, Tensor } from '../src/index.js';
import { expectClose } from '@recurrent/test-utils';
import { F32_TOL, setGrad } from './helpers.js';

/** Schedules are float64 formulas: only rounding of a cos or a power separates them from these. */
const SCHEDULE_TOL = { abs: 1e-12, rel: 1e-12 };

it.each([
  ['stepDecay(3, 0.5)', stepDecay(3, 0.5), [0, 2, 3, 5, 6, 9], [1, 1, 0.5, 0.5, 0.25, 0.125]],
  ['stepDecay(2) (gamma 0.1)', stepDecay(2), [0, 1, 2, 4], [1, 1, 0.1, 0.01]],
  ['exponentialDecay(0.9)', exponentialDecay(0.9), [0, 1, 3], [1, 0.9, 0.729]],
  ['cosineAnnealing(10, 0.1), held after the period', cosineAnnealing(10, 0.1), [0, 5, 10, 15],
    [1, 0.55, 0.1, 0.1]],
  ['cosineAnnealing(4)', cosineAnnealing(4), [1, 2, 3], [(1 + Math.SQRT1_2) / 2, 0.5, (1 - Math.SQRT1_2) / 2]],
  ['linearWarmup(4) then ×1', linearWarmup(4), [0, 1, 3, 4, 100], [0.2, 0.4, 0.8, 1, 1]],
  ['linearWarmup(4, stepDecay(2, 0.5))', linearWarmup(4, stepDecay(2, 0.5)), [3, 4, 5, 6, 8], [0.8, 1, 1, 0.5, 0.25]],
  ['linearWarmup(0, exponentialDecay(0.5))', linearWarmup(0, exponentialDecay(0.5)), [0, 2], [1, 0.25]],
] as const)('%s', (name, schedule, epochs, expected) => {
  expectClose(epochs.map(schedule), expected, SCHEDULE_TOL, name);
});

it('schedules reject bad arguments', () => {
  expect(() => stepDecay(0)).toThrow(RangeError);
  expect(() => stepDecay(1.5)).toThrow(RangeError);
  expect(() => cosineAnnealing(0)).toThrow(RangeError);
  expect(() => linearWarmup(-1)).toThrow(RangeError);
});

it('LRScheduler sets optimizer.lr from the base rate at every step, and the optimizer uses it', () => {
  const p = Tensor.fromArray([1], [1], { requiresGrad: true });
  const sgd = new SGD([p], { lr: 0.1 });
  const scheduler = new LRScheduler(sgd, linearWarmup(4));
  expect(scheduler.baseLr).toBe(0.1);
  const rates = [sgd.lr];
  for (let i = 0; i < 5; i++) {
    scheduler.step();
    rates.push(sgd.lr);
  }
  expectClose(rates, [0.02, 0.04, 0.06, 0.08, 0.1, 0.1], SCHEDULE_TOL, 'lr');
  expect(scheduler.epoch).toBe(5);
  // One step with gradient 1 at lr 0.1 moves p by 0.1.
  setGrad(p, [1]);
  sgd.step();
  expectClose(p.toArray(), [0.9], F32_TOL, 'p after a step at the scheduled rate');
});
