// Elementwise loops over n floats: four lanes at a time, then a scalar tail.
import { madd, sigmoidScalar, sigmoidVector, tanhScalar, tanhVector } from './simd';

export function tanhForward(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, tanhVector(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, tanhScalar(load<f32>(x + o)));
  }
}

export function sigmoidForward(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, sigmoidVector(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, sigmoidScalar(load<f32>(x + o)));
  }
}

export function reluForward(n: i32, x: usize, y: usize): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    // A select on x < 0 rather than max(x, 0): relu(NaN) stays NaN, as in PyTorch.
    const v = v128.load(x + o);
    v128.store(y + o, v128.bitselect(zero, v, f32x4.lt(v, zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(y + o, v < 0 ? 0 : v);
  }
}

/** dx += dy · (1 − y²). */
export function tanhBackward(n: i32, y: usize, dy: usize, dx: usize): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(y + o);
    v128.store(dx + o, madd(v128.load(dy + o), f32x4.sub(one, f32x4.mul(v, v)), v128.load(dx + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(y + o);
    store<f32>(dx + o, load<f32>(dx + o) + load<f32>(dy + o) * (1 - v * v));
  }
}

/** dx += dy · y · (1 − y). */
export function sigmoidBackward(n: i32, y: usize, dy: usize, dx: usize): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(y + o);
    v128.store(dx + o, madd(v128.load(dy + o), f32x4.mul(v, f32x4.sub(one, v)), v128.load(dx + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(y + o);
    store<f32>(dx + o, load<f32>(dx + o) + load<f32>(dy + o) * (v * (1 - v)));
  }
}

/** dx += dy where y > 0. */
export function reluBackward(n: i32, y: usize, dy: usize, dx: usize): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const pass = v128.and(v128.load(dy + o), f32x4.gt(v128.load(y + o), zero));
    v128.store(dx + o, f32x4.add(v128.load(dx + o), pass));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    if (load<f32>(y + o) > 0) store<f32>(dx + o, load<f32>(dx + o) + load<f32>(dy + o));
  }
}

export function add(n: i32, a: usize, b: usize, out: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) + load<f32>(b + o));
  }
}

export function mul(n: i32, a: usize, b: usize, out: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) * load<f32>(b + o));
  }
}

/** y += alpha · x. */
export function axpy(n: i32, alpha: f32, x: usize, y: usize): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, madd(va, v128.load(x + o), v128.load(y + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, f32x4.extract_lane(madd(va, f32x4.splat(load<f32>(x + o)), f32x4.splat(load<f32>(y + o))), 0));
  }
}

export function scale(n: i32, alpha: f32, x: usize): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(x + o, f32x4.mul(va, v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(x + o, alpha * load<f32>(x + o));
  }
}

export function fill(n: i32, value: f32, x: usize): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(x + (<usize>i << 2), v);
  for (; i < n; i++) store<f32>(x + (<usize>i << 2), value);
}

export function copy(n: i32, x: usize, y: usize): void {
  memory.copy(y, x, <usize>n << 2);
}

/** x = min(max(x, lo), hi); NaN stays NaN. */
export function clamp(n: i32, lo: f32, hi: f32, x: usize): void {
  const vlo = f32x4.splat(lo);
  const vhi = f32x4.splat(hi);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const low = v128.bitselect(vlo, v, f32x4.lt(v, vlo));
    v128.store(x + o, v128.bitselect(vhi, low, f32x4.gt(low, vhi)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(x + o, v < lo ? lo : v > hi ? hi : v);
  }
}

/** Σ x², in float64 so that a norm over millions of parameters does not lose digits. */
export function sumSquares(n: i32, x: usize): f64 {
  let total: f64 = 0;
  let i = 0;
  // Blocks of up to 1024 floats summed in float32 lanes, then added into the float64 total.
  while (i + 4 <= n) {
    let acc = f32x4.splat(0);
    const end = min(i + 1024, n - 3);
    for (; i < end; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      acc = madd(v, v, acc);
    }
    total += <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1)
      + <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
  }
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    total += v * v;
  }
  return total;
}
