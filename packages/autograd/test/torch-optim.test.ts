// The `optim` section of every PyTorch fixture: clipGradNorm, Adam and Adagrad fed the stored gradients.
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, clipGradNorm, type Optimizer, type Tensor } from '../src/index.js';
import { EXACT, expectClose, type Tol, loadTorchFixtures } from '@recurrent/test-utils';
import { fromFixture, setGrad, type FixtureTensor, type TorchFixture } from './helpers.js';

/** The README's tolerance for optimizers and clipping fed the stored gradients. */
const OPTIM_TOL: Tol = { abs: 1e-6, rel: 1e-5 };
const ADAM = { lr: 2e-3, betas: [0.9, 0.999] as const, eps: 1e-8 };
const ADAGRAD = { lr: 0.1, eps: 1e-10 };

const fixtures = loadTorchFixtures<TorchFixture>();

it('a missing fixture folder fails loudly', () => {
  const saved = process.env.RECURRENT_TORCH_FIXTURES;
  process.env.RECURRENT_TORCH_FIXTURES = '/nonexistent/recurrent-fixtures';
  try {
    expect(() => loadTorchFixtures()).toThrow(/not found at \/nonexistent/);
  } finally {
    if (saved === undefined) delete process.env.RECURRENT_TORCH_FIXTURES;
    else process.env.RECURRENT_TORCH_FIXTURES = saved;
  }
});

it('the fixture set holds cases with clipping both active and inactive', () => {
  const states = new Set(fixtures.map((f) => f.optim.clip.clipping_active));
  expect([...states].sort()).toEqual([false, true]);
});

/** Steps an optimizer on a fresh copy of `linear.weight`, setting the gradient before each step. */
function run(start: FixtureTensor, make: (p: Tensor) => Optimizer, grads: FixtureTensor[]): Float32Array[] {
  const p = fromFixture(start, true);
  const opt = make(p);
  return grads.map((g) => {
    setGrad(p, g.data);
    opt.step();
    return p.toArray();
  });
}

describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fx) => {
  const { clip, adam, adagrad, varying_grads: varying } = fx.optim;
  const weight = fx.parameters['linear.weight']!;

  it(`clipGradNorm gives the total norm and the clipped gradients (clipping ${clip.clipping_active ? 'active' : 'inactive'})`, () => {
    const params = clip.param_order.map((name) => {
      const p = fromFixture(fx.parameters[name]!, true);
      setGrad(p, fx.grads[name]!.data);
      return p;
    });
    const total = clipGradNorm(params, clip.max_norm);
    expectClose(total, clip.total_norm, OPTIM_TOL, 'total_norm');
    params.forEach((p, i) => {
      const name = clip.param_order[i]!;
      expectClose(p.grad!, clip.clipped_grads[name]!.data, OPTIM_TOL, `clipped ${name}`);
      // Inactive: the gradient is left exactly as it was; active: it was scaled down.
      const before = Float32Array.from(fx.grads[name]!.data);
      if (clip.clipping_active) expect(p.grad!.some((g, j) => g !== before[j])).toBe(true);
      else expectClose(p.grad!, before, EXACT, `unclipped ${name}`);
    });
  });

  it('Adam takes 3 steps on linear.weight with the stored clipped gradient', () => {
    expect(adam.target).toBe('linear.weight');
    expect(adam.hyperparameters).toMatchObject({ lr: ADAM.lr, betas: [...ADAM.betas], eps: ADAM.eps });
    const grad = clip.clipped_grads['linear.weight']!;
    const after = run(weight, (p) => new Adam([p], ADAM), [grad, grad, grad]);
    after.forEach((p, t) => expectClose(p, adam.param_after_step[t]!.data, OPTIM_TOL, `step ${t + 1}`));
  });

  it('Adagrad takes 3 steps on linear.weight with the stored clipped gradient', () => {
    expect(adagrad.hyperparameters).toMatchObject(ADAGRAD);
    const grad = clip.clipped_grads['linear.weight']!;
    const after = run(weight, (p) => new Adagrad([p], ADAGRAD), [grad, grad, grad]);
    after.forEach((p, t) => expectClose(p, adagrad.param_after_step[t]!.data, OPTIM_TOL, `step ${t + 1}`));
  });

  it('Adam and Adagrad with three different gradients (varying_grads)', () => {
    expect(varying.target).toBe('linear.weight');
    const grads = varying.grads.slice(0, 3);
    expect(grads).toHaveLength(3);
    expectClose(run(weight, (p) => new Adam([p], ADAM), grads)[2]!, varying.adam_param_after_step3.data, OPTIM_TOL, 'Adam');
    expectClose(run(weight, (p) => new Adagrad([p], ADAGRAD), grads)[2]!, varying.adagrad_param_after_step3.data, OPTIM_TOL, 'Adagrad');
  });
});
