// stateDict → loadStateDict into a new optimizer continues exactly; bad states are rejected untouched.
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, AdamW, RMSProp, SGD, Tensor, type Optimizer, type OptimizerState } from '../src/index.js';
import { EXACT, expectClose } from '@recurrent/test-utils';
import { stepWith } from './helpers.js';

const SIZES = [3, 5];
/** A deterministic gradient for step t, parameter i, element j. */
const grads = (from: number, to: number): number[][][] => Array.from({ length: to - from }, (_v, s) =>
  SIZES.map((n, i) => Array.from({ length: n }, (_w, j) => Math.sin(1.3 * (from + s) + 2.1 * i + 0.7 * j))));
const params = (values?: Float32Array[]): Tensor[] =>
  SIZES.map((n, i) => Tensor.fromArray(values?.[i] ?? Array.from({ length: n }, (_v, j) => 0.1 * (j - i)), [n], { requiresGrad: true }));

const MAKERS: [string, (ps: Tensor[]) => Optimizer][] = [
  ['SGD momentum', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, dampening: 0.1 })],
  ['SGD Nesterov', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true })],
  ['Adam', (ps) => new Adam(ps, { lr: 0.01, weightDecay: 0.01 })],
  ['AdamW', (ps) => new AdamW(ps, { lr: 0.01 })],
  ['RMSProp', (ps) => new RMSProp(ps, { lr: 0.01, momentum: 0.5 })],
  ['Adagrad', (ps) => new Adagrad(ps, { lr: 0.1, lrDecay: 0.1 })],
];

describe.each(MAKERS)('%s', (_name, make) => {
  it('a new optimizer loaded from stateDict after 5 steps continues exactly like an uninterrupted run', () => {
    const straight = make(params());
    straight.lr *= 0.5; // a changed rate must travel with the state
    stepWith(straight, grads(0, 10));

    const first = make(params());
    first.lr *= 0.5;
    stepWith(first, grads(0, 5));
    const saved = JSON.parse(JSON.stringify(first.stateDict())) as OptimizerState;
    expect(saved.step).toBe(5);
    const resumed = make(params(first.params.map((p) => p.toArray())));
    resumed.loadStateDict(saved);
    expect(resumed.lr).toBe(straight.lr);
    stepWith(resumed, grads(5, 10));

    resumed.params.forEach((p, i) => expectClose(p.toArray(), straight.params[i]!.toArray(), EXACT, `param ${i}`));
    expect(resumed.stepCount).toBe(10);
  });

  it('rejects a state from another optimizer type, of wrong sizes, or holding NaN — and stays unchanged', () => {
    const opt = make(params());
    stepWith(opt, grads(0, 2));
    const good = opt.stateDict();
    const bufferName = Object.keys(good.buffers)[0]!;
    const withBuffer = (list: number[][]): OptimizerState => ({ ...good, buffers: { ...good.buffers, [bufferName]: list } });
    const first = good.buffers[bufferName]!;
    const bad: [string, OptimizerState, RegExp][] = [
      ['another type', { ...good, type: good.type === 'Adam' ? 'AdamW' : 'Adam' }, /state is from/],
      ['a buffer missing', { ...good, buffers: {} }, /missing/],
      ['one parameter too few', withBuffer(first.slice(0, 1)), /1 entries for 2 parameters/],
      ['a buffer too short', withBuffer([first[0]!.slice(1), first[1]!]), /2 values for a parameter of 3/],
      ['NaN in a buffer', withBuffer([[NaN, 0, 0], first[1]!]), /non-finite/],
      ['a NaN rate', { ...good, lr: NaN }, /lr/],
      ['a negative step', { ...good, step: -1 }, /step/],
      ['a fractional step', { ...good, step: 1.5 }, /step/],
    ];
    for (const [what, state, message] of bad) expect(() => opt.loadStateDict(state), what).toThrow(message);
    expect(opt.stateDict()).toEqual(good);
  });
});
