// The same LSTM/MLP training step on the reference, wasm-simd and wasm-relaxed-simd kernels agrees.
import { afterAll, expect, it } from 'vitest';
import {
  Adam, add, crossEntropy, kernel, lstmCell, matmul, Random, reshape, slice, sum, tanh, useBackendSync, type Tensor,
} from '../src/index.js';
import { expectClose, type Tol } from '@recurrent/test-utils';
import { rand, withBackend, type BackendName } from './helpers.js';

/**
 * wasm vs reference: the SIMD tanh/sigmoid approximations differ by ~1e-6 relative and sgemm
 * sums in another order; the worst difference seen here is 3e-8 absolute (4e-5 relative).
 */
const BACKEND_TOL: Tol = { abs: 1e-6, rel: 1e-4 };
const WASM: BackendName[] = ['wasm-simd', 'wasm-relaxed-simd'];

afterAll(() => useBackendSync('auto'));

interface Result {
  backend: string;
  loss: number;
  grads: Float32Array[];
  after: Float32Array[];
}

/**
 * Two LSTM steps (B 3, I 5, H 6: no size a multiple of 4), a tanh MLP head and crossEntropy,
 * then one Adam step. Everything is made here, after the backend switch.
 */
function lstmStep(): Omit<Result, 'backend'> {
  const B = 3, I = 5, H = 6, V = 4;
  const rng = new Random(2024);
  const wIh = rand([4 * H, I], rng, -0.5, 0.5), wHh = rand([4 * H, H], rng, -0.5, 0.5), bias = rand([4 * H], rng);
  const wOut = rand([V, H], rng), bOut = rand([V], rng);
  const params = [wIh, wHh, bias, wOut, bOut];
  let h: Tensor = rand([B, H], rng, -1, 1, false), c: Tensor = rand([B, H], rng, -1, 1, false);
  const xs = [rand([B, I], rng, -1, 1, false), rand([B, I], rng, -1, 1, false)];
  const losses: Tensor[] = [];
  for (const x of xs) {
    const gates = add(add(matmul(x, wIh, { transB: true }), matmul(h, wHh, { transB: true })), bias);
    const state = lstmCell(gates, c);
    h = reshape(slice(state, 0, 0, 1), [B, H]);
    c = reshape(slice(state, 0, 1, 2), [B, H]);
    const logits = add(matmul(tanh(h), wOut, { transB: true }), bOut);
    losses.push(crossEntropy(logits, Array.from({ length: B }, () => rng.int(V))));
  }
  const loss = add(losses[0]!, losses[1]!);
  loss.backward();
  const grads = params.map((p) => p.grad!);
  new Adam(params, { lr: 0.01 }).step();
  return { loss: loss.item(), grads, after: params.map((p) => p.toArray()) };
}

/** A 7-9-3 tanh MLP on 5 points, loss summed, gradients only. */
function mlpStep(): Omit<Result, 'backend'> {
  const rng = new Random(77);
  const x = rand([5, 7], rng, -1, 1, false);
  const w1 = rand([7, 9], rng), w2 = rand([9, 3], rng);
  const loss = add(crossEntropy(matmul(tanh(matmul(x, w1)), w2), [0, 1, 2, 1, 0], { reduction: 'sum' }), sum(w1));
  loss.backward();
  return { loss: loss.item(), grads: [w1.grad!, w2.grad!], after: [] };
}

it.each([['an LSTM step with Adam', lstmStep], ['an MLP', mlpStep]] as const)('%s agrees across backends', (_name, step) => {
  const reference = withBackend('reference', () => {
    expect(kernel().backend).toBe('reference');
    return step();
  });
  for (const backend of WASM) {
    const got = withBackend(backend, () => {
      expect(kernel().backend).toBe(backend);
      return step();
    });
    expectClose(got.loss, reference.loss, BACKEND_TOL, `${backend} loss`);
    got.grads.forEach((g, i) => expectClose(g, reference.grads[i]!, BACKEND_TOL, `${backend} grad ${i}`));
    got.after.forEach((p, i) => expectClose(p, reference.after[i]!, BACKEND_TOL, `${backend} param ${i} after Adam`));
  }
  expect(reference.grads.every((g) => g.some((v) => v !== 0))).toBe(true);
});

it('withBackend restores the default backend afterwards', () => {
  withBackend('reference', () => null);
  expect(kernel().backend).not.toBe('reference');
});
