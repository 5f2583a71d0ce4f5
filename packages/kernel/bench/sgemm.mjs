import { packedSize } from '../dist/index.js';

/**
 * The matrix-product cases: C = A·B (and C = A·Bᵀ, PyTorch-layout weights), float32, row-major.
 */

/**
 * @typedef {object} SgemmShape
 * @property {number} m
 * @property {number} k
 * @property {number} n
 * @property {boolean} transB  B is stored N×K and used transposed
 */

/** The sizes of the workload notes (M, K, N), then the A·Bᵀ rows used by recurrent layers. */
export const SGEMM_SHAPES = /** @type {SgemmShape[]} */ ([
  { m: 32, k: 128, n: 512, transB: false },
  { m: 32, k: 256, n: 1024, transB: false },
  { m: 1, k: 256, n: 1024, transB: false },
  { m: 256, k: 256, n: 256, transB: false },
  { m: 512, k: 512, n: 512, transB: false },
  { m: 32, k: 128, n: 512, transB: true },
  { m: 32, k: 256, n: 1024, transB: true },
  { m: 1, k: 256, n: 1024, transB: true },
]);

/** @param {SgemmShape} shape */
export const flops = ({ m, k, n }) => 2 * m * k * n;

/** @param {SgemmShape} shape e.g. "32×256×1024 A·Bᵀ" */
export const label = ({ m, k, n, transB }) => `${m}×${k}×${n} ${transB ? 'A·Bᵀ' : 'A·B'}`;

/**
 * Sets up one product on a kernel: A and B copied into its memory, C allocated.
 * `typed` calls the public, validating `k.sgemm`; `raw` calls `k.raw.sgemm` with pointers;
 * `packed` multiplies by op(B) packed beforehand (`packB` once, `sgemmPacked` per call).
 * @param {import('../dist/index.js').Kernel} kernel
 * @param {SgemmShape} shape
 * @param {Float32Array} a  M×K
 * @param {Float32Array} b  K×N, or N×K when transB
 */
export function kernelSgemm(kernel, { m, k, n, transB }, a, b) {
  const bufA = kernel.fromArray(a);
  const bufB = kernel.fromArray(b);
  const bufC = kernel.alloc(m * n);
  const ldb = transB ? k : n;
  // op(B) packed once, as a recurrent layer packs W_hh once per sequence.
  const packedB = kernel.alloc(packedSize(k, n));
  kernel.raw.packB(transB ? 1 : 0, k, n, bufB.ptr, ldb, packedB.ptr);
  return {
    typed() {
      kernel.sgemm(false, transB, m, n, k, 1, bufA, k, bufB, ldb, 0, bufC, n);
    },
    raw() {
      kernel.raw.sgemm(0, transB ? 1 : 0, m, n, k, 1, bufA.ptr, k, bufB.ptr, ldb, 0, bufC.ptr, n);
    },
    /** The product by the packed op(B) (sgemmPacked, no argument checks, like `raw`). */
    packed() {
      kernel.raw.sgemmPacked(0, m, n, k, 1, bufA.ptr, k, packedB.ptr, 0, bufC.ptr, n);
    },
    /** C as last computed. */
    result() {
      return kernel.toArray(bufC);
    },
  };
}

/**
 * The largest |x − reference| relative to the largest |reference| (0 when they agree exactly).
 * @param {Float32Array} values
 * @param {Float32Array} reference
 */
export function relativeError(values, reference) {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    diff = Math.max(diff, Math.abs(values[i] - reference[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return diff / (scale || 1);
}
