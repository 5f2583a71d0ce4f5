import type { Views } from './memory.js';

/** C = alpha · op(A) · op(B) + beta · C — the textbook triple loop, summed in float64. */
export function sgemm(
  { f }: Views, transA: number, transB: number, m: number, n: number, k: number,
  alpha: number, a: number, lda: number, b: number, ldb: number,
  beta: number, c: number, ldc: number,
): void {
  // op(A)[i, p] sits at A + i·aRow + p·aK; op(B)[p, j] at B + p·bK + j·bCol.
  const A = a >> 2, B = b >> 2, C = c >> 2;
  const aRow = transA ? 1 : lda, aK = transA ? lda : 1;
  const bK = transB ? 1 : ldb, bCol = transB ? ldb : 1;
  const readsAB = alpha !== 0 && k > 0; // the BLAS rule: alpha = 0 leaves A and B unread
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      if (readsAB) for (let p = 0; p < k; p++) sum += f[A + i * aRow + p * aK]! * f[B + p * bK + j * bCol]!;
      const at = C + i * ldc + j;
      f[at] = (readsAB ? alpha * sum : 0) + (beta === 0 ? 0 : beta * f[at]!);
    }
  }
}
