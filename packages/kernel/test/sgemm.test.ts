/** sgemm against the reference twin over the size grid, transposes, padding, gemv paths and blocking. */
import { describe, expect, it } from 'vitest';
import {
  ALL_BACKENDS, EXACT, Rng, SIZES, WASM_BACKENDS, expectClose, expectTwin, sumTol, useKernel, useTwin, type Twin,
} from './helpers.js';

/** Marks C's padding cells, which sgemm must never write. */
const PAD = -12345.5;
const TRANSPOSES = [[false, false], [false, true], [true, false], [true, true]] as const;
const ALPHA_BETA = [[1, 0], [-0.5, 1], [1.25, -0.75], [0.3, 2]] as const;

interface Case {
  m: number; n: number; k: number;
  alpha: number; beta: number;
  /** Extra elements at the end of each stored row of A, B, C. */
  pad?: readonly [number, number, number];
  /** Fill C's cells with NaN before the call (only meaningful with beta = 0). */
  nanC?: boolean;
}

/** rows×cols values in [-1, 1] stored with row length ld; the padding holds `padValue`. */
function matrix(rng: Rng, rows: number, cols: number, ld: number, padValue: number, value?: number): Float32Array {
  const out = new Float32Array(rows * ld).fill(padValue);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * ld + c] = value ?? rng.uniform();
  return out;
}

/** Runs one case with every transpose combination; A and B padding is NaN, so reading it would show. */
function checkSgemm(t: Twin, c: Case, seed: number): void {
  const rng = new Rng(seed);
  const [padA, padB, padC] = c.pad ?? [0, 0, 0];
  for (const [transA, transB] of TRANSPOSES) {
    const [aRows, aCols] = transA ? [c.k, c.m] : [c.m, c.k];
    const [bRows, bCols] = transB ? [c.n, c.k] : [c.k, c.n];
    const lda = aCols + padA, ldb = bCols + padB, ldc = c.n + padC;
    const arrays = {
      A: matrix(rng, aRows, aCols, lda, NaN),
      B: matrix(rng, bRows, bCols, ldb, NaN),
      C: matrix(rng, c.m, c.n, ldc, PAD, c.nanC ? NaN : undefined),
    };
    const label = `${c.m}x${c.n}x${c.k} trans ${+transA}${+transB} alpha ${c.alpha} beta ${c.beta} ld ${lda}/${ldb}/${ldc}`;
    const { out } = expectTwin(t, label, arrays, (b, k) => {
      k.sgemm(transA, transB, c.m, c.n, c.k, c.alpha, b.A, lda, b.B, ldb, c.beta, b.C, ldc);
    }, sumTol(c.k));
    for (let i = 0; i < c.m; i++) {
      for (let j = c.n; j < ldc; j++) expect(out.C[i * ldc + j], `${label}: C padding [${i}, ${j}]`).toBe(PAD);
    }
    if (c.nanC) expect(out.C.some(Number.isNaN), `${label}: NaN leaked from C with beta 0`).toBe(false);
  }
}

/** Each dimension takes every size in turn; the other two rotate through the list. */
const GRID: Case[] = (['M', 'N', 'K'] as const).flatMap((dim, d) => SIZES.map((s, i): Case => {
  const u = SIZES[(i + 5) % SIZES.length]!, v = SIZES[(i + 10) % SIZES.length]!;
  const [alpha, beta] = ALPHA_BETA[(i + d) % ALPHA_BETA.length]!;
  const [m, n, k] = dim === 'M' ? [s, u, v] : dim === 'N' ? [u, s, v] : [u, v, s];
  return { m, n, k, alpha, beta };
}));

describe.each(ALL_BACKENDS)('sgemm hand-computed (%s)', (backend) => {
  const k = useKernel(backend);

  it('multiplies 2x2 matrices', () => {
    const a = k.fromArray([1, 2, 3, 4]), b = k.fromArray([5, 6, 7, 8]), c = k.alloc(4);
    k.sgemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2);
    expectClose(k.toArray(c), [19, 22, 43, 50], EXACT, 'C');
  });

  it('multiplies transposed operands with alpha and beta', () => {
    // A stored 3x2 (op(A) = Aᵀ is 2x3), B stored 2x3 (op(B) = Bᵀ is 3x2).
    const a = k.fromArray([1, 4, 2, 5, 3, 6]), b = k.fromArray([1, 0, -1, 2, 1, 0]);
    const c = k.fromArray([1, 1, 1, 1]);
    k.sgemm(true, true, 2, 2, 3, 2, a, 2, b, 3, -1, c, 2);
    // Aᵀ = [[1,2,3],[4,5,6]], Bᵀ = [[1,2],[0,1],[-1,0]]: Aᵀ·Bᵀ = [[-2,4],[-2,13]]; 2·that − 1.
    expectClose(k.toArray(c), [-5, 7, -5, 25], EXACT, 'C');
  });
});

describe.each(WASM_BACKENDS)('sgemm vs reference twin (%s)', (backend) => {
  const t = useTwin(backend);

  it.each(GRID)('size grid $m x $n x $k, alpha $alpha beta $beta', (c) => {
    checkSgemm(t, c, c.m * 10007 + c.n * 101 + c.k);
  });

  it('large square-ish products', () => {
    checkSgemm(t, { m: 129, n: 128, k: 129, alpha: 1, beta: 0 }, 1);
    checkSgemm(t, { m: 128, n: 129, k: 67, alpha: -0.5, beta: 1 }, 2);
  });

  it('padded leading dimensions (padding never read in A, B, never written in C)', () => {
    for (const [m, n, k] of [[13, 17, 31], [1, 33, 13], [31, 1, 17], [4, 8, 8]] as const) {
      checkSgemm(t, { m, n, k, alpha: -0.75, beta: 1.5, pad: [3, 5, 2] }, m + n + k);
    }
  });

  it('beta = 0 ignores NaN in C on every path', () => {
    for (const [m, n, k] of [[13, 17, 31], [1, 33, 67], [67, 1, 33], [1, 1, 5], [129, 8, 4]] as const) {
      checkSgemm(t, { m, n, k, alpha: 1.5, beta: 0, nanC: true }, m * n + k);
    }
  });

  it('matrix-vector paths: M = 1 and N = 1 with contiguous and strided vectors', () => {
    SIZES.forEach((k, i) => {
      const other = SIZES[(i + 3) % SIZES.length]!;
      const pad = i % 2 === 0 ? ([0, 0, 0] as const) : ([2, 3, 1] as const);
      checkSgemm(t, { m: 1, n: other, k, alpha: 0.5, beta: i % 3 === 0 ? 0 : -1, pad }, 100 + i);
      checkSgemm(t, { m: other, n: 1, k, alpha: -2, beta: i % 3 === 1 ? 0 : 0.25, pad }, 200 + i);
    });
  });

  it('K = 0 or alpha = 0 gives C = beta·C exactly', () => {
    const rng = new Rng(5);
    for (const [k, alpha] of [[0, 1], [7, 0]] as const) {
      for (const beta of [0, 1, -2.5, 0.5]) {
        for (const [m, n] of [[5, 7], [1, 9], [9, 1]] as const) {
          const C = rng.floats(m * n);
          const { out } = expectTwin(t, `K ${k} alpha ${alpha} beta ${beta}`, {
            A: rng.floats(m * k), B: rng.floats(k * n), C,
          }, (b, kk) => kk.sgemm(false, false, m, n, k, alpha, b.A, Math.max(k, 1), b.B, n, beta, b.C, n), EXACT);
          expectClose(out.C, C.map((v) => beta * v), EXACT, `C = ${beta}·C`);
        }
      }
    }
  });

  it('K above the 512 block and M above the 256-row block', () => {
    checkSgemm(t, { m: 13, n: 17, k: 513, alpha: 1, beta: 0.5 }, 11);
    checkSgemm(t, { m: 5, n: 9, k: 1100, alpha: -0.25, beta: -1 }, 12);
    checkSgemm(t, { m: 300, n: 33, k: 67, alpha: 1, beta: 1 }, 13);
    checkSgemm(t, { m: 260, n: 20, k: 1030, alpha: 0.75, beta: 0 }, 14);
  });
});
