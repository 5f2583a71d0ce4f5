import type { F32, Kernel } from '@recurrent/kernel';
import { kernel } from './engine.js';
import { backward } from './graph.js';
import { onGradAllocated, onTensorCreated } from './scope.js';
import { checkShape, formatShape, type Shape, sizeOf } from './shape.js';
import type { Random } from './random.js';

/** How an op's gradient flows back: given d(loss)/d(output), add into each input's gradient. */
export type Backward = (gradOutput: F32, output: Tensor) => void;

export interface TensorOptions {
  /** Record ops on this tensor so that backward() reaches it (default false). */
  requiresGrad?: boolean;
  /** A name for error messages and for saving (e.g. `weight_ih_l0`). */
  name?: string;
}

/**
 * An n-dimensional float32 array in kernel memory, row-major, that remembers how it was made.
 *
 * @example
 * ```ts
 * const w = Tensor.fromArray([1, 2, 3, 4], [2, 2], { requiresGrad: true });
 * const loss = sum(mul(w, w));
 * loss.backward();
 * w.grad; // Float32Array [2, 4, 6, 8]
 * ```
 */
export class Tensor {
  readonly shape: Shape;
  readonly size: number;
  /** Where the values live; re-pointed only when a scope moves a kept tensor. */
  data: F32;
  name: string | undefined;
  /** The op that made this tensor (`'leaf'` for one made from values). */
  readonly op: string;
  /** The tensors it was made from, while the graph is alive. */
  inputs: readonly Tensor[];
  /** Set by an op while grad is on; cleared once backward has run through it. */
  backwardFn: Backward | undefined;
  /** True once the scope that created this tensor has ended: its memory belongs to others. */
  disposed = false;
  /** Why the graph behind this tensor is gone: walked by a backward, or cut when a scope kept it. */
  released: 'backward' | 'scope' | undefined;
  /** The kernel whose memory holds the values: tensors of two backends cannot meet. */
  readonly kernel: Kernel;
  private gradData: F32 | undefined;
  private needsGrad: boolean;

  /** Use the factories ({@link Tensor.zeros}, {@link Tensor.fromArray}, …) or ops instead. */
  constructor(shape: Shape, data: F32, op: string, inputs: readonly Tensor[], requiresGrad: boolean, name?: string) {
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
    this.data = data;
    this.op = op;
    this.inputs = inputs;
    this.backwardFn = undefined;
    this.released = undefined;
    this.kernel = kernel();
    this.name = name;
    this.needsGrad = false;
    onTensorCreated(this);
    this.requiresGrad = requiresGrad;
  }

  /** Whether backward() computes a gradient for this tensor. */
  get requiresGrad(): boolean {
    return this.needsGrad;
  }

  set requiresGrad(value: boolean) {
    this.needsGrad = value;
    // A leaf's gradient is allocated now, with the leaf, so that a scope opened later for a
    // training step does not free it with the step's intermediates.
    if (value && this.op === 'leaf') this.gradBuffer();
  }

  // ---- creation -----------------------------------------------------------------------------

  static zeros(shape: Shape, options: TensorOptions = {}): Tensor {
    checkShape('Tensor.zeros', shape);
    return Tensor.leaf(shape, kernel().alloc(sizeOf(shape)), options);
  }

  static ones(shape: Shape, options: TensorOptions = {}): Tensor {
    return Tensor.full(shape, 1, options);
  }

  static full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
    const t = Tensor.zeros(shape, options);
    kernel().raw.fill(t.size, value, t.data.ptr);
    return t;
  }

  /** Values in row-major order; `shape` defaults to one dimension. */
  static fromArray(values: ArrayLike<number>, shape: Shape = [values.length], options: TensorOptions = {}): Tensor {
    checkShape('Tensor.fromArray', shape);
    if (sizeOf(shape) !== values.length) {
      throw new RangeError(`Tensor.fromArray: ${values.length} values do not fill shape ${formatShape(shape)} (${sizeOf(shape)} elements)`);
    }
    const t = Tensor.zeros(shape, options);
    t.set(values);
    return t;
  }

  static scalar(value: number, options: TensorOptions = {}): Tensor {
    return Tensor.fromArray([value], [], options);
  }

  /** Uniform in [low, high) from a seeded generator. */
  static uniform(shape: Shape, low: number, high: number, rng: Random, options: TensorOptions = {}): Tensor {
    const t = Tensor.zeros(shape, options);
    const view = t.view();
    for (let i = 0; i < view.length; i++) view[i] = rng.uniform(low, high);
    return t;
  }

  /** Normal with the given mean and standard deviation from a seeded generator. */
  static normal(shape: Shape, mean: number, std: number, rng: Random, options: TensorOptions = {}): Tensor {
    const t = Tensor.zeros(shape, options);
    const view = t.view();
    for (let i = 0; i < view.length; i++) view[i] = mean + std * rng.normal();
    return t;
  }

  private static leaf(shape: Shape, data: F32, options: TensorOptions): Tensor {
    return new Tensor(shape, data, 'leaf', [], options.requiresGrad ?? false, options.name);
  }

  // ---- inspection ---------------------------------------------------------------------------

  /** A copy of the values. */
  toArray(): Float32Array {
    this.checkAlive('toArray');
    return kernel().toArray(this.data);
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new RangeError(`item: needs a tensor with one element, got shape ${formatShape(this.shape)}`);
    return this.view()[0]!;
  }

  /** A copy of the gradient, or null before any backward reached this tensor. */
  get grad(): Float32Array | null {
    this.checkAlive('grad');
    return this.gradData === undefined ? null : kernel().toArray(this.gradData);
  }

  /** Overwrites the values (e.g. to load weights); the length must match. */
  set(values: ArrayLike<number>): void {
    if (values.length !== this.size) {
      throw new RangeError(`Tensor.set: ${values.length} values for a tensor of ${this.size} elements ${formatShape(this.shape)}`);
    }
    this.view().set(values);
  }

  /** A live view of the values: valid until the next allocation (memory may grow). */
  view(): Float32Array {
    this.checkAlive('view');
    return kernel().f32(this.data);
  }

  toString(): string {
    return `Tensor(${this.name ?? this.op}, ${formatShape(this.shape)})`;
  }

  // ---- gradient -----------------------------------------------------------------------------

  /** The gradient buffer, allocated (as zeros) on first need. */
  gradBuffer(): F32 {
    this.checkAlive('gradBuffer');
    if (this.gradData === undefined) {
      this.gradData = kernel().alloc(this.size);
      onGradAllocated(this);
    }
    return this.gradData;
  }

  /** Whether a gradient buffer exists. */
  get hasGrad(): boolean {
    return this.gradData !== undefined;
  }

  /** Sets the gradient to zero (gradients accumulate across backward calls until this). */
  zeroGrad(): void {
    this.checkAlive('zeroGrad');
    if (this.gradData !== undefined) kernel().raw.fill(this.size, 0, this.gradData.ptr);
  }

  /** Back-propagates from this tensor; see {@link backward}. */
  backward(gradient?: ArrayLike<number>): void {
    backward(this, gradient);
  }

  /** A tensor with the same values that no gradient flows through (it shares the memory). */
  detach(): Tensor {
    this.checkAlive('detach');
    return new Tensor(this.shape, this.data, 'detach', [], false, this.name);
  }

  /** Throws if a scope has freed this tensor's memory. */
  checkAlive(op: string): void {
    if (this.disposed) {
      throw new Error(`${op}: ${this.toString()} was freed when the scope that created it ended; return it from the scope to keep it`);
    }
    if (this.kernel !== kernel()) {
      throw new Error(`${op}: ${this.toString()} was made with the ${this.kernel.backend} backend before a switch to ${kernel().backend}; make tensors after choosing the backend`);
    }
  }

  /** Used by scopes to move a kept tensor; not for general use. */
  relocate(data: F32, grad: F32 | undefined): void {
    this.data = data;
    this.gradData = grad;
  }
}
