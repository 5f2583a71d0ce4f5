import type { Arena, F32, I32 } from './arena.js';
import { KERNEL_FUNCTIONS } from './functions.js';
import type { RawKernel } from './raw.js';

/**
 * Argument checks shared by every typed kernel function. Each error names the function and
 * the argument, and gives the numbers that disagree, so a caller can fix the call from the
 * message alone.
 */

type Buffer = F32 | I32;

/** An integer ≥ min (sizes, counts, steps). */
export function checkCount(op: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${op}: ${name} must be an integer >= ${min}, got ${value}`);
  }
}

export function checkFinite(op: string, name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${op}: ${name} must be finite, got ${value}`);
}

/**
 * `buffer` holds a rows×cols matrix stored with row length `ld`: it needs ld ≥ cols and
 * (rows − 1)·ld + cols elements, and must lie inside the memory.
 */
export function checkMatrix(arena: Arena, op: string, name: string, buffer: Buffer, rows: number, cols: number, ld: number): void {
  checkBuffer(arena, op, name, buffer);
  checkCount(op, `${name} rows`, rows, 0);
  checkCount(op, `${name} columns`, cols, 0);
  const minLd = rows > 1 ? Math.max(cols, 1) : cols;
  if (!Number.isInteger(ld) || ld < minLd) {
    throw new RangeError(`${op}: leading dimension of ${name} must be an integer >= ${minLd} (its row length), got ${ld}`);
  }
  const needed = rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
  if (buffer.length < needed) {
    throw new RangeError(
      `${op}: ${name} is ${rows}x${cols} with leading dimension ${ld}, which needs ${needed} elements, but the buffer has ${buffer.length}`,
    );
  }
}

/** A buffer of this kernel: the right kind of object, aligned, inside the memory. */
export function checkBuffer(arena: Arena, op: string, name: string, buffer: Buffer): void {
  if (typeof buffer !== 'object' || buffer === null || typeof buffer.ptr !== 'number' || typeof buffer.length !== 'number') {
    throw new TypeError(`${op}: ${name} must be a kernel buffer ({ ptr, length }), got ${buffer === null ? 'null' : typeof buffer}`);
  }
  const { ptr, length } = buffer;
  if (!Number.isInteger(ptr) || ptr % 4 !== 0 || !Number.isInteger(length) || length < 0) {
    throw new RangeError(`${op}: ${name} is not a valid buffer (ptr ${ptr}, length ${length})`);
  }
  if (ptr < arena.base || ptr + length * 4 > arena.capacity) {
    throw new RangeError(
      `${op}: ${name} (bytes ${ptr}..${ptr + length * 4}) lies outside the kernel's buffers (${arena.base}..${arena.capacity})`,
    );
  }
}

function overlaps(a: Buffer, b: Buffer): boolean {
  return a.length > 0 && b.length > 0 && a.ptr < b.ptr + b.length * 4 && b.ptr < a.ptr + a.length * 4;
}

/** The output must not share any memory with the input. */
export function checkDisjoint(op: string, nameA: string, a: Buffer, nameB: string, b: Buffer): void {
  if (overlaps(a, b)) throw new RangeError(`${op}: ${nameA} overlaps ${nameB}; they must be separate buffers`);
}

/** Either the very same buffer (in-place) or no shared memory at all. */
export function checkSameOrDisjoint(op: string, nameA: string, a: Buffer, nameB: string, b: Buffer): void {
  if (a.ptr === b.ptr && a.length === b.length) return;
  if (overlaps(a, b)) {
    throw new RangeError(`${op}: ${nameA} partially overlaps ${nameB}; pass the same buffer (in place) or separate ones`);
  }
}

/**
 * The aliasing rules of `op` as {@link KERNEL_FUNCTIONS} lists them: a buffer the function
 * writes must share no memory with any other buffer argument, except the pairs in its `inPlace`
 * list, which may also be the very same buffer. Buffers only read may overlap. `buffers` holds
 * every buffer argument under its parameter name; `labels` renames them in messages (sgemm's A).
 * An error names the written buffer first.
 */
export function checkAliasing(op: keyof RawKernel, buffers: Readonly<Record<string, Buffer>>, labels: Readonly<Record<string, string>> = {}): void {
  const { parameters, inPlace } = KERNEL_FUNCTIONS[op];
  const pointers = (parameters as readonly (readonly [string, string])[]).filter(([, kind]) => kind === 'in' || kind === 'out' || kind === 'inout');
  for (const [name] of pointers) {
    if (!(name in buffers)) throw new Error(`${op}: internal error, the aliasing check was not given ${name}`);
  }
  const label = (name: string) => labels[name] ?? name;
  for (let i = 0; i < pointers.length; i++) {
    for (let j = i + 1; j < pointers.length; j++) {
      const [[x, kindX], [y, kindY]] = [pointers[i]!, pointers[j]!];
      if (kindX === 'in' && kindY === 'in') continue;
      const [a, b] = kindX === 'in' ? [y, x] : [x, y]; // a is written
      const allowed = inPlace.some(([output, input]) => (output === a && input === b) || (output === b && input === a));
      if (allowed) checkSameOrDisjoint(op, label(a), buffers[a]!, label(b), buffers[b]!);
      else checkDisjoint(op, label(a), buffers[a]!, label(b), buffers[b]!);
    }
  }
}

/** `count` int32 indices, each in [0, limit) or equal to `ignore`. */
export function checkTargets(arena: Arena, op: string, name: string, indices: I32, count: number, limit: number, ignore: number | undefined): void {
  checkMatrix(arena, op, name, indices, 1, count, Math.max(count, 1));
  if (indices.dtype !== 'i32') throw new TypeError(`${op}: ${name} must be an int32 buffer (allocInt32)`);
  const values = arena.i32(indices);
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if ((v < 0 || v >= limit) && v !== ignore) {
      throw new RangeError(`${op}: ${name}[${i}] = ${v} is outside [0, ${limit})${ignore === undefined ? '' : ` and is not the ignore index ${ignore}`}`);
    }
  }
}
