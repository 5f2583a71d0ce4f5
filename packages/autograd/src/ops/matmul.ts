// The matrix product and its two gradients, each one sgemm.
import { kernel } from '../engine.js';
import { accumulate, op } from '../graph.js';
import { shapeError } from '../shape.js';
import type { Tensor } from '../tensor.js';

export interface MatmulOptions {
  /** Use aᵀ (a stored K×M). */
  transA?: boolean;
  /** Use bᵀ (b stored N×K) — how PyTorch-layout weights [out, in] multiply: x · Wᵀ. */
  transB?: boolean;
}

/**
 * C = op(a) · op(b) for 2-D tensors.
 *   d op(a) = dC · op(b)ᵀ,  d op(b) = op(a)ᵀ · dC
 * and a transposed operand takes the transpose of its gradient — all as sgemm flags, no copies.
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const { transA = false, transB = false } = options;
  if (a.shape.length !== 2 || b.shape.length !== 2) shapeError('matmul', 'needs two 2-D tensors', a.shape, b.shape);
  const [ar, ac] = a.shape as [number, number];
  const [br, bc] = b.shape as [number, number];
  const [M, K] = transA ? [ac, ar] : [ar, ac];
  const [K2, N] = transB ? [bc, br] : [br, bc];
  if (K !== K2) {
    shapeError('matmul', `inner dimensions differ (${K} vs ${K2}${transA || transB ? `, transA ${transA}, transB ${transB}` : ''})`, a.shape, b.shape);
  }
  const k = kernel();
  const sgemm = k.raw.sgemm;
  const ta = transA ? 1 : 0, tb = transB ? 1 : 0;
  const out = op('matmul', [a, b], [M, N], (dC) => {
    accumulate(a, (dA) => {
      if (!transA) sgemm(0, 1 - tb, M, K, N, 1, dC.ptr, N, b.data.ptr, bc, 1, dA.ptr, K);
      else sgemm(tb, 1, K, M, N, 1, b.data.ptr, bc, dC.ptr, N, 1, dA.ptr, M);
    });
    accumulate(b, (dB) => {
      if (!transB) sgemm(1 - ta, 0, K, N, M, 1, a.data.ptr, ac, dC.ptr, N, 1, dB.ptr, N);
      else sgemm(1, ta, N, K, M, 1, dC.ptr, N, a.data.ptr, ac, 1, dB.ptr, K);
    });
  });
  sgemm(ta, tb, M, N, K, 1, a.data.ptr, ac, b.data.ptr, bc, 0, out.data.ptr, N);
  return out;
}
