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

/** The rows of op(B) per block of the packed layout (the wasm kernel's KC). */
const BLOCK = 512;

/** Where op(B)[p, j] sits in a packed op(B) of K×N (the layout in src/raw.ts). */
function packedIndex(k: number, n: number, p: number, j: number): number {
  const n8 = Math.ceil(n / 8) * 8;
  const k0 = p - (p % BLOCK), kc = Math.min(BLOCK, k - k0);
  const j0 = j - (j % 8);
  return k0 * n8 + j0 * kc + (p - k0) * 8 + (j - j0);
}

/** packed ← op(B) in the panel layout, zero in the padding columns. */
export function packB({ f }: Views, transB: number, k: number, n: number, b: number, ldb: number, packed: number): void {
  const B = b >> 2, P = packed >> 2;
  const n8 = Math.ceil(n / 8) * 8;
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n8; j++) {
      f[P + packedIndex(k, n, p, j)] = j < n ? f[B + (transB ? j * ldb + p : p * ldb + j)]! : 0;
    }
  }
}

/** C = alpha · op(A) · B + beta · C, B read from its packed layout — the triple loop of sgemm. */
export function sgemmPacked(
  { f }: Views, transA: number, m: number, n: number, k: number,
  alpha: number, a: number, lda: number, packed: number,
  beta: number, c: number, ldc: number,
): void {
  const A = a >> 2, P = packed >> 2, C = c >> 2;
  const aRow = transA ? 1 : lda, aK = transA ? lda : 1;
  const readsAB = alpha !== 0 && k > 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      if (readsAB) for (let p = 0; p < k; p++) sum += f[A + i * aRow + p * aK]! * f[P + packedIndex(k, n, p, j)]!;
      const at = C + i * ldc + j;
      f[at] = (readsAB ? alpha * sum : 0) + (beta === 0 ? 0 : beta * f[at]!);
    }
  }
}
