/** A tensor's dimensions, outermost first (row-major storage). */
export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function checkShape(op: string, shape: Shape): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RangeError(`${op}: a shape is a list of non-negative integers, got ${JSON.stringify(shape)}`);
  }
}

/** Throws the shape error every op gives: the op, what it expected, both shapes. */
export function shapeError(op: string, expectation: string, a: Shape, b?: Shape): never {
  const shapes = b === undefined ? formatShape(a) : `${formatShape(a)} and ${formatShape(b)}`;
  throw new RangeError(`${op}: ${expectation}, got ${shapes}`);
}

/** A negative axis counts from the end, as in PyTorch. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) throw new RangeError(`${op}: axis ${axis} is out of range for rank ${rank}`);
  return a;
}

/**
 * Views a shape as [outer, axis, inner] around one axis: element (o, i, n) is at
 * (o · dim + i) · inner + n. Sum, slice, concat, softmax all walk tensors this way.
 */
export function aroundAxis(shape: Shape, axis: number): { outer: number; dim: number; inner: number } {
  return {
    outer: sizeOf(shape.slice(0, axis)),
    dim: shape[axis]!,
    inner: sizeOf(shape.slice(axis + 1)),
  };
}
