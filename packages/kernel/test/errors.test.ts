/** Bad arguments: each gives an error of the right type whose message names the function and argument. */
import { describe, expect, it } from 'vitest';
import type { F32, I32 } from '../src/index.js';
import { ALL_BACKENDS, EXACT, expectClose, slice, useKernel } from './helpers.js';

function expectThrow(fn: () => unknown, type: typeof RangeError | typeof TypeError, message: RegExp): void {
  expect(fn).toThrow(type);
  expect(fn).toThrow(message);
}

describe.each(ALL_BACKENDS)('argument checks (%s)', (backend) => {
  const k = useKernel(backend);

  it('negative or non-integer sizes', () => {
    const a = k.alloc(16), b = k.alloc(16), c = k.alloc(16);
    expectThrow(() => k.sgemm(false, false, -1, 2, 2, 1, a, 2, b, 2, 0, c, 2), RangeError, /^sgemm: M must be an integer >= 0, got -1$/);
    expectThrow(() => k.sgemm(false, false, 2, 2.5, 2, 1, a, 2, b, 2, 0, c, 2), RangeError, /^sgemm: N must be an integer >= 0, got 2\.5$/);
    expectThrow(() => k.sgemm(false, false, 2, 2, NaN, 1, a, 2, b, 2, 0, c, 2), RangeError, /^sgemm: K must be an integer >= 0, got NaN$/);
    expectThrow(() => k.add(-1, a, b, c), RangeError, /^add: n must be an integer >= 0, got -1$/);
    expectThrow(() => k.lstmCellForward(0, 2, a, b, c, k.alloc(2)), RangeError, /^lstmCellForward: batch must be an integer >= 1, got 0$/);
    expectThrow(() => k.gruCellForward(1, 1.5, a, b, c, k.alloc(2)), RangeError, /^gruCellForward: hidden must be an integer >= 1, got 1\.5$/);
    expectThrow(() => k.addRowBias(-2, 3, a, b), RangeError, /^addRowBias: x rows must be an integer >= 0, got -2$/);
    expectThrow(() => k.alloc(-1), RangeError, /^Arena\.alloc: length must be a non-negative integer, got -1$/);
    expectThrow(() => k.allocInt32(2.5), RangeError, /^Arena\.allocInt32: length must be a non-negative integer, got 2\.5$/);
  });

  it('buffers too short for their matrix, and leading dimensions shorter than the row', () => {
    const a = k.alloc(5), b = k.alloc(6), c = k.alloc(4);
    expectThrow(() => k.sgemm(false, false, 2, 2, 3, 1, a, 3, k.alloc(6), 2, 0, c, 2), RangeError,
      /^sgemm: A is 2x3 with leading dimension 3, which needs 6 elements, but the buffer has 5$/);
    expectThrow(() => k.sgemm(true, false, 2, 2, 3, 1, b, 4, k.alloc(6), 2, 0, c, 2), RangeError,
      /^sgemm: A is 3x2 with leading dimension 4, which needs 10 elements, but the buffer has 6$/);
    expectThrow(() => k.sgemm(false, false, 2, 3, 2, 1, k.alloc(4), 2, b, 3, 0, c, 3), RangeError,
      /^sgemm: C is 2x3 with leading dimension 3, which needs 6 elements, but the buffer has 4$/);
    expectThrow(() => k.sgemm(false, false, 2, 2, 3, 1, b, 2, k.alloc(6), 2, 0, c, 2), RangeError,
      /^sgemm: leading dimension of A must be an integer >= 3 \(its row length\), got 2$/);
    expectThrow(() => k.sgemm(false, false, 2, 2, 2, 1, b, 2, b, 2, 0, k.alloc(8), 1.5), RangeError,
      /^sgemm: leading dimension of C must be an integer >= 2 \(its row length\), got 1\.5$/);
    expectThrow(() => k.addRowBias(2, 3, k.alloc(2), b), RangeError, /^addRowBias: bias is 1x3 .* but the buffer has 2$/);
    expectThrow(() => k.softmaxCrossEntropy(2, 3, b, k.fromInt32Array([0, 1]), a), RangeError, /^softmaxCrossEntropy: dlogits is 2x3/);
  });

  it('a failed call leaves memory untouched', () => {
    const c = k.fromArray([1, 2, 3, 4]);
    expect(() => k.sgemm(false, false, 2, 2, 2, 1, k.alloc(4), 2, k.alloc(3), 2, 0, c, 2)).toThrow(/sgemm: B is 2x2/);
    expectClose(k.toArray(c), [1, 2, 3, 4], EXACT, 'C');
  });

  it('buffers outside the memory, misaligned, or not buffers at all', () => {
    const a = k.alloc(4), b = k.alloc(4);
    const beyond: F32 = { dtype: 'f32', ptr: k.arena.capacity, length: 4 };
    const straddling: F32 = { dtype: 'f32', ptr: k.arena.capacity - 8, length: 4 };
    const below: F32 = { dtype: 'f32', ptr: 0, length: 4 };
    expectThrow(() => k.sgemm(false, false, 2, 2, 2, 1, a, 2, beyond, 2, 0, b, 2), RangeError,
      /^sgemm: B \(bytes \d+\.\.\d+\) lies outside the kernel's buffers \(\d+\.\.\d+\)$/);
    expectThrow(() => k.add(4, a, straddling, b), RangeError, /^add: b \(bytes \d+\.\.\d+\) lies outside/);
    expectThrow(() => k.copy(4, below, b), RangeError, /^copy: x \(bytes 0\.\.16\) lies outside/);
    const misaligned: F32 = { dtype: 'f32', ptr: a.ptr + 2, length: 3 };
    expectThrow(() => k.add(3, misaligned, b, b), RangeError, /^add: a is not a valid buffer \(ptr \d+, length 3\)$/);
    expectThrow(() => k.scale(3, 2, null as unknown as F32), TypeError, /^scale: x must be a kernel buffer/);
  });

  it('sgemm output overlapping an input', () => {
    const a = k.alloc(8), b = k.alloc(4);
    expectThrow(() => k.sgemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, slice(a, 4, 4), 2), RangeError,
      /^sgemm: C overlaps A; they must be separate buffers$/);
    expectThrow(() => k.sgemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, b, 2), RangeError, /^sgemm: C overlaps B/);
  });

  it('partial overlap is rejected; exact in-place aliasing is accepted and correct', () => {
    const a = k.fromArray([1, 2, 3, 4, 5, 6, 7, 8]), b = k.fromArray([10, 20, 30, 40]);
    const head = slice(a, 0, 4), shifted = slice(a, 1, 4);
    expectThrow(() => k.add(4, head, b, shifted), RangeError, /^add: out partially overlaps a; pass the same buffer \(in place\) or separate ones$/);
    expectThrow(() => k.tanhForward(4, head, shifted), RangeError, /^tanhForward: y partially overlaps x/);
    expectThrow(() => k.sigmoidBackward(4, b, head, shifted), RangeError, /^sigmoidBackward: dx partially overlaps dy/);
    const dc = k.alloc(8);
    const gates = k.alloc(16), cPrev = k.alloc(4), c = k.alloc(4), dh = k.alloc(4), dGates = k.alloc(16);
    expectThrow(() => k.lstmCellBackward(1, 4, gates, cPrev, c, dh, slice(dc, 0, 4), dGates, slice(dc, 2, 4)), RangeError,
      /^lstmCellBackward: dcPrev partially overlaps dc/);
    expectThrow(() => k.softmaxCrossEntropy(1, 4, head, k.fromInt32Array([0]), shifted), RangeError,
      /^softmaxCrossEntropy: dlogits partially overlaps logits/);
    k.add(4, head, b, head);
    expectClose(k.toArray(a), [11, 22, 33, 44, 5, 6, 7, 8], EXACT, 'a = a + b in place');
  });

  it('indices and targets out of range, or of the wrong type', () => {
    const table = k.alloc(8), out = k.alloc(6);
    expectThrow(() => k.gatherRows(3, 2, table, 4, k.fromInt32Array([0, 3, 4]), out), RangeError,
      /^gatherRows: indices\[2\] = 4 is outside \[0, 4\)$/);
    expectThrow(() => k.scatterAddRows(3, 2, out, k.fromInt32Array([-1, 0, 0]), table, 4), RangeError,
      /^scatterAddRows: indices\[0\] = -1 is outside \[0, 4\)$/);
    expectThrow(() => k.gatherRows(3, 2, table, 4, k.alloc(3) as unknown as I32, out), TypeError,
      /^gatherRows: indices must be an int32 buffer/);
    const logits = k.alloc(6), d = k.alloc(6);
    expectThrow(() => k.softmaxCrossEntropy(2, 3, logits, k.fromInt32Array([0, 3]), d), RangeError,
      /^softmaxCrossEntropy: targets\[1\] = 3 is outside \[0, 3\) and is not the ignore index -100$/);
    expectThrow(() => k.softmaxCrossEntropy(2, 3, logits, k.fromInt32Array([-1, 0]), d), RangeError,
      /^softmaxCrossEntropy: targets\[0\] = -1 is outside/);
    expectThrow(() => k.softmaxCrossEntropy(2, 3, logits, k.fromInt32Array([0, 0]), d, 1, 0.5), TypeError,
      /^softmaxCrossEntropy: ignoreIndex must be an integer, got 0\.5$/);
    expectThrow(() => k.fromInt32Array([1, 1.5]), TypeError, /^fromInt32Array: element 1 is 1\.5, not an integer$/);
  });

  it('non-finite scalars and an empty clamp range', () => {
    const a = k.alloc(4), b = k.alloc(4), c = k.alloc(4);
    expectThrow(() => k.sgemm(false, false, 2, 2, 2, NaN, a, 2, b, 2, 0, c, 2), RangeError, /^sgemm: alpha must be finite, got NaN$/);
    expectThrow(() => k.sgemm(false, false, 2, 2, 2, 1, a, 2, b, 2, Infinity, c, 2), RangeError, /^sgemm: beta must be finite, got Infinity$/);
    expectThrow(() => k.axpy(4, Infinity, a, b), RangeError, /^axpy: alpha must be finite, got Infinity$/);
    expectThrow(() => k.scale(4, -Infinity, a), RangeError, /^scale: alpha must be finite, got -Infinity$/);
    expectThrow(() => k.columnSum(2, 2, a, NaN, b), RangeError, /^columnSum: beta must be finite, got NaN$/);
    expectThrow(() => k.softmaxCrossEntropy(1, 4, a, k.fromInt32Array([0]), b, NaN), RangeError, /^softmaxCrossEntropy: gradScale must be finite/);
    expectThrow(() => k.clamp(4, 1, 0, a), RangeError, /^clamp: needs lo <= hi, got \[1, 0\]$/);
    expectThrow(() => k.clamp(4, NaN, 1, a), RangeError, /^clamp: needs lo <= hi, got \[NaN, 1\]$/);
  });

  it('optimizer hyperparameters', () => {
    const [p, g, m, v] = [k.alloc(4), k.alloc(4), k.alloc(4), k.alloc(4)];
    expectThrow(() => k.adamStep(4, p, g, m, v, { lr: 1e-3, beta1: 1, step: 1 }), RangeError, /^adamStep: betas must lie in \[0, 1\), got \(1, 0\.999\)$/);
    expectThrow(() => k.adamStep(4, p, g, m, v, { lr: 1e-3, beta2: -0.1, step: 1 }), RangeError, /^adamStep: betas must lie in \[0, 1\), got \(0\.9, -0\.1\)$/);
    expectThrow(() => k.adamStep(4, p, g, m, v, { lr: 1e-3, step: 0 }), RangeError, /^adamStep: step must be an integer >= 1, got 0$/);
    expectThrow(() => k.adamStep(4, p, g, m, v, { lr: 1e-3, step: 1.5 }), RangeError, /^adamStep: step must be an integer >= 1, got 1\.5$/);
    expectThrow(() => k.adamStep(4, p, g, p, v, { lr: 1e-3, step: 1 }), RangeError, /^adamStep: param overlaps m/);
    expectThrow(() => k.sgdStep(4, p, g, m, { lr: -0.1, firstStep: true }), RangeError, /^sgdStep: lr must be a finite number >= 0, got -0\.1$/);
    expectThrow(() => k.sgdStep(4, p, g, m, { lr: 0.1, nesterov: true, firstStep: true }), RangeError, /^sgdStep: Nesterov momentum needs momentum > 0/);
    expectThrow(() => k.rmspropStep(4, p, g, m, v, { lr: 0.1, eps: NaN }), RangeError, /^rmspropStep: eps must be a finite number >= 0, got NaN$/);
    expectThrow(() => k.adagradStep(4, p, g, m, { lr: Infinity }), RangeError, /^adagradStep: lr must be a finite number >= 0/);
  });
});

describe.each(ALL_BACKENDS)('argument checks found in review (%s)', (backend) => {
  const k = useKernel(backend);

  it('a mark that mark() could not have returned is refused, so buffers stay aligned', () => {
    const mark = k.arena.mark();
    k.alloc(8);
    expectThrow(() => k.arena.release(mark + 2), RangeError, /^Arena\.release: mark \d+ is not a live mark/);
    k.arena.release(mark);
    expect(k.alloc(4).ptr % 16).toBe(0);
  });

  it('hyperparameters above their range, and logits without classes', () => {
    const p = k.alloc(2), g = k.alloc(2), v = k.alloc(2), s = k.alloc(2);
    expectThrow(() => k.sgdStep(2, p, g, v, { lr: 0.1, momentum: 0.9, dampening: 1.5, firstStep: true }), RangeError, /^sgdStep: dampening must lie in \[0, 1\], got 1\.5$/);
    expectThrow(() => k.rmspropStep(2, p, g, s, v, { lr: 0.1, alpha: 1.01 }), RangeError, /^rmspropStep: alpha must lie in \[0, 1\], got 1\.01$/);
    expectThrow(() => k.softmaxCrossEntropy(1, 0, p, k.fromInt32Array([0]), g), RangeError, /^softmaxCrossEntropy: needs at least one class, got cols = 0$/);
  });

  it('sgemm with alpha = 0 does not read A or B (the BLAS rule), on every backend alike', () => {
    const a = k.fromArray([Infinity, 1, 2, NaN]), b = k.fromArray([1, 2, 3, 4]), c = k.fromArray([5, 6, 7, 8]);
    k.sgemm(false, false, 2, 2, 2, 0, a, 2, b, 2, 0.5, c, 2);
    expectClose(k.toArray(c), [2.5, 3, 3.5, 4], EXACT, 'beta·C');
  });
});
