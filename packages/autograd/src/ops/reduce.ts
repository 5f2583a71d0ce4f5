// Sums and means over one axis or over everything.
import { kernel } from '../engine.js';
import { accumulate, op } from '../graph.js';
import { aroundAxis, normalizeAxis, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

export interface ReduceOptions {
  /** Keep the reduced axis with size 1 (default false). */
  keepDims?: boolean;
}

/**
 * Σ over `axis` (or over every element when axis is undefined, giving a scalar).
 * Backward: every input element receives the gradient of the sum it went into.
 */
export function sum(x: Tensor, axis?: number, options: ReduceOptions = {}): Tensor {
  return reduce('sum', x, axis, options, 1);
}

/** The mean over `axis` (or over everything): the sum scaled by 1 / count. */
export function mean(x: Tensor, axis?: number, options: ReduceOptions = {}): Tensor {
  const count = axis === undefined ? x.size : x.shape[normalizeAxis('mean', axis, x.shape.length)]!;
  return reduce('mean', x, axis, options, 1 / count);
}

function reduce(name: string, x: Tensor, axis: number | undefined, options: ReduceOptions, factor: number): Tensor {
  const k = kernel();
  const a = axis === undefined ? undefined : normalizeAxis(name, axis, x.shape.length);
  const { outer, dim, inner } = a === undefined ? { outer: 1, dim: x.size, inner: 1 } : aroundAxis(x.shape, a);
  let shape: Shape = [];
  if (a !== undefined) shape = options.keepDims ? x.shape.map((d, i) => (i === a ? 1 : d)) : x.shape.filter((_d, i) => i !== a);
  else if (options.keepDims) shape = x.shape.map(() => 1);

  const out = op(name, [x], shape, (gradOut) => accumulate(x, (gx) => {
    const dx = k.f32(gx), dy = k.f32(gradOut);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < dim; i++) {
        for (let n = 0; n < inner; n++) dx[(o * dim + i) * inner + n] = dx[(o * dim + i) * inner + n]! + factor * dy[o * inner + n]!;
      }
    }
  }));
  const xv = x.view(), y = out.view();
  for (let o = 0; o < outer; o++) {
    for (let n = 0; n < inner; n++) {
      let total = 0;
      for (let i = 0; i < dim; i++) total += xv[(o * dim + i) * inner + n]!;
      y[o * inner + n] = factor * total;
    }
  }
  return out;
}
