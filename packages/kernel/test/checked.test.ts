/** The debug mode: `checked: true` makes every raw call check itself against KERNEL_FUNCTIONS. */
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_BACKENDS, EXACT, expectClose } from './helpers.js';
import { loadKernelSync, loadReferenceKernel } from '../src/index.js';

describe.each(ALL_BACKENDS)('checked raw kernel (%s)', (backend) => {
  const k = loadKernelSync({ backend, checked: true });
  afterEach(() => k.arena.reset());

  it('runs valid calls as the unchecked kernel does', () => {
    expect(k.checked).toBe(true);
    const a = k.fromArray([1, 2, 3, 4]), b = k.fromArray([5, 6, 7, 8]), c = k.alloc(4);
    k.raw.sgemm(0, 0, 2, 2, 2, 1, a.ptr, 2, b.ptr, 2, 0, c.ptr, 2);
    expectClose(k.toArray(c), [19, 22, 43, 50], EXACT, 'C');
    const ids = k.fromInt32Array([1, 0, 1]), out = k.alloc(6);
    k.raw.gatherRows(3, 2, a.ptr, ids.ptr, out.ptr);
    expectClose(k.toArray(out), [3, 4, 1, 2, 3, 4], EXACT, 'gathered');
    expect(k.raw.sumSquares(4, a.ptr)).toBe(30);
  });

  it('refuses a wrong number of arguments and sizes that are not 32-bit integers', () => {
    const x = k.alloc(4);
    const untyped = k.raw as unknown as Record<string, (...args: number[]) => void>;
    expect(() => untyped['copy']!(4, x.ptr)).toThrow(/^copy: takes 3 arguments, got 2$/);
    expect(() => k.raw.fill(2.5, 0, x.ptr)).toThrow(/^fill: n must be a 32-bit integer, got 2\.5$/);
    expect(() => k.raw.fill(-1, 0, x.ptr)).toThrow(/^fill: x would span -1 elements; a size is negative$/);
  });

  it('refuses buffers that run past the allocated memory or are misaligned, before running', () => {
    const y = k.alloc(4), x = k.fromArray([1, 2, 3, 4]); // x is the last buffer: past it is unallocated
    expect(() => k.raw.copy(5, y.ptr, x.ptr)).toThrow(/^copy: y \(bytes \d+\.\.\d+, 5 elements\) lies outside the allocated buffers/);
    expect(() => k.raw.scale(4, 2, x.ptr + 2)).toThrow(/^scale: x is not a 4-byte aligned pointer/);
    expect(() => k.raw.sgemm(1, 0, 2, 2, 3, 1, x.ptr, 2, y.ptr, 2, 0, y.ptr, 2)).toThrow(/^sgemm: a \(bytes \d+\.\.\d+, 6 elements\) lies outside/);
    const table = k.alloc(4), out = k.alloc(4);
    expect(() => k.raw.gatherRows(2, 2, table.ptr, k.fromInt32Array([0, -1]).ptr, out.ptr)).toThrow(/^gatherRows: table: index 1 is -1, below 0$/);
    expect(() => k.raw.gatherRows(1, 2, table.ptr, k.fromInt32Array([9]).ptr, out.ptr)).toThrow(/^gatherRows: table .* lies outside the allocated buffers/);
    expectClose(k.toArray(y), [0, 0, 0, 0], EXACT, 'nothing written');
  });

  it('enforces the aliasing rules: the listed in-place pairs pass, other overlap is refused', () => {
    const gates = k.alloc(16), cPrev = k.fromArray([0.5, -0.5, 1, 0]), h = k.alloc(4);
    k.raw.lstmCellForward(1, 4, gates.ptr, cPrev.ptr, cPrev.ptr, h.ptr); // c = cPrev: allowed
    expect(() => k.raw.lstmCellForward(1, 4, gates.ptr, cPrev.ptr, h.ptr, cPrev.ptr)).toThrow(/^lstmCellForward: h overlaps cPrev/);
    const v = k.alloc(8);
    expect(() => k.raw.add(4, v.ptr, v.ptr, v.ptr + 4)).toThrow(/^add: out partially overlaps a/);
    expect(() => k.raw.sgemm(0, 0, 2, 2, 2, 1, v.ptr, 2, gates.ptr, 2, 0, v.ptr + 8, 2)).toThrow(/^sgemm: c overlaps a/);
  });
});

describe('turning the debug mode on', () => {
  const outside = process.env['RECURRENT_KERNEL_CHECKS']; // a whole run may have it set
  afterEach(() => {
    if (outside === undefined) delete process.env['RECURRENT_KERNEL_CHECKS'];
    else process.env['RECURRENT_KERNEL_CHECKS'] = outside;
  });

  it('is off by default and on with RECURRENT_KERNEL_CHECKS=1, for every loader', () => {
    delete process.env['RECURRENT_KERNEL_CHECKS'];
    expect(loadKernelSync().checked).toBe(false);
    expect(loadReferenceKernel().checked).toBe(false);
    process.env['RECURRENT_KERNEL_CHECKS'] = '1';
    expect(loadKernelSync().checked).toBe(true);
    expect(loadReferenceKernel().checked).toBe(true);
    expect(loadKernelSync({ checked: false }).checked).toBe(false);
    expect(() => loadKernelSync().raw.fill(1, 0, 0)).toThrow(/lies outside the allocated buffers/);
  });
});
