import type { F32 } from '@recurrent/kernel';
import { kernel } from './engine.js';
import type { Tensor } from './tensor.js';

/**
 * Scopes free a training step's intermediates all at once. The arena is a bump allocator, so
 * a scope remembers where the arena stood, and at its end moves it back there; tensors the
 * caller keeps (the scope's return value) are copied down to fresh memory first. Tensors made
 * inside and not kept are marked disposed, so using one later is a clear error rather than a
 * read of someone else's numbers.
 */
interface Frame {
  mark: number;
  created: Tensor[];
  /** Tensors from outside the scope whose gradient buffer was first allocated inside it. */
  gradsAllocated: Tensor[];
}

const frames: Frame[] = [];

/** @internal Called by every Tensor constructor. */
export function onTensorCreated(t: Tensor): void {
  frames[frames.length - 1]?.created.push(t);
}

/** @internal Called when a tensor's gradient buffer is allocated. */
export function onGradAllocated(t: Tensor): void {
  frames[frames.length - 1]?.gradsAllocated.push(t);
}

/**
 * Runs `fn` and frees every tensor it created except those in its return value (the value
 * itself, or inside arrays and plain objects).
 * Leaf tensors that require grad get their gradient buffer at creation, so parameters made
 * before the scope keep their gradients; optimizer state made before it stays too.
 *
 * @example
 * ```ts
 * for (let step = 0; step < 10_000; step++) {
 *   const loss = scope(() => {
 *     const l = crossEntropy(model(x), targets);
 *     l.backward();
 *     return l.item();            // a number: nothing tensor-shaped survives the step
 *   });
 *   optimizer.step(); optimizer.zeroGrad();
 * }
 * ```
 */
export function scope<T>(fn: () => T): T {
  const k = kernel();
  const frame: Frame = { mark: k.arena.mark(), created: [], gradsAllocated: [] };
  frames.push(frame);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    frames.pop();
    dispose(frame.created, new Set());
    k.arena.release(frame.mark);
    throw error;
  }
  frames.pop();
  const kept = new Set<Tensor>();
  collect(result, kept, frame);
  // Copy kept values out, free the step, then copy them back in at the bottom of the freed space.
  const saved = [...kept].map((t) => ({ t, values: k.toArray(t.data), grad: t.grad }));
  // An outer tensor (made before the scope) whose gradient first appeared inside keeps it too.
  const created = new Set(frame.created);
  const outerGrads = frame.gradsAllocated.filter((t) => !created.has(t)).map((t) => ({ t, grad: t.grad! }));
  dispose(frame.created, kept);
  k.arena.release(frame.mark);
  for (const { t, values, grad } of saved) {
    const data = k.fromArray(values);
    const gradData: F32 | undefined = grad === null ? undefined : k.fromArray(grad);
    t.relocate(data, gradData);
    // Its inputs were freed with the step: a kept tensor comes out detached.
    t.inputs = [];
    t.backwardFn = undefined;
    if (t.op !== 'leaf') {
      t.released = 'scope';
      t.requiresGrad = false;
    }
    frames[frames.length - 1]?.created.push(t);
  }
  for (const { t, grad } of outerGrads) {
    t.relocate(t.data, k.fromArray(grad));
    frames[frames.length - 1]?.gradsAllocated.push(t);
  }
  return result;
}

/** Finds the tensors in a scope's result: the value itself, or inside arrays and plain objects. */
function collect(value: unknown, kept: Set<Tensor>, frame: Frame): void {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    for (const v of value) collect(v, kept, frame);
    return;
  }
  if (isTensor(value)) {
    // A tensor made before the scope is already safe below the mark.
    if (frame.created.includes(value)) kept.add(value);
    return;
  }
  for (const v of Object.values(value)) collect(v, kept, frame);
}

function isTensor(value: object): value is Tensor {
  return 'data' in value && 'shape' in value && 'relocate' in value;
}

function dispose(created: readonly Tensor[], kept: Set<Tensor>): void {
  for (const t of created) {
    if (!kept.has(t)) {
      t.disposed = true;
      t.inputs = [];
      t.backwardFn = undefined;
    }
  }
}
