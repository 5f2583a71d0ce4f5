// softmax, log-softmax along an axis, and the fused softmax cross-entropy with integer targets.
import { kernel } from '../engine.js';
import { accumulate, op } from '../graph.js';
import { aroundAxis, formatShape, normalizeAxis, shapeError } from '../shape.js';
import type { Tensor } from '../tensor.js';

/**
 * Walks every line along `axis`: `line(get, set)` sees one softmax row at a time.
 * Element j of the line (o, n) sits at (o · dim + j) · inner + n.
 */
function forEachLine(x: Tensor, axis: number, fn: (base: number, stride: number, dim: number) => void): void {
  const { outer, dim, inner } = aroundAxis(x.shape, axis);
  for (let o = 0; o < outer; o++) for (let n = 0; n < inner; n++) fn(o * dim * inner + n, inner, dim);
}

/** Writes log-softmax of one line of x into y: x − max − ln Σ e^(x − max). */
function logSoftmaxLine(x: Float32Array, y: Float32Array, base: number, stride: number, dim: number): void {
  let max = -Infinity;
  for (let j = 0; j < dim; j++) max = Math.max(max, x[base + j * stride]!);
  let total = 0;
  for (let j = 0; j < dim; j++) total += Math.exp(x[base + j * stride]! - max);
  const lse = max + Math.log(total);
  for (let j = 0; j < dim; j++) y[base + j * stride] = x[base + j * stride]! - lse;
}

/** softmax(x) along `axis`; dx = y ⊙ (dy − Σ dy ⊙ y). */
export function softmax(x: Tensor, axis = -1): Tensor {
  const a = normalizeAxis('softmax', axis, x.shape.length);
  const k = kernel();
  const y = op('softmax', [x], x.shape, (gradOut) => accumulate(x, (gx) => {
    const dx = k.f32(gx), dy = k.f32(gradOut), yv = y.view();
    forEachLine(x, a, (base, stride, dim) => {
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += dy[base + j * stride]! * yv[base + j * stride]!;
      for (let j = 0; j < dim; j++) {
        const i = base + j * stride;
        dx[i] = dx[i]! + yv[i]! * (dy[i]! - dot);
      }
    });
  }));
  const xv = x.view(), yv = y.view();
  forEachLine(x, a, (base, stride, dim) => {
    logSoftmaxLine(xv, yv, base, stride, dim);
    for (let j = 0; j < dim; j++) yv[base + j * stride] = Math.exp(yv[base + j * stride]!);
  });
  return y;
}

/** log softmax(x) along `axis`; dx = dy − softmax(x) · Σ dy. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const a = normalizeAxis('logSoftmax', axis, x.shape.length);
  const k = kernel();
  const y = op('logSoftmax', [x], x.shape, (gradOut) => accumulate(x, (gx) => {
    const dx = k.f32(gx), dy = k.f32(gradOut), yv = y.view();
    forEachLine(x, a, (base, stride, dim) => {
      let total = 0;
      for (let j = 0; j < dim; j++) total += dy[base + j * stride]!;
      for (let j = 0; j < dim; j++) {
        const i = base + j * stride;
        dx[i] = dx[i]! + dy[i]! - Math.exp(yv[i]!) * total;
      }
    });
  }));
  const xv = x.view(), yv = y.view();
  forEachLine(x, a, (base, stride, dim) => logSoftmaxLine(xv, yv, base, stride, dim));
  return y;
}

export interface CrossEntropyOptions {
  /** 'mean' (default) over the rows not ignored, or 'sum'. */
  reduction?: 'mean' | 'sum';
  /** Rows whose target is this add nothing (padding); default −100 as in PyTorch. */
  ignoreIndex?: number;
}

/**
 * Softmax cross-entropy of logits [N, C] against integer targets, as one kernel pass that
 * also leaves d(loss)/d(logits) = (softmax − onehot) · scale for the backward.
 * A mean over zero kept rows is NaN, as in PyTorch.
 */
export function crossEntropy(logits: Tensor, targets: ArrayLike<number>, options: CrossEntropyOptions = {}): Tensor {
  const { reduction = 'mean', ignoreIndex = -100 } = options;
  if (logits.shape.length !== 2) shapeError('crossEntropy', 'needs logits of shape [N, C]', logits.shape);
  if (!Number.isInteger(ignoreIndex)) throw new RangeError(`crossEntropy: ignoreIndex must be an integer, got ${ignoreIndex} (logits ${formatShape(logits.shape)})`);
  const [rows, cols] = logits.shape as [number, number];
  if (targets.length !== rows) {
    throw new RangeError(`crossEntropy: ${targets.length} targets for ${rows} rows of logits [${rows}, ${cols}]`);
  }
  let kept = 0;
  for (let i = 0; i < rows; i++) {
    const t = targets[i]!;
    if (t === ignoreIndex) continue;
    if (!Number.isInteger(t) || t < 0 || t >= cols) throw new RangeError(`crossEntropy: target ${i} is ${t}, outside [0, ${cols})`);
    kept++;
  }
  const k = kernel();
  const targetBuffer = k.allocInt32(rows);
  k.i32(targetBuffer).set(targets);
  const dlogits = k.allocUnfilled(logits.size); // softmaxCrossEntropy writes every row
  const scale = reduction === 'mean' ? 1 / kept : 1;
  const loss = op('crossEntropy', [logits], [], (gradOut) => accumulate(logits, (dx) => {
    k.raw.axpy(logits.size, k.f32(gradOut)[0]!, dlogits.ptr, dx.ptr);
  }));
  const total = k.raw.softmaxCrossEntropy(rows, cols, logits.data.ptr, targetBuffer.ptr, ignoreIndex, kept === 0 ? 0 : scale, dlogits.ptr);
  loss.view()[0] = reduction === 'mean' ? (kept === 0 ? NaN : total / kept) : total;
  return loss;
}
