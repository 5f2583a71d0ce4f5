// add, sub, mul, div (same shape, a row broadcast over the last axis, or a scalar) and scale.
import { kernel } from '../engine.js';
import { accumulate, op } from '../graph.js';
import { shapeError } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** How b lines up with a: element i of a meets element index(i) of b. */
type Broadcast = 'same' | 'row' | 'scalar';

function broadcastOf(name: string, a: Tensor, b: Tensor): Broadcast {
  if (a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i])) return 'same';
  const cols = a.shape[a.shape.length - 1];
  const bIsRow = b.shape.length <= 2 && b.size === cols && b.shape.slice(0, -1).every((d) => d === 1);
  if (a.shape.length >= 1 && bIsRow) return 'row';
  if (b.size === 1) return 'scalar';
  return shapeError(name, 'needs equal shapes, a row of the last axis, or a one-element tensor as the second operand', a.shape, b.shape);
}

/**
 * The generic elementwise binary op in plain loops: out = f(a, b'), where b' is b broadcast;
 * da += dout · ∂f/∂a, db' += dout · ∂f/∂b (summed over the broadcast).
 */
function binary(
  name: string, a: Tensor, b: Tensor,
  f: (x: number, y: number) => number,
  dfa: (x: number, y: number, out: number) => number,
  dfb: (x: number, y: number, out: number) => number,
): Tensor {
  const k = kernel();
  const mode = broadcastOf(name, a, b);
  const cols = b.size;
  const at = mode === 'same' ? (i: number) => i : mode === 'row' ? (i: number) => i % cols : () => 0;
  const out = op(name, [a, b], a.shape, (gradOut) => {
    // Views are taken after the gradient buffer exists: allocating may grow (and detach) memory.
    accumulate(a, (ga) => {
      const da = k.f32(ga), dout = k.f32(gradOut), x = a.view(), y = b.view(), o = out.view();
      for (let i = 0; i < da.length; i++) da[i] = da[i]! + dout[i]! * dfa(x[i]!, y[at(i)]!, o[i]!);
    });
    accumulate(b, (gb) => {
      const db = k.f32(gb), dout = k.f32(gradOut), x = a.view(), y = b.view(), o = out.view();
      for (let i = 0; i < dout.length; i++) db[at(i)] = db[at(i)]! + dout[i]! * dfb(x[i]!, y[at(i)]!, o[i]!);
    });
  });
  const x = a.view(), y = b.view(), o = out.view();
  for (let i = 0; i < o.length; i++) o[i] = f(x[i]!, y[at(i)]!);
  return out;
}

/** a + b. Same shapes and row broadcasts (bias) run in the kernel. */
export function add(a: Tensor, b: Tensor): Tensor {
  const k = kernel();
  const mode = broadcastOf('add', a, b);
  if (mode === 'scalar') return binary('add', a, b, (x, y) => x + y, () => 1, () => 1);
  const rows = a.size / b.size;
  const out = op('add', [a, b], a.shape, (gradOut) => {
    accumulate(a, (da) => k.raw.axpy(a.size, 1, gradOut.ptr, da.ptr));
    accumulate(b, (db) => {
      // A broadcast row's gradient is the column sum of the output's gradient.
      if (mode === 'same') k.raw.axpy(b.size, 1, gradOut.ptr, db.ptr);
      else k.raw.columnSum(rows, b.size, gradOut.ptr, 1, db.ptr);
    });
  });
  if (mode === 'same') k.raw.add(a.size, a.data.ptr, b.data.ptr, out.data.ptr);
  else {
    k.raw.copy(a.size, a.data.ptr, out.data.ptr);
    k.raw.addRowBias(rows, b.size, b.data.ptr, out.data.ptr);
  }
  return out;
}

/** a − b. */
export function sub(a: Tensor, b: Tensor): Tensor {
  return binary('sub', a, b, (x, y) => x - y, () => 1, () => -1);
}

/** a ⊙ b; da += dout ⊙ b, db += dout ⊙ a. Same shapes run in the kernel. */
export function mul(a: Tensor, b: Tensor): Tensor {
  if (broadcastOf('mul', a, b) !== 'same') return binary('mul', a, b, (x, y) => x * y, (_x, y) => y, (x) => x);
  const k = kernel();
  const n = a.size;
  const out = op('mul', [a, b], a.shape, (gradOut) => {
    const product = k.alloc(n);
    accumulate(a, (da) => {
      k.raw.mul(n, gradOut.ptr, b.data.ptr, product.ptr);
      k.raw.axpy(n, 1, product.ptr, da.ptr);
    });
    accumulate(b, (db) => {
      k.raw.mul(n, gradOut.ptr, a.data.ptr, product.ptr);
      k.raw.axpy(n, 1, product.ptr, db.ptr);
    });
  });
  k.raw.mul(n, a.data.ptr, b.data.ptr, out.data.ptr);
  return out;
}

/** a / b. */
export function div(a: Tensor, b: Tensor): Tensor {
  return binary('div', a, b, (x, y) => x / y, (_x, y) => 1 / y, (x, y) => -x / (y * y));
}

/** s · x for a number s. */
export function scale(x: Tensor, s: number): Tensor {
  const k = kernel();
  const out = op('scale', [x], x.shape, (gradOut) => accumulate(x, (dx) => k.raw.axpy(x.size, s, gradOut.ptr, dx.ptr)));
  k.raw.copy(x.size, x.data.ptr, out.data.ptr);
  k.raw.scale(x.size, s, out.data.ptr);
  return out;
}
