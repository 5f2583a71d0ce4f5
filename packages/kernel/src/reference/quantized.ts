import { quantizedRowBytes } from '../functions.js';
import type { Views } from './memory.js';

const W_LEVELS = 127;
const X_LEVELS = 8191;
const f32 = Math.fround;

/** round(v) to the nearest integer, ties to even (wasm's `nearest`). */
function nearest(v: number): number {
  const floor = Math.floor(v), diff = v - floor;
  return diff > 0.5 || (diff === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
}

/** nearest(v) clamped to [−levels, levels]; NaN to 0. */
function quantize(v: number, levels: number): number {
  return Number.isNaN(v) ? 0 : Math.min(Math.max(nearest(v), -levels), levels);
}

/** The largest |v| of `count` floats from `at` (NaN if any is NaN: Math.max keeps it, as wasm's max does). */
function largestMagnitude(f: Float32Array, at: number, count: number): number {
  let largest = 0;
  for (let j = 0; j < count; j++) largest = Math.max(largest, Math.abs(f[at + j]!));
  return largest;
}

/** The level scale 1 / s: 0 where the largest magnitude is 0, ∞ or NaN (everything quantizes to 0). */
function inverseScale(largest: number, levels: number): number {
  return largest > 0 && largest < Infinity ? f32(levels / largest) : 0;
}

/** q, scales ← W quantized to int8 per row: s_r = max|W[r, :]| / 127, q = round(W / s_r). */
export function quantizeRows({ f }: Views, rows: number, cols: number, w: number, ldw: number, q: number, scales: number): void {
  const bytes = new Int8Array(f.buffer, f.byteOffset);
  const stride = quantizedRowBytes(cols);
  for (let r = 0; r < rows; r++) {
    const row = (w >> 2) + r * ldw;
    const largest = largestMagnitude(f, row, cols);
    const inverse = inverseScale(largest, W_LEVELS);
    for (let j = 0; j < stride; j++) bytes[q + r * stride + j] = j < cols ? quantize(f32(f[row + j]! * inverse), W_LEVELS) : 0;
    f[(scales >> 2) + r] = f32(largest / W_LEVELS);
  }
}

/** y = beta · y + (s_r · s_x) · Σ_j q[r, j] · round(x_j / s_x), s_x = max|x| / 8191. */
export function gemvInt8({ f }: Views, rows: number, cols: number, q: number, scales: number, x: number, beta: number, y: number): void {
  const bytes = new Int8Array(f.buffer, f.byteOffset);
  const stride = quantizedRowBytes(cols);
  const largest = largestMagnitude(f, x >> 2, cols);
  const sx = f32(largest / X_LEVELS);
  const inverse = inverseScale(largest, X_LEVELS);
  const xq = Array.from({ length: cols }, (_, j) => quantize(f32(f[(x >> 2) + j]! * inverse), X_LEVELS));
  for (let r = 0; r < rows; r++) {
    let sum = 0; // exact: below 2^31 for cols ≤ 8192
    for (let j = 0; j < cols; j++) sum += bytes[q + r * stride + j]! * xq[j]!;
    const at = (y >> 2) + r;
    const value = f32(f32(sum) * f32(f[(scales >> 2) + r]! * sx));
    f[at] = beta === 0 ? value : f32(value + f32(beta * f[at]!));
  }
}
