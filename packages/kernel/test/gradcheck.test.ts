/**
 * Finite differences, independent of the twin: the cell backward kernels against central
 * differences of a float64 cell forward, and softmaxCrossEntropy's dlogits against central
 * differences of the loss it returns. Run on every backend, the reference included.
 */
import { describe, it } from 'vitest';
import {
  ALL_BACKENDS, EXACT, Rng, centralDifferences, dot, expectClose, gruStep64, lstmStep64, sigmoid, useKernel, type Tol,
} from './helpers.js';

/** The float64 step is exact to ~1e-10; a float32 forward or backward is off by a few ulps of values ≤ 3. */
const F32_VS_F64_TOL: Tol = { abs: 1e-6, rel: 1e-5 };
/** Float64 central differences with this step are accurate to ~1e-10 (truncation h²·f‴). */
const STEP_F64 = 1e-5;
/**
 * Central differences of the float32 kernel's own loss: noise ≈ 1e-7 (loss rounding) / 2h = 5e-6,
 * truncation ≈ h²/6 · |f‴| ≈ 2e-6, and x ± h rounds to float32 (relative 1e-5).
 */
const STEP_LOSS = 1e-2;
const LOSS_FD_TOL: Tol = { abs: 3e-5, rel: 1e-3 };

describe.each(ALL_BACKENDS)('finite differences (%s)', (backend) => {
  const k = useKernel(backend);

  it('LSTM cell: forward matches float64, dGates and dcPrev match central differences', () => {
    const B = 2, H = 5, rng = new Rng(7);
    const pre = rng.floats(B * 4 * H, -2, 2), cPrev = rng.floats(B * H, -1.5, 1.5);
    const dh = rng.floats(B * H), dc = rng.floats(B * H);

    const gates = k.fromArray(pre), cP = k.fromArray(cPrev), c = k.alloc(B * H), h = k.alloc(B * H);
    k.lstmCellForward(B, H, gates, cP, c, h);
    const ref = lstmStep64(B, H, pre, cPrev);
    expectClose(k.toArray(c), ref.c, F32_VS_F64_TOL, 'c');
    expectClose(k.toArray(h), ref.h, F32_VS_F64_TOL, 'h');
    const act = pre.map((a, i) => (Math.floor(i / H) % 4 === 2 ? Math.tanh(a) : sigmoid(a)));
    expectClose(k.toArray(gates), act, F32_VS_F64_TOL, 'gates hold the activations (i, f, g, o)');

    const dGates = k.alloc(B * 4 * H), dcPrev = k.alloc(B * H);
    k.lstmCellBackward(B, H, gates, cP, c, k.fromArray(dh), k.fromArray(dc), dGates, dcPrev);
    // The scalar whose gradient the backward computes: L = <dh, h> + <dc, c>.
    const loss = (p: ArrayLike<number>, cp: ArrayLike<number>): number => {
      const s = lstmStep64(B, H, p, cp);
      return dot(dh, s.h) + dot(dc, s.c);
    };
    expectClose(k.toArray(dGates), centralDifferences(pre, (p) => loss(p, cPrev), STEP_F64), F32_VS_F64_TOL, 'dGates');
    expectClose(k.toArray(dcPrev), centralDifferences(cPrev, (cp) => loss(pre, cp), STEP_F64), F32_VS_F64_TOL, 'dcPrev');
  });

  it('GRU cell: forward matches float64, dgi, dgh and dhPrev match central differences', () => {
    const B = 3, H = 6, rng = new Rng(8);
    const gi0 = rng.floats(B * 3 * H, -2, 2), gh0 = rng.floats(B * 3 * H, -2, 2), hPrev = rng.floats(B * H);
    const dh = rng.floats(B * H);

    const gi = k.fromArray(gi0), gh = k.fromArray(gh0), hp = k.fromArray(hPrev), h = k.alloc(B * H);
    k.gruCellForward(B, H, gi, gh, hp, h);
    expectClose(k.toArray(h), gruStep64(B, H, gi0, gh0, hPrev), F32_VS_F64_TOL, 'h');
    expectClose(k.toArray(gh), gh0, EXACT, 'gh is left as it was');

    const dgi = k.alloc(B * 3 * H), dgh = k.alloc(B * 3 * H), dhPrev = k.alloc(B * H);
    k.gruCellBackward(B, H, gi, gh, hp, k.fromArray(dh), dgi, dgh, dhPrev);
    // L = <dh, h>; gh is an input of its own, so dhPrev is the direct path only (as documented).
    const loss = (a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>): number => dot(dh, gruStep64(B, H, a, b, c));
    expectClose(k.toArray(dgi), centralDifferences(gi0, (a) => loss(a, gh0, hPrev), STEP_F64), F32_VS_F64_TOL, 'dgi');
    expectClose(k.toArray(dgh), centralDifferences(gh0, (b) => loss(gi0, b, hPrev), STEP_F64), F32_VS_F64_TOL, 'dgh');
    expectClose(k.toArray(dhPrev), centralDifferences(hPrev, (c) => loss(gi0, gh0, c), STEP_F64), F32_VS_F64_TOL, 'dhPrev');
  });

  it('softmaxCrossEntropy: dlogits / gradScale match central differences of the returned loss', () => {
    const rows = 4, cols = 7, gradScale = 0.5, rng = new Rng(9);
    const x0 = rng.floats(rows * cols, -3, 3);
    const logits = k.fromArray(x0), targets = k.fromInt32Array([3, -100, 0, 6]), d = k.alloc(rows * cols);
    k.softmaxCrossEntropy(rows, cols, logits, targets, d, gradScale);
    const analytic = k.toArray(d).map((v) => v / gradScale);

    const scratch = k.alloc(rows * cols);
    const lossAt = (x: Float64Array): number => {
      k.f32(logits).set(x);
      return k.softmaxCrossEntropy(rows, cols, logits, targets, scratch, gradScale);
    };
    const numeric = centralDifferences(x0, lossAt, STEP_LOSS);
    expectClose(analytic, numeric, LOSS_FD_TOL, 'dlogits');
    expectClose(analytic.subarray(cols, 2 * cols), new Float32Array(cols), EXACT, 'ignored row: zero gradient');
    expectClose(numeric.subarray(cols, 2 * cols), new Float64Array(cols), EXACT, 'ignored row: loss does not depend on it');
  });
});
