// Matrix–vector products with int8 weights, for inference. A recurrent model stepped one token
// at a time reads all of W_hh at every step, from beyond the cache once it passes a megabyte or
// two: a float32 product then runs at the memory's speed, and int8 rows read a quarter of the
// bytes. Each row keeps a float32 scale (symmetric, per row), x is quantized to int16 at each
// call, and the sums are exact in int32.
//
//   quantizeRows:  s_r = max_j |W[r, j]| / 127,  q[r, j] = round(W[r, j] / s_r)
//   gemvInt8:      y_r = beta · y_r + (s_r · s_x) · Σ_j q[r, j] · round(x_j / s_x),  s_x = max_j |x_j| / 8191
//
// q is stored row-major with rows of ⌈cols / 16⌉ · 16 bytes (zero past cols). Rounding is to the
// nearest, ties to even. With |x_q| ≤ 8191 and |q| ≤ 127, a lane of the int32 sums adds cols / 4
// products below 2^20 each: no overflow up to 8192 columns.

/** The most columns gemvInt8 takes (its int32 sums cannot overflow below this). */
const MAX_QUANTIZED_COLUMNS = 8192;
const X_LEVELS: f32 = 8191;
const W_LEVELS: f32 = 127;

// x as int16, padded with zeros to a multiple of 16.
const xq = memory.data(MAX_QUANTIZED_COLUMNS * 2, 16);

/** round(v) to the nearest integer in [−levels, levels], ties to even; NaN to 0. */
// @ts-ignore: decorator
@inline function quantize(v: f32, levels: f32): i32 {
  const rounded = min(max(nearest<f32>(v), -levels), levels);
  return rounded != rounded ? 0 : <i32>rounded;
}

// @ts-ignore: decorator
@inline function paddedColumns(cols: i32): i32 {
  return (cols + 15) & ~15;
}

/** q, scales ← W (rows × cols, row length ldw) quantized to int8 per row. */
export function quantizeRows(rows: i32, cols: i32, w: usize, ldw: i32, q: usize, scales: usize): void {
  const stride = <usize>paddedColumns(cols);
  for (let r = 0; r < rows; r++) {
    const row = w + ((<usize>r * ldw) << 2);
    let largest: f32 = 0;
    for (let j = 0; j < cols; j++) largest = max(largest, abs(load<f32>(row + (<usize>j << 2))));
    const scale = largest / W_LEVELS;
    const inverse = largest > 0 && largest < Infinity ? W_LEVELS / largest : <f32>0;
    const out = q + <usize>r * stride;
    for (let j = 0; j < cols; j++) store<i8>(out + j, <i8>quantize(load<f32>(row + (<usize>j << 2)) * inverse, W_LEVELS));
    for (let j = cols; j < <i32>stride; j++) store<i8>(out + j, 0);
    store<f32>(scales + (<usize>r << 2), scale);
  }
}

// @ts-ignore: decorator
@inline function sumLanes(v: v128): i32 {
  return (i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1)) + (i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3));
}

// @ts-ignore: decorator
@inline function dot16(acc: v128, row: usize, j: usize, xLow: v128, xHigh: v128): v128 {
  const v = v128.load(row + j);
  return i32x4.add(acc, i32x4.add(i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(v), xLow), i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(v), xHigh)));
}

// @ts-ignore: decorator
@inline function storeRow(y: usize, r: i32, sum: i32, scales: usize, sx: f32, beta: f32): void {
  const at = y + (<usize>r << 2);
  const value = <f32>sum * (load<f32>(scales + (<usize>r << 2)) * sx);
  store<f32>(at, beta == 0 ? value : value + beta * load<f32>(at));
}

/** y = beta · y + diag(scales) · q · x, x quantized to int16 (beta 0 does not read y). */
export function gemvInt8(rows: i32, cols: i32, q: usize, scales: usize, x: usize, beta: f32, y: usize): void {
  const padded = paddedColumns(cols);
  let largest: f32 = 0;
  for (let j = 0; j < cols; j++) largest = max(largest, abs(load<f32>(x + (<usize>j << 2))));
  // NaN or ∞ in x: s_x is NaN, and so is y.
  const sx = largest / X_LEVELS;
  const inverse = largest > 0 && largest < Infinity ? X_LEVELS / largest : <f32>0;
  for (let j = 0; j < cols; j++) store<i16>(xq + (<usize>j << 1), <i16>quantize(load<f32>(x + (<usize>j << 2)) * inverse, X_LEVELS));
  for (let j = cols; j < padded; j++) store<i16>(xq + (<usize>j << 1), 0);

  const stride = <usize>padded;
  let r = 0;
  // Four rows share each load of x.
  for (; r + 4 <= rows; r += 4) {
    const q0 = q + <usize>r * stride, q1 = q0 + stride, q2 = q1 + stride, q3 = q2 + stride;
    let a0 = i32x4.splat(0), a1 = i32x4.splat(0), a2 = i32x4.splat(0), a3 = i32x4.splat(0);
    for (let j = 0; j < padded; j += 16) {
      const xLow = v128.load(xq + (<usize>j << 1)), xHigh = v128.load(xq + (<usize>j << 1) + 16);
      a0 = dot16(a0, q0, j, xLow, xHigh);
      a1 = dot16(a1, q1, j, xLow, xHigh);
      a2 = dot16(a2, q2, j, xLow, xHigh);
      a3 = dot16(a3, q3, j, xLow, xHigh);
    }
    storeRow(y, r, sumLanes(a0), scales, sx, beta);
    storeRow(y, r + 1, sumLanes(a1), scales, sx, beta);
    storeRow(y, r + 2, sumLanes(a2), scales, sx, beta);
    storeRow(y, r + 3, sumLanes(a3), scales, sx, beta);
  }
  for (; r < rows; r++) {
    const q0 = q + <usize>r * stride;
    let a0 = i32x4.splat(0);
    for (let j = 0; j < padded; j += 16) a0 = dot16(a0, q0, j, v128.load(xq + (<usize>j << 1)), v128.load(xq + (<usize>j << 1) + 16));
    storeRow(y, r, sumLanes(a0), scales, sx, beta);
  }
}
