/** Row-wise loops: addRowBias, columnSum, gatherRows, scatterAddRows, transpose — twin comparisons and hand cases. */
import { describe, expect, it } from 'vitest';
import { ALL_BACKENDS, EXACT, Rng, SIZES, WASM_BACKENDS, expectClose, expectTwin, sumTol, useKernel, useTwin } from './helpers.js';

/** rows × cols pairs: rows takes every size, cols every size (rotated so shapes vary). */
const SHAPES = SIZES.map((rows, i) => [rows, SIZES[(i + 7) % SIZES.length]!] as const);

describe.each(ALL_BACKENDS)('row loops, hand-computed (%s)', (backend) => {
  const k = useKernel(backend);

  it('addRowBias and columnSum on a 2x3 matrix', () => {
    const x = k.fromArray([1, 2, 3, 4, 5, 6]);
    k.addRowBias(2, 3, k.fromArray([10, 20, 30]), x);
    expectClose(k.toArray(x), [11, 22, 33, 14, 25, 36], EXACT, 'x + bias');
    const out = k.fromArray([1, 1, 1]);
    k.columnSum(2, 3, x, 2, out);
    expectClose(k.toArray(out), [27, 49, 71], EXACT, '2·out + column sums');
  });

  it('gatherRows copies rows; scatterAddRows sums repeated indices', () => {
    const table = k.fromArray([1, 2, 3, 4, 5, 6]);
    const out = k.alloc(6);
    k.gatherRows(3, 2, table, 3, k.fromInt32Array([2, 0, 2]), out);
    expectClose(k.toArray(out), [5, 6, 1, 2, 5, 6], EXACT, 'gathered');
    const grad = k.alloc(6);
    k.scatterAddRows(3, 2, k.fromArray([1, 2, 3, 4, 5, 6]), k.fromInt32Array([2, 0, 2]), grad, 3);
    expectClose(k.toArray(grad), [3, 4, 0, 0, 6, 8], EXACT, 'scattered');
  });

  it('transpose turns a 5x6 matrix (a 4x4 block, its edges and the last row)', () => {
    const a = Array.from({ length: 30 }, (_, i) => i);
    const out = k.alloc(30);
    k.transpose(5, 6, k.fromArray(a), out);
    expectClose(k.toArray(out), Array.from({ length: 30 }, (_, i) => a[(i % 5) * 6 + Math.floor(i / 5)]!), EXACT, 'out[c, r] = a[r, c]');
  });
});

describe.each(WASM_BACKENDS)('row loops vs reference twin (%s)', (backend) => {
  const t = useTwin(backend);

  it.each(SHAPES)('addRowBias %i x %i', (rows, cols) => {
    const rng = new Rng(rows * 131 + cols);
    // float32 additions round once in either implementation: bit-identical.
    expectTwin(t, 'addRowBias', { x: rng.floats(rows * cols), bias: rng.floats(cols) },
      (b, k) => k.addRowBias(rows, cols, b.bias, b.x), EXACT);
  });

  it.each(SHAPES)('columnSum %i x %i with beta 0 (NaN in out ignored), 1 and -0.5', (rows, cols) => {
    const rng = new Rng(rows * 17 + cols);
    for (const beta of [0, 1, -0.5]) {
      const out = beta === 0 ? new Float32Array(cols).fill(NaN) : rng.floats(cols);
      const got = expectTwin(t, `columnSum beta ${beta}`, { x: rng.floats(rows * cols), out },
        (b, k) => k.columnSum(rows, cols, b.x, beta, b.out), sumTol(rows));
      expect(got.out.out.some(Number.isNaN)).toBe(false);
    }
  });

  it.each(SHAPES)('transpose %i x %i', (rows, cols) => {
    const rng = new Rng(rows * 29 + cols);
    expectTwin(t, 'transpose', { a: rng.floats(rows * cols), out: rng.floats(rows * cols) },
      (b, k) => k.transpose(rows, cols, b.a, b.out), EXACT);
  });

  it.each(SHAPES)('gatherRows %i rows of %i columns', (count, cols) => {
    const rng = new Rng(count * 7 + cols);
    const tableRows = 11;
    expectTwin(t, 'gatherRows', {
      table: rng.floats(tableRows * cols), indices: rng.ints(count, 0, tableRows), out: rng.floats(count * cols),
    }, (b, k) => k.gatherRows(count, cols, b.table, tableRows, b.indices, b.out), EXACT);
  });

  it.each(SHAPES)('scatterAddRows %i rows of %i columns into 3 table rows (repeated indices)', (count, cols) => {
    const rng = new Rng(count * 5 + cols);
    const tableRows = 3;
    // Both add row by row in index order, rounding to float32 after each row: bit-identical.
    expectTwin(t, 'scatterAddRows', {
      source: rng.floats(count * cols), indices: rng.ints(count, 0, tableRows), table: rng.floats(tableRows * cols),
    }, (b, k) => k.scatterAddRows(count, cols, b.source, b.indices, b.table, tableRows), EXACT);
  });
});
