// RMSProp (with/without momentum), Adam vs AdamW decay, Adagrad rate decay: against PyTorch's formulas in float64.
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, AdamW, RMSProp, Tensor } from '../src/index.js';
import { expectClose } from '@recurrent/test-utils';
import { F32_TOL, stepWith } from './helpers.js';

/** Two parameters (values, then gradients for 3 steps): one element, and three. */
const START = [[1], [0.5, -2, 0.25]];
const GRADS = [[[0.5], [1, -0.5, 0.1]], [[-0.25], [0.3, 0.2, -2]], [[1], [-1, 0.7, 0.05]]];

const params = (): Tensor[] => START.map((v) => Tensor.fromArray(v, [v.length], { requiresGrad: true }));

/** Runs a float64 update per element over the same gradients: the oracle. */
function oracle(update: (p: number, g: number, state: number[], t: number) => number): number[][][] {
  const p = START.map((v) => [...v]);
  const state = START.map((v) => v.map(() => [0, 0]));
  return GRADS.map((step, t) => {
    step.forEach((gs, i) => gs.forEach((g, j) => (p[i]![j] = update(p[i]![j]!, g, state[i]![j]!, t + 1))));
    return p.map((v) => [...v]);
  });
}

function expectRun(actual: number[][][], expected: number[][][], label: string): void {
  actual.forEach((ps, t) => ps.forEach((v, i) => expectClose(v, expected[t]![i]!, F32_TOL, `${label} step ${t + 1} param ${i}`)));
}

describe('RMSProp', () => {
  const lr = 0.01, alpha = 0.9, eps = 1e-8;

  it('without momentum: s = αs + (1 − α)g², p −= lr·g / (√s + eps)', () => {
    const expected = oracle((p, g, s) => {
      s[0] = alpha * s[0]! + (1 - alpha) * g * g;
      return p - lr * g / (Math.sqrt(s[0]) + eps);
    });
    expectRun(stepWith(new RMSProp(params(), { lr, alpha, eps }), GRADS), expected, 'RMSProp');
  });

  it('with momentum 0.8 and weight decay 0.1: buf = 0.8 buf + g / (√s + eps), p −= lr·buf', () => {
    const expected = oracle((p, g0, s) => {
      const g = g0 + 0.1 * p;
      s[0] = alpha * s[0]! + (1 - alpha) * g * g;
      s[1] = 0.8 * s[1]! + g / (Math.sqrt(s[0]) + eps);
      return p - lr * s[1];
    });
    expectRun(stepWith(new RMSProp(params(), { lr, alpha, eps, momentum: 0.8, weightDecay: 0.1 }), GRADS), expected, 'RMSProp momentum');
  });
});

describe('Adam and AdamW', () => {
  const lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
  /** One Adam update of p with gradient g (state m, v at t). */
  const adam = (p: number, g: number, s: number[], t: number): number => {
    s[0] = b1 * s[0]! + (1 - b1) * g;
    s[1] = b2 * s[1]! + (1 - b2) * g * g;
    return p - (lr / (1 - b1 ** t)) * s[0] / (Math.sqrt(s[1]) / Math.sqrt(1 - b2 ** t) + eps);
  };

  it('Adam adds weight decay to the gradient (L2): g ← g + wd·p', () => {
    const expected = oracle((p, g, s, t) => adam(p, g + wd * p, s, t));
    expectRun(stepWith(new Adam(params(), { lr, weightDecay: wd }), GRADS), expected, 'Adam L2');
  });

  it('AdamW decays the parameter itself: p ← p·(1 − lr·wd), then Adam with g', () => {
    const expected = oracle((p, g, s, t) => adam(p * (1 - lr * wd), g, s, t));
    expectRun(stepWith(new AdamW(params(), { lr, weightDecay: wd }), GRADS), expected, 'AdamW');
  });

  it('the two differ, and AdamW decays by 0.01 by default', () => {
    const l2 = stepWith(new Adam(params(), { lr, weightDecay: wd }), GRADS).at(-1)!;
    const decoupled = stepWith(new AdamW(params(), { lr, weightDecay: wd }), GRADS).at(-1)!;
    expect(Math.abs(l2[1]![1]! - decoupled[1]![1]!)).toBeGreaterThan(1e-3);
    const expected = oracle((p, g, s, t) => adam(p * (1 - lr * 0.01), g, s, t));
    expectRun(stepWith(new AdamW(params(), { lr }), GRADS), expected, 'AdamW default');
  });

  it('rejects betas outside [0, 1)', () => {
    expect(() => new Adam(params(), { betas: [1, 0.999] })).toThrow(RangeError);
    expect(() => new Adam(params(), { betas: [0.9, NaN] })).toThrow(RangeError);
  });
});

describe('Adagrad', () => {
  it('rate lr / (1 + (t − 1)·lrDecay), accumulator from its initial value', () => {
    const lr = 0.1, lrDecay = 0.5, init = 0.2, eps = 1e-10;
    const expected = oracle((p, g, s, t) => {
      if (t === 1) s[0] = init;
      s[0] = s[0]! + g * g;
      return p - (lr / (1 + (t - 1) * lrDecay)) * g / (Math.sqrt(s[0]) + eps);
    });
    expectRun(stepWith(new Adagrad(params(), { lr, lrDecay, initialAccumulatorValue: init, eps }), GRADS), expected, 'Adagrad');
  });
});
