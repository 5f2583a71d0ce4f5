// Rows picked by integer indices (an embedding lookup) and one-hot vectors.
import { kernel } from '../engine.js';
import { accumulate, op } from '../graph.js';
import { shapeError } from '../shape.js';
import { Tensor } from '../tensor.js';

/** Integer indices as an int32 buffer in kernel memory, checked against [0, limit). */
function indexBuffer(name: string, indices: ArrayLike<number>, limit: number) {
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= limit) throw new RangeError(`${name}: index ${i} is ${v}, outside [0, ${limit})`);
  }
  const k = kernel();
  const buffer = k.allocInt32(indices.length);
  k.i32(buffer).set(indices);
  return buffer;
}

/**
 * out[i] = table[indices[i]] for a 2-D table [rows, width] → [n, width].
 * Backward: table.grad[indices[i]] += dout[i] (repeated indices add up).
 */
export function gatherRows(table: Tensor, indices: ArrayLike<number>): Tensor {
  if (table.shape.length !== 2) shapeError('gatherRows', 'needs a 2-D table', table.shape);
  const [rows, width] = table.shape as [number, number];
  const k = kernel();
  const idx = indexBuffer('gatherRows', indices, rows);
  const n = indices.length;
  const out = op('gatherRows', [table], [n, width], (gradOut) =>
    accumulate(table, (dt) => k.raw.scatterAddRows(n, width, gradOut.ptr, idx.ptr, dt.ptr)));
  k.raw.gatherRows(n, width, table.data.ptr, idx.ptr, out.data.ptr);
  return out;
}

/** [n, numClasses] with a 1 at each index: a constant, no gradient. */
export function oneHot(indices: ArrayLike<number>, numClasses: number): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  const out = Tensor.zeros([indices.length, numClasses]);
  const v = out.view();
  for (let i = 0; i < indices.length; i++) {
    const c = indices[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) throw new RangeError(`oneHot: index ${i} is ${c}, outside [0, ${numClasses})`);
    v[i * numClasses + c] = 1;
  }
  return out;
}
