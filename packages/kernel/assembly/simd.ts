// Vector building blocks shared by every loop: the fused multiply-add that the two builds
// differ in, and float32x4 exp / sigmoid / tanh. Scalar tails run the same vector code on one
// lane, so a value gets the same bits whether it sits in a full vector or in the tail.

/** a·b + c: one fused instruction with relaxed SIMD, a multiply then an add without it. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/**
 * e^x, Cephes' expf: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6 polynomial,
 * 2^n put straight into the exponent bits. Inputs are clamped to [-87, 88] so 2^n stays a
 * normal float; about 1 ulp of error.
 *
 * Written for what V8 makes of it on x64, since the cells spend most of their time here: the
 * clamp uses pmin/pmax (one instruction each; min/max cost seven for their NaN and −0 rules,
 * and a NaN still passes through as the first operand), and n comes from adding 1.5·2^23,
 * which rounds x·log2(e) to the nearest integer and leaves it in the low bits of the sum, so
 * neither `nearest` nor a saturating float-to-int conversion (six instructions) is needed:
 * the bits of n + 127 shifted into the exponent are the low bits of (sum's bits + 127), as
 * 1.5·2^23's own bits are zero below bit 22.
 */
// @ts-ignore: decorator
@inline export function expVector(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const shifter = f32x4.splat(12582912.0);
  const sum = madd(x, f32x4.splat(1.44269504089), shifter);
  const n = f32x4.sub(sum, shifter);
  let r = madd(n, f32x4.splat(-0.693359375), x);
  r = madd(n, f32x4.splat(2.12194440e-4), r);
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  p = madd(p, f32x4.mul(r, r), f32x4.add(r, f32x4.splat(1.0)));
  const scale = i32x4.shl(i32x4.add(sum, i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/** σ(x) = 1 / (1 + e^(−x)). */
// @ts-ignore: decorator
@inline export function sigmoidVector(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expVector(f32x4.neg(x))));
}

/**
 * tanh x. For |x| ≥ 0.625: (1 − e^(−2|x|)) / (1 + e^(−2|x|)) with the sign of x; below,
 * Cephes' odd polynomial x + x³·P(x²), which keeps full relative precision near zero.
 */
// @ts-ignore: decorator
@inline export function tanhVector(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const ax = f32x4.abs(x);
  const t = expVector(f32x4.mul(ax, f32x4.splat(-2.0)));
  const large = v128.or(f32x4.div(f32x4.sub(one, t), f32x4.add(one, t)), v128.and(x, i32x4.splat(0x80000000)));
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = madd(p, z, f32x4.splat(2.06390887954e-2));
  p = madd(p, z, f32x4.splat(-5.37397155531e-2));
  p = madd(p, z, f32x4.splat(1.33314422036e-1));
  p = madd(p, z, f32x4.splat(-3.33332819422e-1));
  const small = madd(f32x4.mul(p, z), x, x);
  return v128.bitselect(small, large, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** The same functions on one float, by way of lane 0 (identical bits to the vector path). */
// @ts-ignore: decorator
@inline export function sigmoidScalar(x: f32): f32 {
  return f32x4.extract_lane(sigmoidVector(f32x4.splat(x)), 0);
}

// @ts-ignore: decorator
@inline export function tanhScalar(x: f32): f32 {
  return f32x4.extract_lane(tanhVector(f32x4.splat(x)), 0);
}

// @ts-ignore: decorator
@inline export function expScalar(x: f32): f32 {
  return f32x4.extract_lane(expVector(f32x4.splat(x)), 0);
}

/**
 * The 4 × 4 block whose rows start at src, src + srcRow, … stored transposed: its columns at
 * dst, dst + dstRow, … (two rounds of lane shuffles, all in registers).
 */
// @ts-ignore: decorator
@inline export function transpose4x4(src: usize, srcRow: usize, dst: usize, dstRow: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + srcRow);
  const r2 = v128.load(src + 2 * srcRow), r3 = v128.load(src + 3 * srcRow);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + dstRow, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * dstRow, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstRow, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}
