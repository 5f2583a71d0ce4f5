import type { Views } from './memory.js';

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function map({ f }: Views, n: number, x: number, y: number, fn: (v: number) => number): void {
  for (let j = 0; j < n; j++) f[(y >> 2) + j] = fn(f[(x >> 2) + j]!);
}

/** dx += dy · local(y) */
function chain({ f }: Views, n: number, y: number, dy: number, dx: number, local: (y: number) => number): void {
  for (let j = 0; j < n; j++) f[(dx >> 2) + j] = f[(dx >> 2) + j]! + f[(dy >> 2) + j]! * local(f[(y >> 2) + j]!);
}

export const tanhForward = (v: Views, n: number, x: number, y: number) => map(v, n, x, y, Math.tanh);
export const sigmoidForward = (v: Views, n: number, x: number, y: number) => map(v, n, x, y, sigmoid);
export const reluForward = (v: Views, n: number, x: number, y: number) => map(v, n, x, y, (t) => (t < 0 ? 0 : t));
export const tanhBackward = (v: Views, n: number, y: number, dy: number, dx: number) => chain(v, n, y, dy, dx, (t) => 1 - t * t);
export const sigmoidBackward = (v: Views, n: number, y: number, dy: number, dx: number) => chain(v, n, y, dy, dx, (t) => t * (1 - t));
export const reluBackward = (v: Views, n: number, y: number, dy: number, dx: number) => chain(v, n, y, dy, dx, (t) => (t > 0 ? 1 : 0));

export function add({ f }: Views, n: number, a: number, b: number, out: number): void {
  for (let j = 0; j < n; j++) f[(out >> 2) + j] = f[(a >> 2) + j]! + f[(b >> 2) + j]!;
}

export function mul({ f }: Views, n: number, a: number, b: number, out: number): void {
  for (let j = 0; j < n; j++) f[(out >> 2) + j] = f[(a >> 2) + j]! * f[(b >> 2) + j]!;
}

export function axpy({ f }: Views, n: number, alpha: number, x: number, y: number): void {
  for (let j = 0; j < n; j++) f[(y >> 2) + j] = f[(y >> 2) + j]! + alpha * f[(x >> 2) + j]!;
}

export function scale({ f }: Views, n: number, alpha: number, x: number): void {
  for (let j = 0; j < n; j++) f[(x >> 2) + j] = alpha * f[(x >> 2) + j]!;
}

export function fill({ f }: Views, n: number, value: number, x: number): void {
  f.fill(value, x >> 2, (x >> 2) + n);
}

export function copy({ f }: Views, n: number, x: number, y: number): void {
  f.copyWithin(y >> 2, x >> 2, (x >> 2) + n);
}

export function clamp({ f }: Views, n: number, lo: number, hi: number, x: number): void {
  for (let j = 0; j < n; j++) {
    const t = f[(x >> 2) + j]!;
    f[(x >> 2) + j] = t < lo ? lo : t > hi ? hi : t;
  }
}

export function sumSquares({ f }: Views, n: number, x: number): number {
  let total = 0;
  for (let j = 0; j < n; j++) total += f[(x >> 2) + j]! ** 2;
  return total;
}
