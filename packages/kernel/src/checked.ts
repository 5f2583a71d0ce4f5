import type { Arena, F32 } from './arena.js';
import { KERNEL_FUNCTIONS, type Parameter, RAW_FUNCTIONS } from './functions.js';
import type { RawKernel } from './raw.js';
import { checkAliasing } from './validate.js';

/**
 * The debug mode of the raw kernel: the same functions, each call checked against
 * {@link KERNEL_FUNCTIONS} before it runs — the number of arguments, integer sizes, every buffer
 * (aligned, and all the elements its extent spans inside memory the arena has handed out) and
 * the aliasing rules. Raw calls are how autograd and the topologies drive the kernel (their
 * shapes are checked once, at the tensor level); this mode shows that those calls keep the
 * kernel's contract, at the price of a check per call. Turn it on with `checked: true` when
 * loading, or for a whole process with the environment variable RECURRENT_KERNEL_CHECKS=1.
 *
 * Not checked: the values inside buffers (targets against the class count; the typed
 * Kernel methods check those) and buffers released since they were allocated.
 */
export function checkedRawKernel(raw: RawKernel, arena: Arena): RawKernel {
  const functions = raw as unknown as Readonly<Record<string, (...args: number[]) => unknown>>;
  const checked: Record<string, (...args: number[]) => unknown> = {};
  for (const name of RAW_FUNCTIONS) {
    const run = functions[name]!;
    checked[name] = (...args: number[]) => {
      checkCall(arena, name, args);
      return run(...args);
    };
  }
  return checked as unknown as RawKernel;
}

/** Whether RECURRENT_KERNEL_CHECKS=1 is set (a host without `process` has no such variable). */
export function checksRequestedByEnvironment(): boolean {
  const host = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return host.process?.env?.['RECURRENT_KERNEL_CHECKS'] === '1';
}

function checkCall(arena: Arena, op: keyof RawKernel, args: readonly number[]): void {
  const parameters = KERNEL_FUNCTIONS[op].parameters as readonly Parameter[];
  if (args.length !== parameters.length) throw new TypeError(`${op}: takes ${parameters.length} arguments, got ${args.length}`);
  const byName: Record<string, number> = {};
  parameters.forEach(([name, kind], i) => {
    const value = args[i]!;
    if (typeof value !== 'number') throw new TypeError(`${op}: ${name} must be a number, got ${typeof value}`);
    if (kind === 'i32' && !(Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31)) {
      throw new RangeError(`${op}: ${name} must be a 32-bit integer, got ${value}`);
    }
    byName[name] = value;
  });
  const top = arena.base + arena.used;
  const buffers: Record<string, F32> = {};
  for (const parameter of parameters) {
    if (parameter.length === 2) continue;
    const [name, , extent] = parameter;
    const ptr = byName[name]!;
    let length: number;
    try {
      length = extent(byName, arena.wholeI32());
    } catch (error) {
      throw new RangeError(`${op}: ${name}: ${(error as Error).message}`, { cause: error });
    }
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`${op}: ${name} would span ${length} elements; a size is negative`);
    if (!Number.isInteger(ptr) || ptr % 4 !== 0) throw new RangeError(`${op}: ${name} is not a 4-byte aligned pointer (${ptr})`);
    if (length > 0 && (ptr < arena.base || ptr + 4 * length > top)) {
      throw new RangeError(`${op}: ${name} (bytes ${ptr}..${ptr + 4 * length}, ${length} elements) lies outside the allocated buffers (${arena.base}..${top})`);
    }
    buffers[name] = { dtype: 'f32', ptr, length };
  }
  checkAliasing(op, buffers);
}
