/** The four optimizer steps: closed forms on every backend, then several steps against the twin. */
import { describe, expect, it } from 'vitest';
import type { F32 } from '../src/index.js';
import { ALL_BACKENDS, Rng, SIZES, WASM_BACKENDS, expectClose, expectTwin, slice, useKernel, useTwin, type Tol } from './helpers.js';

/** Parameters of size ~1 updated in float32 versus float64 arithmetic: a few ulps. */
const OPT_TOL: Tol = { abs: 1e-6, rel: 1e-6 };
/** Closed forms evaluated in float64 against one float32 step. */
const HAND_TOL: Tol = { abs: 1e-6, rel: 1e-6 };
const STEPS = 4;

describe.each(ALL_BACKENDS)('optimizer closed forms (%s)', (backend) => {
  const k = useKernel(backend);

  it('SGD with momentum, dampening and Nesterov', () => {
    const cases = [
      // [momentum, dampening, nesterov, p after step 1, p after step 2] with p0 = 1, g = 0.5, lr = 0.1
      [0, 0, false, 0.95, 0.9],
      [0.9, 0, false, 0.95, 0.95 - 0.1 * (0.9 * 0.5 + 0.5)],
      [0.9, 0.5, false, 0.95, 0.95 - 0.1 * (0.9 * 0.5 + 0.25)],
      [0.9, 0, true, 1 - 0.1 * (0.5 + 0.45), 1 - 0.1 * (0.5 + 0.45) - 0.1 * (0.5 + 0.9 * 0.95)],
    ] as const;
    for (const [momentum, dampening, nesterov, after1, after2] of cases) {
      const p = k.fromArray([1]), g = k.fromArray([0.5]), v = k.alloc(1);
      k.sgdStep(1, p, g, v, { lr: 0.1, momentum, dampening, nesterov, firstStep: true });
      expectClose(k.toArray(p), [after1], HAND_TOL, `sgd ${momentum}/${dampening}/${nesterov} step 1`);
      k.sgdStep(1, p, g, v, { lr: 0.1, momentum, dampening, nesterov, firstStep: false });
      expectClose(k.toArray(p), [after2], HAND_TOL, `sgd ${momentum}/${dampening}/${nesterov} step 2`);
    }
    const p = k.fromArray([2]), g = k.fromArray([0.5]), v = k.alloc(1);
    k.sgdStep(1, p, g, v, { lr: 0.1, weightDecay: 0.25, firstStep: true });
    expectClose(k.toArray(p), [2 - 0.1 * (0.5 + 0.5)], HAND_TOL, 'sgd weight decay');
  });

  it('first steps of Adagrad, RMSProp and Adam from zero state', () => {
    const g = [0.5, -2, 1e-3];
    const p = (): F32 => k.fromArray([1, 1, 1]);
    const grad = k.fromArray(g);
    const ada = p();
    k.adagradStep(3, ada, grad, k.alloc(3), { lr: 0.1 });
    expectClose(k.toArray(ada), g.map((x) => 1 - 0.1 * Math.sign(x)), HAND_TOL, 'adagrad: lr·sign(g)');
    const rms = p();
    k.rmspropStep(3, rms, grad, k.alloc(3), k.alloc(3), { lr: 0.01, alpha: 0.9, eps: 1e-8 });
    expectClose(k.toArray(rms), g.map((x) => 1 - 0.01 * x / (Math.sqrt(0.1) * Math.abs(x) + 1e-8)), HAND_TOL, 'rmsprop');
    const adam = p();
    k.adamStep(3, adam, grad, k.alloc(3), k.alloc(3), { lr: 0.001, step: 1 });
    expectClose(k.toArray(adam), g.map((x) => 1 - 0.001 * x / (Math.abs(x) + 1e-8)), HAND_TOL, 'adam: lr·g/(|g| + eps)');
    const adamw = p();
    k.adamStep(3, adamw, grad, k.alloc(3), k.alloc(3), { lr: 0.001, weightDecay: 0.5, decoupled: true, step: 1 });
    expectClose(k.toArray(adamw), g.map((x) => 0.9995 - 0.001 * x / (Math.abs(x) + 1e-8)), HAND_TOL, 'adamw');
  });
});

describe.each(WASM_BACKENDS)(`optimizers vs reference twin, ${STEPS} steps (%s)`, (backend) => {
  const t = useTwin(backend);
  /** A parameter, STEPS gradients one after another, and zeroed state buffers. */
  const setup = <const S extends string>(n: number, seed: number, state: readonly S[]): Record<'param' | 'grads' | S, Float32Array> => {
    const rng = new Rng(seed);
    const arrays = { param: rng.floats(n), grads: rng.floats(STEPS * n, -2, 2) } as Record<'param' | 'grads' | S, Float32Array>;
    for (const name of state) arrays[name] = new Float32Array(n);
    return arrays;
  };

  it.each(SIZES)('sgd (plain, momentum, dampening, Nesterov, weight decay), n = %i', (n) => {
    const configs = [
      { lr: 0.1 },
      { lr: 0.05, momentum: 0.9 },
      { lr: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0.01 },
      { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.1 },
    ];
    for (const config of configs) {
      expectTwin(t, `sgd ${JSON.stringify(config)}`, setup(n, n, ['velocity']), (b, k) => {
        for (let s = 0; s < STEPS; s++) k.sgdStep(n, b.param, slice(b.grads, s * n, n), b.velocity, { ...config, firstStep: s === 0 });
      }, OPT_TOL);
    }
  });

  it.each(SIZES)('adagrad (with and without weight decay), n = %i', (n) => {
    for (const config of [{ lr: 0.1 }, { lr: 0.05, eps: 1e-6, weightDecay: 0.01 }]) {
      expectTwin(t, `adagrad ${JSON.stringify(config)}`, setup(n, n + 1, ['sum']), (b, k) => {
        for (let s = 0; s < STEPS; s++) k.adagradStep(n, b.param, slice(b.grads, s * n, n), b.sum, config);
      }, OPT_TOL);
    }
  });

  it.each(SIZES)('rmsprop (with and without momentum), n = %i', (n) => {
    for (const config of [{ lr: 0.01 }, { lr: 0.01, alpha: 0.9, momentum: 0.9, weightDecay: 0.01 }]) {
      expectTwin(t, `rmsprop ${JSON.stringify(config)}`, setup(n, n + 2, ['square', 'buffer']), (b, k) => {
        for (let s = 0; s < STEPS; s++) k.rmspropStep(n, b.param, slice(b.grads, s * n, n), b.square, b.buffer, config);
      }, OPT_TOL);
    }
  });

  it.each(SIZES)('adam (plain, L2, decoupled weight decay), n = %i', (n) => {
    const configs = [
      { lr: 0.002 },
      { lr: 0.01, beta1: 0.8, beta2: 0.99, weightDecay: 0.1 },
      { lr: 0.01, eps: 1e-6, weightDecay: 0.1, decoupled: true },
    ];
    for (const config of configs) {
      expectTwin(t, `adam ${JSON.stringify(config)}`, setup(n, n + 3, ['m', 'v']), (b, k) => {
        for (let s = 0; s < STEPS; s++) k.adamStep(n, b.param, slice(b.grads, s * n, n), b.m, b.v, { ...config, step: s + 1 });
      }, OPT_TOL);
    }
  });
});

describe.each(WASM_BACKENDS)('adam four lanes at a time (%s)', (backend) => {
  const k = useKernel(backend);

  it('gives every element the bits the one-lane tail gives it, through L2 and decoupled decay', () => {
    // n = 11: elements 0–7 take the f32x4 body, 8–10 the scalar tail; element by element with
    // n = 1 every one takes the tail.
    const n = 11, rng = new Rng(21);
    const draw = (scale: number) => Array.from({ length: n }, () => scale * rng.uniform(-1, 1));
    const start = { param: draw(1), m: draw(0.1), v: draw(0.01).map(Math.abs) };
    const grads = [draw(1), draw(3), draw(1e-4)];
    for (const config of [{ lr: 0.002 }, { lr: 0.01, weightDecay: 0.1 }, { lr: 0.01, eps: 1e-6, weightDecay: 0.1, decoupled: true }]) {
      const whole = { param: k.fromArray(start.param), m: k.fromArray(start.m), v: k.fromArray(start.v) };
      grads.forEach((g, s) => k.adamStep(n, whole.param, k.fromArray(g), whole.m, whole.v, { ...config, step: s + 1 }));
      for (let i = 0; i < n; i++) {
        const one = { param: k.fromArray([start.param[i]!]), m: k.fromArray([start.m[i]!]), v: k.fromArray([start.v[i]!]) };
        grads.forEach((g, s) => k.adamStep(1, one.param, k.fromArray([g[i]!]), one.m, one.v, { ...config, step: s + 1 }));
        for (const name of ['param', 'm', 'v'] as const) {
          expect(k.toArray(whole[name])[i], `${JSON.stringify(config)} ${name}[${i}]`).toBe(k.toArray(one[name])[0]);
        }
      }
    }
  });
});
