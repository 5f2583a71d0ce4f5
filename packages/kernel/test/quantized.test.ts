/** int8 rows: quantizeRows and gemvInt8 — a hand case, the error bound against float64, twin comparisons, bad input. */
import { describe, expect, it } from 'vitest';
import { MAX_QUANTIZED_COLUMNS, quantizedSize } from '../src/index.js';
import { ALL_BACKENDS, EXACT, Rng, SIZES, WASM_BACKENDS, expectClose, expectTwin, useKernel, useTwin } from './helpers.js';

const SHAPES = SIZES.map((rows, i) => [rows, SIZES[(i + 5) % SIZES.length]!] as const);
const f32 = Math.fround;

describe.each(ALL_BACKENDS)('int8 rows, by hand and against float64 (%s)', (backend) => {
  const k = useKernel(backend);

  it('rounds to the nearest level, ties to even, and sums exactly', () => {
    // Row 0: s = 2/127, W/s = (63.5, −127, 31.75) → (64, −127, 32). Row 1 is zero: s = 0.
    // x: s_x = 1/8191, x/s_x = (8191, 4095.5, −8191) → (8191, 4096, −8191).
    const w = k.fromArray([1, -2, 0.5, 0, 0, 0]);
    const q = k.alloc(quantizedSize(2, 3)), scales = k.alloc(2);
    k.quantizeRows(2, 3, w, 3, q, scales);
    const bytes = new Int8Array(k.f32(q).buffer, q.ptr, 32);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([64, -127, 32, 0]);
    expect(Array.from(bytes.subarray(16, 19))).toEqual([0, 0, 0]);
    expectClose(k.toArray(scales), [f32(2 / 127), 0], EXACT, 'scales');
    // s = 1: ties at 62.5 and −3.5 go to the even 62 and −4.
    const ties = k.alloc(quantizedSize(1, 3));
    k.quantizeRows(1, 3, k.fromArray([127, 62.5, -3.5]), 3, ties, k.alloc(1));
    expect(Array.from(new Int8Array(k.f32(ties).buffer, ties.ptr, 3))).toEqual([127, 62, -4]);
    const y = k.fromArray([10, 10]);
    k.gemvInt8(2, 3, q, scales, k.fromArray([1, 0.5, -1]), 0, y);
    const sum = 64 * 8191 - 127 * 4096 - 32 * 8191;
    expectClose(k.toArray(y), [f32(sum * f32(f32(2 / 127) * f32(1 / 8191))), 0], EXACT, 'y');
    // W·x = −0.5; beta keeps what y held.
    expect(k.toArray(y)[0]).toBeCloseTo(-0.5, 2);
    const before = k.toArray(y)[0]!;
    k.gemvInt8(2, 3, q, scales, k.fromArray([0, 0, 0]), 0.5, y);
    expectClose(k.toArray(y), [f32(0.5 * before), 0], EXACT, 'zero x: beta · y');
  });

  it('stays within the quantization error bound of the float64 product', () => {
    const rng = new Rng(3);
    const rows = 67, cols = 129;
    const wValues = rng.floats(rows * cols), xValues = rng.floats(cols, -3, 3);
    const q = k.alloc(quantizedSize(rows, cols)), scales = k.alloc(rows), y = k.alloc(rows);
    k.quantizeRows(rows, cols, k.fromArray(wValues), cols, q, scales);
    k.gemvInt8(rows, cols, q, scales, k.fromArray(xValues), 0, y);
    const got = k.toArray(y), s = k.toArray(scales);
    const sx = Math.max(...xValues.map(Math.abs)) / 8191;
    for (let r = 0; r < rows; r++) {
      let exact = 0, bound = 0;
      for (let j = 0; j < cols; j++) {
        const wj = wValues[r * cols + j]!, xj = xValues[j]!;
        exact += wj * xj;
        // |w·x − ŵ·x̂| ≤ |w|·|x − x̂| + |x̂|·|w − ŵ|, each rounding off by at most half a level.
        bound += (Math.abs(wj) * sx) / 2 + ((Math.abs(xj) + sx) * s[r]!) / 2;
      }
      expect(Math.abs(got[r]! - exact), `row ${r}`).toBeLessThanOrEqual(bound * (1 + 1e-5) + 1e-6);
      // …and the bound is a small part of the product's scale.
      expect(bound).toBeLessThan(0.02 * cols);
    }
  });

  it('gives NaN for NaN or ∞ in x or in a row of W', () => {
    const w = k.fromArray([1, 2, Number.NaN, 1, 3, 4]);
    const q = k.alloc(quantizedSize(3, 2)), scales = k.alloc(3), y = k.alloc(3);
    k.quantizeRows(3, 2, w, 2, q, scales);
    k.gemvInt8(3, 2, q, scales, k.fromArray([1, 1]), 0, y);
    const [a, b, c] = k.toArray(y);
    expect(Number.isNaN(b)).toBe(true);
    expect(Number.isFinite(a) && Number.isFinite(c)).toBe(true);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      k.gemvInt8(3, 2, q, scales, k.fromArray([1, bad]), 0, y);
      expect(Array.from(k.toArray(y)).every(Number.isNaN)).toBe(true);
    }
  });

  it('refuses too many columns and buffers too small', () => {
    const q = k.alloc(quantizedSize(2, 20)), scales = k.alloc(2);
    expect(() => k.quantizeRows(2, 20, k.alloc(40), 20, k.alloc(quantizedSize(2, 20) - 1), scales)).toThrow(/quantizeRows: q is 1x16 .* the buffer has 15/);
    expect(() => k.gemvInt8(2, 20, q, k.alloc(1), k.alloc(20), 0, k.alloc(2))).toThrow(/gemvInt8: scales is 1x2/);
    expect(() => k.gemvInt8(1, MAX_QUANTIZED_COLUMNS + 1, q, scales, k.alloc(1), 0, k.alloc(1))).toThrow(/at most 8192 columns/);
  });
});

describe.each(WASM_BACKENDS)('int8 rows vs reference twin (%s)', (backend) => {
  const t = useTwin(backend);

  it.each(SHAPES)('quantizeRows and gemvInt8 %i x %i, beta 0 (NaN in y ignored) and 0.75', (rows, cols) => {
    const rng = new Rng(rows * 29 + cols);
    const w = rng.floats(rows * (cols + 3));
    for (const beta of [0, 0.75]) {
      expectTwin(t, `int8 beta ${beta}`, {
        w, x: rng.floats(cols, -2, 2), q: new Float32Array(quantizedSize(rows, cols)), scales: new Float32Array(rows),
        y: beta === 0 ? new Float32Array(rows).fill(Number.NaN) : rng.floats(rows),
      }, (b, k) => {
        k.quantizeRows(rows, cols, b.w, cols + 3, b.q, b.scales);
        k.gemvInt8(rows, cols, b.q, b.scales, b.x, beta, b.y);
      }, EXACT);
    }
  });
});
