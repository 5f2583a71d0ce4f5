/**
 * Shared test helpers: the size grid, a seeded RNG, tolerance checks, the twin harness that runs
 * one call on a wasm kernel and on the reference kernel with the same inputs, and float64
 * re-implementations of the recurrent cells for finite differences.
 */
import { EXACT, expectClose, mulberry32, type Tol } from '@recurrent/test-utils';
import { beforeEach } from 'vitest';
import { loadKernelSync, loadReferenceKernel, type Backend, type F32, type I32, type Kernel } from '../src/index.js';

/** Every size the suite must reach: vector-width edges (4, 8), odd tails, and the 128 boundary. */
export const SIZES = [1, 2, 3, 4, 5, 7, 8, 13, 17, 31, 33, 67, 128, 129] as const;
export const WASM_BACKENDS = ['wasm-relaxed-simd', 'wasm-simd'] as const satisfies readonly Backend[];
export const ALL_BACKENDS = [...WASM_BACKENDS, 'reference'] as const satisfies readonly Backend[];
export type WasmBackend = (typeof WASM_BACKENDS)[number];

// ---- random numbers ------------------------------------------------------------------------

/** Seeded draws of the shapes the kernel's tests need, from test-utils' mulberry32. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  uniform(lo = -1, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }
  /** An integer in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo));
  }
  floats(n: number, lo = -1, hi = 1): Float32Array {
    return Float32Array.from({ length: n }, () => this.uniform(lo, hi));
  }
  ints(n: number, lo: number, hi: number): Int32Array {
    return Int32Array.from({ length: n }, () => this.int(lo, hi));
  }
}

// ---- comparisons (Tol, EXACT and expectClose are test-utils'; re-exported for the suites) ----

export { EXACT, expectClose, type Tol };

/**
 * Sums of `terms` float32 values (or products) in [-1, 1] against a float64 sum: the drift seen
 * is below terms·2⁻²⁵ (4e-5 at 1100 terms); allow 8× that.
 */
export const sumTol = (terms: number): Tol => ({ abs: (terms + 4) * 2 ** -22, rel: 1e-6 });

/** The largest |actual − expected| (Infinity when a NaN is on one side only). */
export function maxError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    const d = Number.isNaN(a - e) ? Infinity : Math.abs(a - e);
    worst = Math.max(worst, d);
  }
  return worst;
}

// ---- kernels and the twin harness ----------------------------------------------------------

/** A wasm kernel and the reference kernel; both arenas are reset before every test. */
export interface Twin {
  readonly k: Kernel;
  readonly ref: Kernel;
}

/** Loads `backend` and the reference twin for a describe block (registers a beforeEach reset). */
export function useTwin(backend: WasmBackend): Twin {
  const t: Twin = { k: loadKernelSync({ backend }), ref: loadReferenceKernel() };
  beforeEach(() => {
    t.k.arena.reset();
    t.ref.arena.reset();
  });
  return t;
}

/** Loads any backend for a describe block (registers a beforeEach reset). */
export function useKernel(backend: Backend): Kernel {
  const k = loadKernelSync({ backend });
  beforeEach(() => k.arena.reset());
  return k;
}

export type Arrays = Record<string, Float32Array | Int32Array>;
export type Buffers<A extends Arrays> = { [K in keyof A]: A[K] extends Int32Array ? I32 : F32 };
export type Contents<A extends Arrays> = { [K in keyof A]: A[K] };

/** Copies `arrays` into the kernel, calls `fn` on the buffers, returns every buffer's contents afterwards. */
export function run<A extends Arrays, R>(k: Kernel, arrays: A, fn: (b: Buffers<A>, k: Kernel) => R): { out: Contents<A>; result: R } {
  const buffers: Record<string, F32 | I32> = {};
  for (const [name, values] of Object.entries(arrays)) {
    buffers[name] = values instanceof Int32Array ? k.fromInt32Array(values) : k.fromArray(values);
  }
  const result = fn(buffers as Buffers<A>, k);
  const out: Record<string, Float32Array | Int32Array> = {};
  for (const [name, b] of Object.entries(buffers)) out[name] = b.dtype === 'i32' ? k.i32(b).slice() : k.toArray(b);
  return { out: out as Contents<A>, result };
}

/**
 * Runs `fn` with the same inputs on the kernel under test and on the reference twin, and asserts
 * that every buffer (inputs included: what must not change must not change) and the returned
 * number agree. Returns the kernel's outcome for further checks.
 */
export function expectTwin<A extends Arrays, R>(
  t: Twin, label: string, arrays: A, fn: (b: Buffers<A>, k: Kernel) => R, tol: Tol, resultTol: Tol = tol,
): { out: Contents<A>; result: R } {
  const got = run(t.k, arrays, fn);
  const want = run(t.ref, arrays, fn);
  for (const name of Object.keys(arrays)) expectClose(got.out[name]!, want.out[name]!, tol, `${label}: ${name}`);
  if (typeof want.result === 'number') expectClose(got.result as number, want.result, resultTol, `${label}: returned value`);
  return got;
}

/** A sub-buffer: `length` elements starting `start` elements into `buffer`. */
export function slice(buffer: F32, start: number, length: number): F32 {
  return { dtype: 'f32', ptr: buffer.ptr + start * 4, length };
}

// ---- float64 oracles for finite differences ------------------------------------------------

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** LSTM step in float64 from pre-activations `pre` [B, 4H] (gate order i, f, g, o). */
export function lstmStep64(B: number, H: number, pre: ArrayLike<number>, cPrev: ArrayLike<number>): { c: Float64Array; h: Float64Array } {
  const c = new Float64Array(B * H), h = new Float64Array(B * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const a = (q: number): number => pre[b * 4 * H + q * H + j]!;
      const i = sigmoid(a(0)), f = sigmoid(a(1)), g = Math.tanh(a(2)), o = sigmoid(a(3));
      c[b * H + j] = f * cPrev[b * H + j]! + i * g;
      h[b * H + j] = o * Math.tanh(c[b * H + j]!);
    }
  }
  return { c, h };
}

/** GRU step in float64 (PyTorch's r, z, n variant) from gi, gh [B, 3H]. */
export function gruStep64(B: number, H: number, gi: ArrayLike<number>, gh: ArrayLike<number>, hPrev: ArrayLike<number>): Float64Array {
  const h = new Float64Array(B * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const at = (m: ArrayLike<number>, q: number): number => m[b * 3 * H + q * H + j]!;
      const r = sigmoid(at(gi, 0) + at(gh, 0));
      const z = sigmoid(at(gi, 1) + at(gh, 1));
      const n = Math.tanh(at(gi, 2) + r * at(gh, 2));
      h[b * H + j] = (1 - z) * n + z * hPrev[b * H + j]!;
    }
  }
  return h;
}

/** Σ u·v. */
export function dot(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!;
  return s;
}

/** Central differences of `f` at `x` (f64), one coordinate at a time: (f(x + h) − f(x − h)) / 2h. */
export function centralDifferences(x: ArrayLike<number>, f: (x: Float64Array) => number, h: number): Float64Array {
  const grad = new Float64Array(x.length);
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i]! + h;
    const up = f(probe);
    probe[i] = x[i]! - h;
    const down = f(probe);
    probe[i] = x[i]!;
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}
