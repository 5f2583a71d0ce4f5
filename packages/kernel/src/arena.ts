/**
 * A bump allocator over one WebAssembly.Memory.
 *
 * A training step allocates its intermediates, then gives them all back with one `release`
 * (or `reset`): no free lists, no fragmentation, no garbage collector in the hot path.
 * The memory grows on demand; views are never cached across growth (growing detaches the old
 * ArrayBuffer), so every view is made from the current `memory.buffer`.
 */

/** A float32 buffer in kernel memory: a byte offset and a length in elements. */
export interface F32 {
  readonly dtype: 'f32';
  readonly ptr: number;
  readonly length: number;
}

/** An int32 buffer in kernel memory: a byte offset and a length in elements. */
export interface I32 {
  readonly dtype: 'i32';
  readonly ptr: number;
  readonly length: number;
}

const PAGE_BYTES = 65536;
/** Every buffer starts on a 16-byte boundary so v128 loads of it are aligned. */
const ALIGN = 16;
/** wasm32 addresses 4 GiB at most. */
const MAX_BYTES = 65536 * PAGE_BYTES;

export class Arena {
  /** The first byte the arena may hand out (below it: the module's static data). */
  readonly base: number;
  private top: number;
  private f32View = new Float32Array(0);
  private i32View = new Int32Array(0);

  constructor(readonly memory: WebAssembly.Memory, base: number) {
    this.base = alignUp(base);
    this.top = this.base;
  }

  /** Bytes handed out so far, above the base. */
  get used(): number {
    return this.top - this.base;
  }

  /** Bytes of linear memory the module has now. */
  get capacity(): number {
    return this.memory.buffer.byteLength;
  }

  /** A float32 buffer of `length` elements, zero-filled. */
  alloc(length: number): F32 {
    return { dtype: 'f32', ptr: this.take(length, 'alloc'), length };
  }

  /** An int32 buffer of `length` elements, zero-filled. */
  allocInt32(length: number): I32 {
    return { dtype: 'i32', ptr: this.take(length, 'allocInt32'), length };
  }

  /**
   * A float32 buffer of `length` elements holding whatever a released buffer left there, for
   * one that is written whole before it is read (a product with beta = 0, a gather, a cell's
   * states): the zero-fill of `alloc` costs a pass over memory the size of the buffer, a few
   * per cent of a training step for its largest buffers.
   */
  allocUnfilled(length: number): F32 {
    return { dtype: 'f32', ptr: this.take(length, 'allocUnfilled', false), length };
  }

  /** A position to come back to with {@link release}. */
  mark(): number {
    return this.top;
  }

  /** Frees everything allocated since `mark` was taken. Buffers from before it stay valid. */
  release(mark: number): void {
    if (!Number.isInteger(mark) || mark < this.base || mark > this.top || (mark - this.base) % ALIGN !== 0) {
      throw new RangeError(`Arena.release: mark ${mark} is not a live mark (base ${this.base}, top ${this.top})`);
    }
    this.top = mark;
  }

  /** Frees every buffer. The memory itself is kept for reuse (wasm memory cannot shrink). */
  reset(): void {
    this.top = this.base;
  }

  /** A Float32Array over `buffer`, valid until the memory next grows. */
  f32(buffer: F32): Float32Array {
    this.refreshViews();
    const start = buffer.ptr >>> 2;
    return this.f32View.subarray(start, start + buffer.length);
  }

  /** An Int32Array over `buffer`, valid until the memory next grows. */
  i32(buffer: I32): Int32Array {
    this.refreshViews();
    const start = buffer.ptr >>> 2;
    return this.i32View.subarray(start, start + buffer.length);
  }

  /** The whole memory as float32 — for the reference twin, which indexes it by ptr / 4. */
  wholeF32(): Float32Array {
    this.refreshViews();
    return this.f32View;
  }

  /** The whole memory as int32. */
  wholeI32(): Int32Array {
    this.refreshViews();
    return this.i32View;
  }

  private take(length: number, op: string, zeroed = true): number {
    if (!Number.isInteger(length) || length < 0) {
      throw new RangeError(`Arena.${op}: length must be a non-negative integer, got ${length}`);
    }
    const ptr = this.top;
    const end = alignUp(ptr + length * 4);
    if (end > MAX_BYTES) {
      throw new RangeError(`Arena.${op}: ${length} elements do not fit in 4 GiB of wasm32 memory (${this.used} bytes in use)`);
    }
    if (end > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((end - this.memory.buffer.byteLength) / PAGE_BYTES));
    }
    this.top = end;
    // Memory below `top` may hold a released buffer's values: a fresh buffer starts at zero.
    if (zeroed) this.wholeF32().fill(0, ptr >>> 2, end >>> 2);
    return ptr;
  }

  private refreshViews(): void {
    // Growing the memory detaches the old buffer, which empties every view of it: an empty
    // view means "re-make", and costs far less to test than the memory.buffer getter.
    if (this.f32View.length === 0) {
      const buffer = this.memory.buffer;
      this.f32View = new Float32Array(buffer);
      this.i32View = new Int32Array(buffer);
    }
  }
}

function alignUp(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}
