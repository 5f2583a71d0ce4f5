// Ops that move values without arithmetic: reshape, transpose, slice, concat, stack.
import { kernel } from '../engine.js';
import { accumulate, op } from '../graph.js';
import { aroundAxis, formatShape, normalizeAxis, shapeError, sizeOf, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** The same values under another shape (shares memory); one dimension may be −1. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const k = kernel();
  const unknown = shape.indexOf(-1);
  if (shape.filter((d) => d === -1).length > 1) shapeError('reshape', 'takes at most one −1 dimension', x.shape, shape);
  const resolved = [...shape];
  if (unknown >= 0) {
    const known = sizeOf(shape.filter((_d, i) => i !== unknown));
    // −1 must be an exact quotient; with a zero-sized known part it would be ambiguous.
    if (known === 0 || x.size % known !== 0) shapeError('reshape', `cannot hold ${x.size} elements`, x.shape, shape);
    resolved[unknown] = x.size / known;
  }
  if (resolved.some((d) => !Number.isInteger(d) || d < 0)) shapeError('reshape', 'needs non-negative integer dimensions', x.shape, shape);
  if (sizeOf(resolved) !== x.size) shapeError('reshape', `cannot hold ${x.size} elements`, x.shape, shape);
  return op('reshape', [x], resolved, (gradOut) => accumulate(x, (dx) => k.raw.axpy(x.size, 1, gradOut.ptr, dx.ptr)), x.data);
}

/** The transpose of a 2-D tensor (a copy). */
export function transpose(x: Tensor): Tensor {
  if (x.shape.length !== 2) shapeError('transpose', 'needs a 2-D tensor', x.shape);
  const [rows, cols] = x.shape as [number, number];
  const k = kernel();
  const out = op('transpose', [x], [cols, rows], (gradOut) => accumulate(x, (gx) => {
    const dx = k.f32(gx), dy = k.f32(gradOut);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) dx[r * cols + c] = dx[r * cols + c]! + dy[c * rows + r]!;
  }));
  const xv = x.view(), y = out.view();
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) y[c * rows + r] = xv[r * cols + c]!;
  return out;
}

/** Elements start ≤ i < end along `axis` (a copy). */
export function slice(x: Tensor, axis: number, start: number, end: number): Tensor {
  const a = normalizeAxis('slice', axis, x.shape.length);
  const { outer, dim, inner } = aroundAxis(x.shape, a);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > dim || start > end) {
    throw new RangeError(`slice: range [${start}, ${end}) does not fit axis ${axis} of size ${dim} in shape ${formatShape(x.shape)}`);
  }
  const width = end - start;
  const k = kernel();
  // Backward: each of the `outer` runs of width·inner elements is contiguous on both sides, one
  // wasm axpy each (a whole sequence's dh when slicing the time axis).
  const out = op('slice', [x], x.shape.map((d, i) => (i === a ? width : d)), (gradOut) => accumulate(x, (gx) => {
    for (let o = 0; o < outer; o++) {
      const from = o * width * inner, to = (o * dim + start) * inner;
      k.raw.axpy(width * inner, 1, gradOut.ptr + 4 * from, gx.ptr + 4 * to);
    }
  }));
  const xv = x.view(), y = out.view();
  for (let o = 0; o < outer; o++) y.set(xv.subarray((o * dim + start) * inner, (o * dim + end) * inner), o * width * inner);
  return out;
}

/** Tensors joined along `axis`; all other dimensions must agree. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  const first = tensors[0];
  if (first === undefined) throw new RangeError('concat: needs at least one tensor');
  const a = normalizeAxis('concat', axis, first.shape.length);
  for (const t of tensors) {
    if (t.shape.length !== first.shape.length || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      shapeError('concat', `needs equal shapes except along axis ${axis}`, first.shape, t.shape);
    }
  }
  const total = tensors.reduce((s, t) => s + t.shape[a]!, 0);
  const { outer, inner } = aroundAxis(first.shape, a);
  const k = kernel();
  const offsets: number[] = [];
  let running = 0;
  for (const t of tensors) {
    offsets.push(running);
    running += t.shape[a]!;
  }
  const out = op('concat', tensors, first.shape.map((d, i) => (i === a ? total : d)), (gradOut) => {
    tensors.forEach((t, j) => accumulate(t, (gt) => {
      const width = t.shape[a]! * inner;
      for (let o = 0; o < outer; o++) {
        k.raw.axpy(width, 1, gradOut.ptr + 4 * (o * total + offsets[j]!) * inner, gt.ptr + 4 * o * width);
      }
    }));
  });
  const y = out.view();
  tensors.forEach((t, j) => {
    const tv = t.view(), width = t.shape[a]! * inner;
    for (let o = 0; o < outer; o++) y.set(tv.subarray(o * width, (o + 1) * width), (o * total + offsets[j]!) * inner);
  });
  return out;
}

/** Tensors of one shape stacked along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  const first = tensors[0];
  if (first === undefined) throw new RangeError('stack: needs at least one tensor');
  const a = axis < 0 ? axis + first.shape.length + 1 : axis;
  if (!Number.isInteger(a) || a < 0 || a > first.shape.length) throw new RangeError(`stack: axis ${axis} is out of range for rank ${first.shape.length}`);
  for (const t of tensors) {
    if (t.shape.length !== first.shape.length || t.shape.some((d, i) => d !== first.shape[i])) {
      shapeError('stack', 'needs tensors of one shape', first.shape, t.shape);
    }
  }
  const withAxis = [...first.shape.slice(0, a), 1, ...first.shape.slice(a)];
  return concat(tensors.map((t) => reshape(t, withAxis)), a);
}
