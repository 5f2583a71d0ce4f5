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

/**
 * ∂L/∂θ += g for every parameter, g laid out as {@link writeFlatGradients} writes it. The sum
 * runs in the kernel (g copied into its memory once): a JavaScript loop over a thread's shared
 * buffer took 0.23 ms of a 6.9 ms two-thread step for 105 K weights (RNN 256).
 */
export function addFlatGradients(params: readonly Tensor[], from: Float32Array): void {
  const k = kernel();
  const grads = params.map((p) => p.gradBuffer()); // before the mark: a gradient allocated after it would go with the staging buffer
  const mark = k.arena.mark();
  try {
    const staged = k.alloc(from.length);
    k.f32(staged).set(from);
    let offset = 0;
    params.forEach((p, i) => {
      k.raw.axpy(p.size, 1, staged.ptr + 4 * offset, grads[i]!.ptr);
      offset += p.size;
    });
  } finally {
    k.arena.release(mark);
  }
}
