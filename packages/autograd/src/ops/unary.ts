// Elementwise functions of one tensor: tanh, sigmoid, relu (kernel) and exp, log (loops).
import { kernel } from '../engine.js';
import { accumulate, op } from '../graph.js';
import type { Tensor } from '../tensor.js';

/** tanh x; dx += dy · (1 − y²). */
export function tanh(x: Tensor): Tensor {
  const k = kernel();
  const y = op('tanh', [x], x.shape, (dy) => accumulate(x, (dx) => k.raw.tanhBackward(x.size, y.data.ptr, dy.ptr, dx.ptr)));
  k.raw.tanhForward(x.size, x.data.ptr, y.data.ptr);
  return y;
}

/** σ(x) = 1 / (1 + e^(−x)); dx += dy · y · (1 − y). */
export function sigmoid(x: Tensor): Tensor {
  const k = kernel();
  const y = op('sigmoid', [x], x.shape, (dy) => accumulate(x, (dx) => k.raw.sigmoidBackward(x.size, y.data.ptr, dy.ptr, dx.ptr)));
  k.raw.sigmoidForward(x.size, x.data.ptr, y.data.ptr);
  return y;
}

/** max(x, 0); dx += dy where y > 0. */
export function relu(x: Tensor): Tensor {
  const k = kernel();
  const y = op('relu', [x], x.shape, (dy) => accumulate(x, (dx) => k.raw.reluBackward(x.size, y.data.ptr, dy.ptr, dx.ptr)));
  k.raw.reluForward(x.size, x.data.ptr, y.data.ptr);
  return y;
}

/** A unary op in plain loops: y = f(x), dx += dy · f′(x, y). */
function unary(name: string, x: Tensor, f: (v: number) => number, df: (v: number, out: number) => number): Tensor {
  const k = kernel();
  const y = op(name, [x], x.shape, (gradOut) => accumulate(x, (gx) => {
    const dx = k.f32(gx), dy = k.f32(gradOut), xv = x.view(), yv = y.view();
    for (let i = 0; i < dx.length; i++) dx[i] = dx[i]! + dy[i]! * df(xv[i]!, yv[i]!);
  }));
  const xv = x.view(), yv = y.view();
  for (let i = 0; i < yv.length; i++) yv[i] = f(xv[i]!);
  return y;
}

/** e^x; dx += dy · y. */
export function exp(x: Tensor): Tensor {
  return unary('exp', x, Math.exp, (_v, out) => out);
}

/** ln x (NaN below zero, −∞ at zero, as in PyTorch); dx += dy / x. */
export function log(x: Tensor): Tensor {
  return unary('log', x, Math.log, (v) => 1 / v);
}
