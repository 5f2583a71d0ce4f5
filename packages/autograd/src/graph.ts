import type { F32 } from '@recurrent/kernel';
import { kernel } from './engine.js';
import { formatShape, type Shape } from './shape.js';
import { Tensor, type Backward } from './tensor.js';

let gradEnabled = true;

/** Whether ops record themselves for backward right now. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` with recording off: ops compute values only, outputs never require grad, nothing
 * is kept for a backward. For inference and for updates that must not be differentiated.
 */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * The one way an op makes its output: allocate it and, when recording and some input requires
 * grad, remember the inputs and the op's backward. The caller then computes the values into
 * `output.data`. Every built-in op is written with it, and so can any other:
 *
 * @example
 * ```ts
 * // y = 2x, so dx += 2 · dy
 * function double(x: Tensor): Tensor {
 *   const k = kernel();
 *   const y = op('double', [x], x.shape, (dy) => accumulate(x, (dx) => k.raw.axpy(x.size, 2, dy.ptr, dx.ptr)));
 *   k.raw.copy(x.size, x.data.ptr, y.data.ptr);
 *   k.raw.scale(y.size, 2, y.data.ptr);
 *   return y;
 * }
 * ```
 *
 * `data` lets a view op (reshape, detach-like ops) share its input's memory instead of
 * allocating.
 */
export function op(name: string, inputs: readonly Tensor[], shape: Shape, backward: Backward, data?: F32): Tensor {
  for (const input of inputs) input.checkAlive(name);
  const record = gradEnabled && inputs.some((t) => t.requiresGrad);
  const output = new Tensor(shape, data ?? kernel().alloc(shapeSize(shape)), name, record ? inputs : [], record);
  if (record) output.backwardFn = backward;
  return output;
}

function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Calls `fn` with the input's gradient buffer when the input takes a gradient. */
export function accumulate(input: Tensor, fn: (grad: F32) => void): void {
  if (input.requiresGrad) fn(input.gradBuffer());
}

/**
 * Reverse-mode differentiation from `root`: d(root)/d(t) is added into the gradient of every
 * tensor t that requires grad and that root was made from. A scalar root is seeded with 1;
 * any other needs `gradient` (the upstream gradient, root's size). The graph is freed as it
 * is walked, as PyTorch does by default: a second backward through it is an error.
 */
export function backward(root: Tensor, gradient?: ArrayLike<number>): void {
  root.checkAlive('backward');
  checkReleased(root);
  if (!root.requiresGrad) {
    throw new Error(`backward: ${root.toString()} does not require grad (no input of it requires grad, or it was made under noGrad)`);
  }
  if (gradient === undefined && root.size !== 1) {
    throw new RangeError(`backward: ${root.toString()} is not a scalar (shape ${formatShape(root.shape)}); pass the upstream gradient`);
  }
  if (gradient !== undefined && gradient.length !== root.size) {
    throw new RangeError(`backward: the gradient has ${gradient.length} values for ${root.toString()} of ${root.size}`);
  }
  const order = topologicalOrder(root);
  const k = kernel();
  const seed = k.f32(root.gradBuffer());
  for (let i = 0; i < seed.length; i++) seed[i] = seed[i]! + (gradient === undefined ? 1 : gradient[i]!);

  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i]!;
    const fn = t.backwardFn;
    if (fn === undefined) continue;
    if (t.hasGrad) fn(t.gradBuffer(), t);
    t.backwardFn = undefined;
    t.inputs = [];
    t.released = 'backward';
  }
}

/** A tensor whose graph is gone cannot pass a gradient on: say why instead of silently stopping. */
function checkReleased(t: Tensor): void {
  if (t.released === 'backward') {
    throw new Error(`backward: the graph through ${t.toString()} was already used by a backward; build it again (run the forward once more)`);
  }
  if (t.released === 'scope' && t.op !== 'leaf') {
    throw new Error(`backward: ${t.toString()} came out of a scope, which cut it from its graph; call backward inside the scope`);
  }
}

/** Every tensor root depends on through grad-requiring inputs, each after its inputs. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative depth-first search: a sequence of thousands of steps would overflow recursion.
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, next] = top;
    if (next < t.inputs.length) {
      top[1] = next + 1;
      const input = t.inputs[next]!;
      checkReleased(input);
      if (input.requiresGrad && !visited.has(input)) {
        visited.add(input);
        stack.push([input, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}
