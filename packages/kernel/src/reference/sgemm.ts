import type { Views } from './memory.js';

/** C = alpha · op(A) · op(B) + beta · C — the textbook triple loop, summed in float64. */
export function sgemm(
  { f }: Views, transA: number, transB: number, m: number, n: number, k: number,
  alpha: number, a: number, lda: number, b: number, ldb: number,
  beta: number, c: number, ldc: number,
): void {
  const A = a >> 2, B = b >> 2, C = c >> 2;
  const opA = transA ? (i: number, p: number) => f[A + p * lda + i]! : (i: number, p: number) => f[A + i * lda + p]!;
  const opB = transB ? (p: number, j: number) => f[B + j * ldb + p]! : (p: number, j: number) => f[B + p * ldb + j]!;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += opA(i, p) * opB(p, j);
      const at = C + i * ldc + j;
      f[at] = alpha * sum + (beta === 0 ? 0 : beta * f[at]!);
    }
  }
}
