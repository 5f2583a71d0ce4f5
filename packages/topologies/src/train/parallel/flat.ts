import { kernel, type Tensor } from '@recurrent/autograd';

/** How many floats the parameters hold together. */
export function flatSize(params: readonly Tensor[]): number {
  return params.reduce((n, p) => n + p.size, 0);
}

/** Copies every parameter's values into `into`, one after the other. */
export function writeFlat(params: readonly Tensor[], into: Float32Array): void {
  let offset = 0;
  for (const p of params) {
    into.set(p.view(), offset);
    offset += p.size;
  }
}

/** Sets every parameter's values from `from` (laid out as {@link writeFlat} writes them). */
export function readFlat(params: readonly Tensor[], from: Float32Array): void {
  let offset = 0;
  for (const p of params) {
    p.set(from.subarray(offset, offset + p.size));
    offset += p.size;
  }
}

/** Copies every parameter's gradient (zeros where none reached it) into `into`. */
export function writeFlatGradients(params: readonly Tensor[], into: Float32Array): void {
  let offset = 0;
  for (const p of params) {
    into.set(kernel().f32(p.gradBuffer()), offset);
    offset += p.size;
  }
}

/** ∂L/∂θ += g for every parameter, g laid out as {@link writeFlatGradients} writes it. */
export function addFlatGradients(params: readonly Tensor[], from: Float32Array): void {
  let offset = 0;
  for (const p of params) {
    // gradBuffer() runs before the view is taken: its first allocation may grow the memory.
    const grad = kernel().f32(p.gradBuffer());
    for (let i = 0; i < p.size; i++) grad[i] = grad[i]! + from[offset + i]!;
    offset += p.size;
  }
}
