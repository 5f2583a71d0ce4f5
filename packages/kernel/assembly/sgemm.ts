// C = alpha · op(A) · op(B) + beta · C, row-major, float32.
//
// The general path is a small GotoBLAS: op(B) is packed, a panel of NR = 8 columns at a time,
// into a contiguous KC×8 block that stays in L1; a 4×8 register tile of C (eight f32x4
// accumulators) then takes, per step of k, two vector loads of the panel, four broadcast loads
// of A and eight multiply-adds. Vectors (M = 1 or N = 1) take a matrix–vector path instead,
// since a panel of 8 columns would be mostly padding there.
//
// A recurrent layer multiplies by the same W_hh at every time step: packB packs op(B) once, in
// the panels sgemm would build, and sgemmPacked reuses them (the packing is then paid once per
// sequence instead of once per step). Packed layout, for blocks of KC = 512 rows of op(B): element
// op(B)[k0 + p, j0 + jj] at packed[k0 · N8 + j0 · kc + p · 8 + jj], N8 = N rounded up to 8,
// kc = min(512, K − k0), zero where j0 + jj ≥ N.
import { madd, transpose4x4 } from './simd';

const MR = 4;
const NR = 8;
const KC = 512;
const MC = 256;

/** Columns of a packed op(B): N rounded up to a whole panel. */
// @ts-ignore: decorator
@inline function packedColumns(n: i32): i32 {
  return (n + NR - 1) & ~(NR - 1);
}

/** One packed KC×NR panel of op(B): row p holds op(B)[k0 + p, j0 .. j0 + 8]. */
const panel = memory.data(KC * NR * 4, 64);
/**
 * op(A) block packed four rows at a time when A is stored transposed: element (i, k) of the
 * block at ((i / 4) · kc + k) · 4 + i % 4. Without it, each step of k in a tile would jump a
 * whole row of A (often a new page); packed, the tile walks memory in order.
 */
const packedA = memory.data(MC * KC * 4, 64);
/** Landing place of a tile whose columns run past N. */
const edge = memory.data(MR * NR * 4, 16);

export function sgemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  alpha: f32, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f32, c: usize, ldc: i32,
): void {
  if (nothingToMultiply(m, n, k, alpha, beta, c, ldc)) return;
  if (m == 1 && (!transA || lda == 1)) {
    if (transB) gemvRows(n, k, alpha, b, ldb, a, beta, c, 1);
    else gemvColumns(k, n, alpha, a, b, ldb, beta, c);
    return;
  }
  if (n == 1 && (transB || ldb == 1)) {
    if (!transA) { gemvRows(m, k, alpha, a, lda, b, beta, c, ldc); return; }
    if (ldc == 1) { gemvColumns(k, m, alpha, b, a, lda, beta, c); return; }
  }

  blocks(transA, transB, m, n, k, alpha, a, lda, b, ldb, 0, beta, c, ldc);
}

/**
 * The BLAS rule for an empty product: with K = 0 or alpha = 0, C = beta · C and A, B are not
 * read (true: nothing more to do); with M or N = 0 there is no C at all.
 */
function nothingToMultiply(m: i32, n: i32, k: i32, alpha: f32, beta: f32, c: usize, ldc: i32): bool {
  if (m == 0 || n == 0) return true;
  if (k != 0 && alpha != 0) return false;
  for (let i = 0; i < m; i++) scaleRow(n, beta, c + <usize>i * ldc * 4);
  return true;
}

/** packed ← op(B) (K×N) in sgemm's panels, for {@link sgemmPacked}; spans K · N8 floats. */
export function packB(transB: i32, k: i32, n: i32, b: usize, ldb: i32, packed: usize): void {
  const n8 = packedColumns(n);
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = min(KC, k - k0);
    for (let j0 = 0; j0 < n; j0 += NR) {
      const dst = packed + (<usize>k0 * n8 + <usize>j0 * kc) * 4;
      if (transB) packTransposed(b, ldb, k0, kc, j0, min(NR, n - j0), dst);
      else packRows(b, ldb, k0, kc, j0, min(NR, n - j0), dst);
    }
  }
}

/** C = alpha · op(A) · B + beta · C, with B packed by {@link packB}: sgemm without packing B. */
export function sgemmPacked(
  transA: i32, m: i32, n: i32, k: i32,
  alpha: f32, a: usize, lda: i32, packed: usize,
  beta: f32, c: usize, ldc: i32,
): void {
  if (nothingToMultiply(m, n, k, alpha, beta, c, ldc)) return;
  blocks(transA, 0, m, n, k, alpha, a, lda, 0, 0, packed, beta, c, ldc);
}

/**
 * The blocked product: panels of op(B) packed as they are reached, or read from `packed`
 * (nonzero: a whole op(B) from packB), and 4×8 tiles of C from them.
 */
function blocks(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  alpha: f32, a: usize, lda: i32, b: usize, ldb: i32, packed: usize,
  beta: f32, c: usize, ldc: i32,
): void {
  // Stepping through op(A): bytes to the next row i and to the next k.
  const aRow: usize = transA ? 4 : <usize>lda << 2;
  const aK: usize = transA ? <usize>lda << 2 : 4;
  const cRow: usize = <usize>ldc << 2;
  const n8 = packedColumns(n);
  for (let i0 = 0; i0 < m; i0 += MC) {
    const mc = min(MC, m - i0);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = min(KC, k - k0);
      const first = k0 == 0;
      const fullRows = mc & ~(MR - 1);
      if (transA) packTransposedA(a, lda, i0, fullRows, k0, kc);
      for (let j0 = 0; j0 < n; j0 += NR) {
        const nc = min(NR, n - j0);
        let p = panel;
        if (packed) p = packed + (<usize>k0 * n8 + <usize>j0 * kc) * 4;
        else if (transB) packTransposed(b, ldb, k0, kc, j0, nc, panel);
        else packRows(b, ldb, k0, kc, j0, nc, panel);
        const cBlock = c + <usize>j0 * 4;
        let i = i0;
        for (; i + MR <= i0 + mc; i += MR) {
          const c4 = cBlock + <usize>i * cRow;
          if (transA) tile4x8(kc, p, packedA + <usize>(i - i0) * kc * 4, 4, 16, c4, cRow, nc, alpha, beta, first);
          else tile4x8(kc, p, a + <usize>i * aRow + <usize>k0 * aK, aRow, aK, c4, cRow, nc, alpha, beta, first);
        }
        for (; i < i0 + mc; i++) {
          tile1x8(kc, p, a + <usize>i * aRow + <usize>k0 * aK, aK, cBlock + <usize>i * cRow, nc, alpha, beta, first);
        }
      }
    }
  }
}

/** packedA ← op(A)[i0 .. i0 + rows, k0 .. k0 + kc] with A stored K×M (rows a multiple of 4). */
function packTransposedA(a: usize, lda: i32, i0: i32, rows: i32, k0: i32, kc: i32): void {
  const stride = <usize>lda << 2;
  // Four rows of op(A) at a time, written in order: going down a column of groups instead would
  // store to addresses kc·16 bytes apart, which share a few sets of the L1 cache and evict each other.
  for (let i = 0; i < rows; i += MR) {
    let src = a + (<usize>k0 * lda + i0 + i) * 4;
    let dst = packedA + <usize>i * kc * 4;
    const end = dst + (<usize>kc << 4);
    for (; dst < end; dst += 16, src += stride) v128.store(dst, v128.load(src));
  }
}

/** row = beta · row, without reading it when beta is 0 (NaN in C must not survive beta = 0). */
function scaleRow(n: i32, beta: f32, row: usize): void {
  if (beta == 0) { memory.fill(row, 0, <usize>n << 2); return; }
  if (beta == 1) return;
  for (let j = 0; j < n; j++) store<f32>(row + (<usize>j << 2), beta * load<f32>(row + (<usize>j << 2)));
}

/** dst[p, 0..8] = B[k0 + p, j0 .. j0 + nc], padded with zeros. */
function packRows(b: usize, ldb: i32, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const stride = <usize>ldb << 2;
  let src = b + (<usize>k0 * ldb + j0) * 4;
  if (nc == NR) {
    for (let p = 0; p < kc; p++, src += stride, dst += NR * 4) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
    }
  } else {
    for (let p = 0; p < kc; p++, src += stride, dst += NR * 4) {
      v128.store(dst, f32x4.splat(0));
      v128.store(dst, f32x4.splat(0), 16);
      memory.copy(dst, src, <usize>nc << 2);
    }
  }
}

/** out[p, jj] = B[j0 + jj, k0 + p]: B stored N×K, transposed four by four in registers. */
function packTransposed(b: usize, ldb: i32, k0: i32, kc: i32, j0: i32, nc: i32, out: usize): void {
  const stride = <usize>ldb << 2;
  const base = b + (<usize>j0 * ldb + k0) * 4;
  let p = 0;
  if (nc == NR) {
    for (; p + 4 <= kc; p += 4) {
      const dst = out + <usize>p * NR * 4;
      for (let half = 0; half < 2; half++) {
        transpose4x4(base + <usize>(half * 4) * stride + (<usize>p << 2), stride, dst + <usize>half * 16, NR * 4);
      }
    }
  }
  for (; p < kc; p++) {
    const dst = out + <usize>p * NR * 4;
    v128.store(dst, f32x4.splat(0));
    v128.store(dst, f32x4.splat(0), 16);
    for (let jj = 0; jj < nc; jj++) {
      store<f32>(dst + (<usize>jj << 2), load<f32>(base + <usize>jj * stride + (<usize>p << 2)));
    }
  }
}

/** Writes one row of a tile: C = alpha·acc + beta·C on the first K block, C += alpha·acc after. */
// @ts-ignore: decorator
@inline function storeRow(dst: usize, acc0: v128, acc1: v128, nc: i32, alpha: f32, beta: f32, first: bool): void {
  const va = f32x4.splat(alpha);
  let out = dst;
  if (nc != NR) {
    out = edge;
    memory.copy(edge, dst, <usize>nc << 2);
  }
  let r0 = f32x4.mul(acc0, va);
  let r1 = f32x4.mul(acc1, va);
  if (!first) {
    r0 = f32x4.add(v128.load(out), r0);
    r1 = f32x4.add(v128.load(out, 16), r1);
  } else if (beta != 0) {
    const vb = f32x4.splat(beta);
    r0 = madd(vb, v128.load(out), r0);
    r1 = madd(vb, v128.load(out, 16), r1);
  }
  v128.store(out, r0);
  v128.store(out, r1, 16);
  if (nc != NR) memory.copy(dst, edge, <usize>nc << 2);
}

/** A 4×8 tile of C from four rows of op(A) and a packed panel. */
function tile4x8(
  kc: i32, panel: usize, a: usize, aRow: usize, aK: usize, c: usize, cRow: usize,
  nc: i32, alpha: f32, beta: f32, first: bool,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
  let p = panel;
  const end = panel + <usize>kc * NR * 4;
  while (p < end) {
    const b0 = v128.load(p);
    const b1 = v128.load(p, 16);
    let x = v128.load32_splat(a0);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
    x = v128.load32_splat(a1);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
    x = v128.load32_splat(a2);
    c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
    x = v128.load32_splat(a3);
    c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
    a0 += aK; a1 += aK; a2 += aK; a3 += aK;
    p += NR * 4;
  }
  storeRow(c, c00, c01, nc, alpha, beta, first);
  storeRow(c + cRow, c10, c11, nc, alpha, beta, first);
  storeRow(c + 2 * cRow, c20, c21, nc, alpha, beta, first);
  storeRow(c + 3 * cRow, c30, c31, nc, alpha, beta, first);
}

/** A 1×8 tile: the rows left over when M is not a multiple of 4. */
function tile1x8(kc: i32, panel: usize, a: usize, aK: usize, c: usize, nc: i32, alpha: f32, beta: f32, first: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let p = panel;
  for (let q = 0; q < kc; q++, a += aK, p += NR * 4) {
    const x = v128.load32_splat(a);
    c0 = madd(x, v128.load(p), c0);
    c1 = madd(x, v128.load(p, 16), c1);
  }
  storeRow(c, c0, c1, nc, alpha, beta, first);
}

/**
 * y[r·incy] = alpha · dot(mat[r, :], x) + beta · y[r·incy] for r < rows (x contiguous, length k).
 * Four rows at a time share each load of x.
 */
function gemvRows(rows: i32, k: i32, alpha: f32, mat: usize, ldm: i32, x: usize, beta: f32, y: usize, incy: i32): void {
  const stride = <usize>ldm << 2;
  const yStride = <usize>incy << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const m0 = mat + <usize>r * stride;
    const m1 = m0 + stride, m2 = m1 + stride, m3 = m2 + stride;
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let q = 0;
    for (; q + 4 <= k; q += 4) {
      const o = <usize>q << 2;
      const xv = v128.load(x + o);
      s0 = madd(v128.load(m0 + o), xv, s0);
      s1 = madd(v128.load(m1 + o), xv, s1);
      s2 = madd(v128.load(m2 + o), xv, s2);
      s3 = madd(v128.load(m3 + o), xv, s3);
    }
    let d0 = horizontalSum(s0), d1 = horizontalSum(s1), d2 = horizontalSum(s2), d3 = horizontalSum(s3);
    for (; q < k; q++) {
      const o = <usize>q << 2;
      const xs = load<f32>(x + o);
      d0 += load<f32>(m0 + o) * xs;
      d1 += load<f32>(m1 + o) * xs;
      d2 += load<f32>(m2 + o) * xs;
      d3 += load<f32>(m3 + o) * xs;
    }
    const yr = y + <usize>r * yStride;
    storeDot(yr, d0, alpha, beta);
    storeDot(yr + yStride, d1, alpha, beta);
    storeDot(yr + 2 * yStride, d2, alpha, beta);
    storeDot(yr + 3 * yStride, d3, alpha, beta);
  }
  for (; r < rows; r++) {
    const m0 = mat + <usize>r * stride;
    let s0 = f32x4.splat(0);
    let q = 0;
    for (; q + 4 <= k; q += 4) s0 = madd(v128.load(m0 + (<usize>q << 2)), v128.load(x + (<usize>q << 2)), s0);
    let d0 = horizontalSum(s0);
    for (; q < k; q++) d0 += load<f32>(m0 + (<usize>q << 2)) * load<f32>(x + (<usize>q << 2));
    storeDot(y + <usize>r * yStride, d0, alpha, beta);
  }
}

// @ts-ignore: decorator
@inline function horizontalSum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

// @ts-ignore: decorator
@inline function storeDot(dst: usize, dot: f32, alpha: f32, beta: f32): void {
  store<f32>(dst, beta == 0 ? alpha * dot : alpha * dot + beta * load<f32>(dst));
}

/**
 * y[j] = alpha · Σ_q x[q] · mat[q, j] + beta · y[j] for j < cols (y contiguous).
 * Streams eight rows of mat at a time along y, which stays in L1: every access is sequential.
 */
function gemvColumns(k: i32, cols: i32, alpha: f32, x: usize, mat: usize, ldm: i32, beta: f32, y: usize): void {
  scaleRow(cols, beta, y);
  const stride = <usize>ldm << 2;
  let q = 0;
  for (; q + 8 <= k; q += 8) {
    const r0 = mat + <usize>q * stride;
    const r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
    const r4 = r3 + stride, r5 = r4 + stride, r6 = r5 + stride, r7 = r6 + stride;
    const xq = x + (<usize>q << 2);
    const x0 = f32x4.splat(alpha * load<f32>(xq)), x1 = f32x4.splat(alpha * load<f32>(xq, 4));
    const x2 = f32x4.splat(alpha * load<f32>(xq, 8)), x3 = f32x4.splat(alpha * load<f32>(xq, 12));
    const x4 = f32x4.splat(alpha * load<f32>(xq, 16)), x5 = f32x4.splat(alpha * load<f32>(xq, 20));
    const x6 = f32x4.splat(alpha * load<f32>(xq, 24)), x7 = f32x4.splat(alpha * load<f32>(xq, 28));
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      let s = madd(x0, v128.load(r0 + o), v128.load(y + o));
      s = madd(x1, v128.load(r1 + o), s);
      s = madd(x2, v128.load(r2 + o), s);
      s = madd(x3, v128.load(r3 + o), s);
      s = madd(x4, v128.load(r4 + o), s);
      s = madd(x5, v128.load(r5 + o), s);
      s = madd(x6, v128.load(r6 + o), s);
      s = madd(x7, v128.load(r7 + o), s);
      v128.store(y + o, s);
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      let s = load<f32>(y + o);
      s += f32x4.extract_lane(x0, 0) * load<f32>(r0 + o);
      s += f32x4.extract_lane(x1, 0) * load<f32>(r1 + o);
      s += f32x4.extract_lane(x2, 0) * load<f32>(r2 + o);
      s += f32x4.extract_lane(x3, 0) * load<f32>(r3 + o);
      s += f32x4.extract_lane(x4, 0) * load<f32>(r4 + o);
      s += f32x4.extract_lane(x5, 0) * load<f32>(r5 + o);
      s += f32x4.extract_lane(x6, 0) * load<f32>(r6 + o);
      s += f32x4.extract_lane(x7, 0) * load<f32>(r7 + o);
      store<f32>(y + o, s);
    }
  }
  for (; q < k; q++) {
    const row = mat + <usize>q * stride;
    const xs = alpha * load<f32>(x + (<usize>q << 2));
    const xv = f32x4.splat(xs);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(y + o, madd(xv, v128.load(row + o), v128.load(y + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(y + o, load<f32>(y + o) + xs * load<f32>(row + o));
    }
  }
}
