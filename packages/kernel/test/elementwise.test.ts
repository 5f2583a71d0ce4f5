/** Elementwise loops: activations forward/backward, add, mul, axpy, scale, fill, copy, clamp, sumSquares. */
import { describe, expect, it } from 'vitest';
import { EXACT, Rng, SIZES, WASM_BACKENDS, expectClose, expectTwin, useTwin, type Tol } from './helpers.js';

/** The wasm tanh/sigmoid are ~1-ulp polynomials (values ≤ 1); the twin rounds Math.tanh/exp once. */
const ACTIVATION_TOL: Tol = { abs: 3e-7, rel: 1e-6 };
/** Near 0 tanh must keep relative precision (x + x³·P), so no absolute slack there. */
const TINY_TANH_TOL: Tol = { abs: 0, rel: 1e-6 };
/** dx + dy·local with |terms| ≤ 2: a fused vs unfused multiply-add differ by about an ulp of 2. */
const BACKWARD_TOL: Tol = { abs: 5e-7, rel: 1e-6 };
/** Two roundings of alpha·x (+ y) versus one: within an ulp of the operands' magnitude (≤ 3). */
const AXPY_TOL: Tol = { abs: 5e-7, rel: 1e-6 };
/** sumSquares adds up to 256 squares per float32 lane before moving to float64: observed ≤ 2e-7 relative. */
const SUM_SQUARES_TOL: Tol = { abs: 0, rel: 2e-6 };

/** Large |x| (saturation, the exp clamp at ±87/88), the 0.625 switch of tanh, tiny values, then random ones. */
const SPECIAL = [50, -50, 100, -100, 88, -88, 87.5, -87.5, 20, -20, 0.625, -0.625, 0.624, -0.6251, 1e-3, -1e-3, 1e-8, -1e-8, 1e-30, 0, -0];
function activationInputs(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? SPECIAL[(i / 3 + n) % SPECIAL.length]! : rng.uniform(-6, 6)));
}

describe.each(WASM_BACKENDS)('elementwise vs reference twin (%s)', (backend) => {
  const t = useTwin(backend);

  it.each(SIZES)('tanh, sigmoid, relu forward, n = %i', (n) => {
    const rng = new Rng(n);
    const x = activationInputs(rng, n);
    expectTwin(t, 'tanhForward', { x, y: rng.floats(n) }, (b, k) => k.tanhForward(n, b.x, b.y), ACTIVATION_TOL);
    expectTwin(t, 'sigmoidForward', { x, y: rng.floats(n) }, (b, k) => k.sigmoidForward(n, b.x, b.y), ACTIVATION_TOL);
    expectTwin(t, 'reluForward', { x, y: rng.floats(n) }, (b, k) => k.reluForward(n, b.x, b.y), EXACT);
  });

  it('saturates at large |x| and keeps precision for tiny x', () => {
    const x = Float32Array.from([50, -50, 100, -100, 1e3, -1e3, 1e-3, -2e-4, 1e-8, -3e-12, 1e-30, 0, 5e-5]);
    const n = x.length;
    const tanh = expectTwin(t, 'tanhForward', { x, y: new Float32Array(n) }, (b, k) => k.tanhForward(n, b.x, b.y), ACTIVATION_TOL);
    expectClose(tanh.out.y.subarray(0, 6), [1, -1, 1, -1, 1, -1], EXACT, 'tanh saturates to ±1');
    expectClose(tanh.out.y.subarray(6), Float32Array.from(x.subarray(6), Math.tanh), TINY_TANH_TOL, 'tanh near 0');
    const sig = expectTwin(t, 'sigmoidForward', { x, y: new Float32Array(n) }, (b, k) => k.sigmoidForward(n, b.x, b.y), ACTIVATION_TOL);
    expectClose(sig.out.y.subarray(0, 6), [1, 0, 1, 0, 1, 0], { abs: 1e-20, rel: 0 }, 'sigmoid saturates to 1 and 0');
    expect(sig.out.y.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it.each(SIZES)('backward passes accumulate into a non-zero dx, n = %i', (n) => {
    const rng = new Rng(1000 + n);
    const dy = rng.floats(n, -2, 2);
    const tanhY = rng.floats(n, -1, 1), sigY = rng.floats(n, 0, 1);
    const reluY = Float32Array.from(rng.floats(n), (v) => Math.max(v, 0));
    const backward = [
      ['tanhBackward', tanhY, (v: number) => 1 - v * v, BACKWARD_TOL],
      ['sigmoidBackward', sigY, (v: number) => v * (1 - v), BACKWARD_TOL],
      ['reluBackward', reluY, (v: number) => (v > 0 ? 1 : 0), EXACT],
    ] as const;
    for (const [op, y, local, tol] of backward) {
      const dx = rng.floats(n, -1, 1);
      const got = expectTwin(t, op, { y, dy, dx }, (b, k) => k[op](n, b.y, b.dy, b.dx), tol);
      // Accumulation, not overwrite: dx + dy · local(y).
      expectClose(got.out.dx, dx.map((v, i) => v + dy[i]! * local(y[i]!)), tol, `${op}: dx += dy·local`);
    }
  });

  it.each(SIZES)('add, mul, axpy, scale, n = %i', (n) => {
    const rng = new Rng(2000 + n);
    const a = rng.floats(n), b = rng.floats(n);
    // One float32 rounding of a ± b or a · b either way: bit-identical.
    expectTwin(t, 'add', { a, b, out: rng.floats(n) }, (x, k) => k.add(n, x.a, x.b, x.out), EXACT);
    expectTwin(t, 'mul', { a, b, out: rng.floats(n) }, (x, k) => k.mul(n, x.a, x.b, x.out), EXACT);
    for (const alpha of [-1.5, 0.1, 0]) {
      expectTwin(t, `axpy ${alpha}`, { x: a, y: b }, (x, k) => k.axpy(n, alpha, x.x, x.y), AXPY_TOL);
    }
    expectTwin(t, 'scale -0.375', { x: a }, (x, k) => k.scale(n, -0.375, x.x), EXACT);
    expectTwin(t, 'scale 0.1', { x: a }, (x, k) => k.scale(n, 0.1, x.x), AXPY_TOL);
  });

  it.each(SIZES)('in-place aliasing: out is an input, n = %i', (n) => {
    const rng = new Rng(3000 + n);
    const a = rng.floats(n), b = rng.floats(n);
    const add = expectTwin(t, 'add in place', { a, b }, (x, k) => k.add(n, x.a, x.b, x.a), EXACT);
    expectClose(add.out.a, a.map((v, i) => v + b[i]!), EXACT, 'a = a + b');
    const sq = expectTwin(t, 'mul in place', { a }, (x, k) => k.mul(n, x.a, x.a, x.a), EXACT);
    expectClose(sq.out.a, a.map((v) => v * v), EXACT, 'a = a · a');
    expectTwin(t, 'tanh in place', { a }, (x, k) => k.tanhForward(n, x.a, x.a), ACTIVATION_TOL);
    const twice = expectTwin(t, 'axpy x = y', { a }, (x, k) => k.axpy(n, 1, x.a, x.a), EXACT);
    expectClose(twice.out.a, a.map((v) => 2 * v), EXACT, 'a += 1·a');
    expectTwin(t, 'tanhBackward dx = dy', { y: b, d: a }, (x, k) => k.tanhBackward(n, x.y, x.d, x.d), BACKWARD_TOL);
  });

  it.each(SIZES)('fill, copy, clamp write n elements and nothing past them, n = %i', (n) => {
    const rng = new Rng(4000 + n);
    const tail = 5;
    for (const value of [0, -2.5, NaN]) {
      const got = expectTwin(t, `fill ${value}`, { x: rng.floats(n + tail) }, (b, k) => k.fill(n, value, b.x), EXACT);
      expect(got.out.x.subarray(0, n).every((v) => Object.is(v, value))).toBe(true);
    }
    const x = rng.floats(n + tail);
    const copied = expectTwin(t, 'copy', { x, y: rng.floats(n + tail) }, (b, k) => k.copy(n, b.x, b.y), EXACT);
    expectClose(copied.out.y.subarray(0, n), x.subarray(0, n), EXACT, 'copy');
    for (const [lo, hi] of [[-0.5, 0.25], [0, 0], [-Infinity, 0.75], [2, 3]] as const) {
      const clamped = expectTwin(t, `clamp [${lo}, ${hi}]`, { x }, (b, k) => k.clamp(n, lo, hi, b.x), EXACT);
      expectClose(clamped.out.x, x.map((v, i) => (i < n ? Math.min(Math.max(v, lo), hi) : v)), EXACT, 'clamp by hand');
    }
  });

  it.each([...SIZES, 1023, 1024, 1027, 5000])('sumSquares, n = %i', (n) => {
    const rng = new Rng(5000 + n);
    const x = rng.floats(n, -3, 3);
    const got = expectTwin(t, 'sumSquares', { x }, (b, k) => k.sumSquares(n, b.x), EXACT, SUM_SQUARES_TOL);
    expect(got.result).toBeGreaterThan(0);
  });
});
