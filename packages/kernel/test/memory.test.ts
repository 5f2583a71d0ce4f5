/** The arena: memory growth and stale views, reset, mark/release, reuse without growth, zeroing. */
import { describe, expect, it } from 'vitest';
import { loadKernelSync, type Kernel } from '../src/index.js';
import { ALL_BACKENDS, EXACT, expectClose } from './helpers.js';

/** Allocates enough to make the memory grow by at least a megabyte. */
function forceGrowth(k: Kernel): void {
  const before = k.arena.capacity;
  const big = k.alloc((before - k.arena.base - k.arena.used) / 4 + 262144);
  expect(k.arena.capacity).toBeGreaterThan(before);
  const view = k.f32(big);
  expect(view[view.length - 1]).toBe(0);
}

describe.each(ALL_BACKENDS)('arena (%s)', (backend) => {
  // A fresh kernel per test: growth is permanent and these tests measure capacity.
  const fresh = (): Kernel => loadKernelSync({ backend });

  it('growth detaches views taken before it; k.f32 afterwards sees the same values', () => {
    const k = fresh();
    const a = k.fromArray([1, 2, 3, 4, 5, 6, 7, 8]);
    const stale = k.f32(a);
    forceGrowth(k);
    expect(stale.length, 'a view from before growth is detached').toBe(0);
    expectClose(k.f32(a), [1, 2, 3, 4, 5, 6, 7, 8], EXACT, 'values after growth');
  });

  it('the Kernel API keeps working across growth', () => {
    const k = fresh();
    const a = k.fromArray([1, 2, 3, 4]), b = k.fromArray([5, 6, 7, 8]), c = k.alloc(4);
    k.sgemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2);
    expectClose(k.toArray(c), [19, 22, 43, 50], EXACT, 'before growth');
    forceGrowth(k);
    const d = k.alloc(4);
    k.sgemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 1, c, 2);
    k.add(4, c, c, d);
    k.tanhForward(4, k.fromArray([0, 0, 0, 0]), a);
    expectClose(k.toArray(c), [38, 44, 86, 100], EXACT, 'C += A·B after growth');
    expectClose(k.toArray(d), [76, 88, 172, 200], EXACT, 'D = C + C');
    expectClose(k.toArray(a), [0, 0, 0, 0], EXACT, 'tanh(0) written after growth');
  });

  it('buffers are 16-byte aligned; reset returns used to 0 and reuses the same addresses', () => {
    const k = fresh();
    const take = (): number[] => [k.alloc(3), k.alloc(10), k.allocInt32(5), k.alloc(0), k.alloc(1)].map((b) => b.ptr);
    const first = take();
    expect(first.every((p) => p % 16 === 0)).toBe(true);
    expect(k.arena.used).toBeGreaterThan(0);
    k.arena.reset();
    expect(k.arena.used).toBe(0);
    expect(take()).toEqual(first);
  });

  it('release frees exactly what came after the mark', () => {
    const k = fresh();
    const kept = k.fromArray([1, 2, 3]);
    const mark = k.arena.mark(), usedAtMark = k.arena.used;
    const after = k.fromArray([4, 5, 6, 7, 8]);
    k.alloc(100);
    k.arena.release(mark);
    expect(k.arena.used).toBe(usedAtMark);
    expect(k.alloc(5).ptr, 'the next buffer takes the released place').toBe(after.ptr);
    expectClose(k.toArray(kept), [1, 2, 3], EXACT, 'buffer from before the mark');
    expect(() => k.arena.release(k.arena.base - 16)).toThrow(/Arena\.release: mark \d+ is not a live mark/);
    expect(() => k.arena.release(k.arena.mark() + 16)).toThrow(RangeError);
  });

  it('10,000 alloc/reset and mark/release cycles do not grow the memory', () => {
    const k = fresh();
    const cycle = (): void => {
      k.alloc(1000);
      k.allocInt32(37);
      k.alloc(5);
    };
    cycle();
    k.arena.reset();
    const capacity = k.arena.capacity;
    for (let i = 0; i < 10000; i++) {
      cycle();
      k.arena.reset();
    }
    expect(k.arena.capacity).toBe(capacity);
    expect(k.arena.used).toBe(0);
    const kept = k.fromArray([42]);
    const mark = k.arena.mark(), used = k.arena.used;
    for (let i = 0; i < 10000; i++) {
      cycle();
      k.arena.release(mark);
    }
    expect(k.arena.capacity).toBe(capacity);
    expect(k.arena.used).toBe(used);
    expectClose(k.toArray(kept), [42], EXACT, 'buffer before the mark');
  });

  it('a fresh allocation is zero even when it reuses released memory', () => {
    const k = fresh();
    const mark = k.arena.mark();
    const dirty = k.alloc(67);
    k.fill(67, -3.5, dirty);
    k.i32(k.allocInt32(13)).fill(-1);
    k.arena.release(mark);
    const again = k.alloc(67), ints = k.allocInt32(13);
    expect(again.ptr).toBe(dirty.ptr);
    expectClose(k.toArray(again), new Float32Array(67), EXACT, 'float buffer');
    expectClose(k.i32(ints), new Int32Array(13), EXACT, 'int buffer');
    k.fill(67, NaN, again);
    k.arena.reset();
    expectClose(k.toArray(k.alloc(67)), new Float32Array(67), EXACT, 'after reset');
  });

  it('allocUnfilled hands out the same aligned addresses as alloc, grows the memory, and checks its length', () => {
    const k = fresh();
    const mark = k.arena.mark();
    const first = k.alloc(5);
    k.fill(5, 7, first);
    k.arena.release(mark);
    const unfilled = k.allocUnfilled(5);
    expect(unfilled.ptr, 'the released address').toBe(first.ptr);
    expectClose(k.toArray(unfilled), [7, 7, 7, 7, 7], EXACT, 'not zeroed: what the released buffer held');
    expect(k.alloc(1).ptr - unfilled.ptr, 'the next buffer 16-byte aligned after 20 bytes').toBe(32);
    const before = k.arena.capacity;
    const big = k.allocUnfilled((before - k.arena.base - k.arena.used) / 4 + 262144);
    expect(k.arena.capacity).toBeGreaterThan(before);
    expect(k.f32(big).length).toBe(big.length);
    expect(() => k.allocUnfilled(-1)).toThrow(/allocUnfilled: length must be a non-negative integer/);
    expect(() => k.allocUnfilled(2 ** 30)).toThrow(/do not fit in 4 GiB/);
  });
});
