// SGD on a one-element parameter, three steps computed by hand: plain, momentum, dampening, Nesterov, weight decay.
import { expect, it } from 'vitest';
import { SGD, Tensor, type SGDOptions } from '../src/index.js';
import { expectClose } from '@recurrent/test-utils';
import { F32_TOL, stepWith } from './helpers.js';

/** p starts at 1, lr 0.1, gradients 0.5, −0.25, 1 (the step does not recompute them). */
const GRADS = [[[0.5]], [[-0.25]], [[1]]];

/**
 * Expected p after steps 1..3, by hand (buf = momentum buffer, d = the step direction):
 *   momentum 0.9: buf = 0.5 (first step: buf = g), 0.45 − 0.25 = 0.2, 0.18 + 1 = 1.18
 *   dampening 0.5: buf = 0.5 (no dampening on the first step), 0.45 − 0.125 = 0.325, 0.2925 + 0.5 = 0.7925
 *   Nesterov: buf as momentum, d = g + 0.9 buf = 0.95, −0.07, 2.062
 *   weight decay 0.1: d = g + 0.1 p = 0.6, −0.156, 1.09556
 *   momentum + decay: buf = 0.6, 0.54 − 0.156 = 0.384, 0.3456 + 1.09016 = 1.43576
 */
const CASES: [string, Omit<SGDOptions, 'lr'>, number[]][] = [
  ['plain', {}, [0.95, 0.975, 0.875]],
  ['momentum 0.9', { momentum: 0.9 }, [0.95, 0.93, 0.812]],
  ['momentum 0.9, dampening 0.5', { momentum: 0.9, dampening: 0.5 }, [0.95, 0.9175, 0.83825]],
  ['Nesterov 0.9', { momentum: 0.9, nesterov: true }, [0.905, 0.912, 0.7058]],
  ['weight decay 0.1', { weightDecay: 0.1 }, [0.94, 0.9556, 0.846044]],
  ['momentum 0.9, weight decay 0.1', { momentum: 0.9, weightDecay: 0.1 }, [0.94, 0.9016, 0.758024]],
];

it.each(CASES)('SGD %s', (name, options, expected) => {
  const p = Tensor.fromArray([1], [1], { requiresGrad: true });
  const after = stepWith(new SGD([p], { lr: 0.1, ...options }), GRADS);
  expectClose(after.map((ps) => ps[0]![0]!), expected, F32_TOL, name);
});

it('SGD refuses Nesterov without momentum or with dampening, and bad rates', () => {
  const p = Tensor.fromArray([1], [1], { requiresGrad: true });
  expect(() => new SGD([p], { lr: 0.1, nesterov: true })).toThrow(/Nesterov/);
  expect(() => new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(/Nesterov/);
  expect(() => new SGD([p], { lr: -1 })).toThrow(RangeError);
  expect(() => new SGD([p], { lr: NaN })).toThrow(RangeError);
  expect(() => new SGD([p, p], { lr: 0.1 })).toThrow(/twice/);
  expect(() => new SGD([Tensor.zeros([1])], { lr: 0.1 })).toThrow(/does not require grad/);
});
