/**
 * The reference twin: every raw kernel function in plain TypeScript, with the same signature
 * (pointers into the same kind of memory). It is the oracle the wasm kernel is tested against
 * and the fallback where WebAssembly SIMD is missing. Written for clarity, not speed: sums run
 * in float64 and round once when stored.
 */
import { Arena } from '../arena.js';
import { checkedRawKernel, checksRequestedByEnvironment } from '../checked.js';
import { Kernel } from '../kernel.js';
import type { RawKernel } from '../raw.js';
import { lstmCellBackward, lstmCellForward, gruCellBackward, gruCellForward } from './cells.js';
import * as elementwise from './elementwise.js';
import { softmaxCrossEntropy } from './loss.js';
import type { Views } from './memory.js';
import { adagradStep, adamStep, rmspropStep, sgdStep } from './optimizers.js';
import { addRowBias, columnSum, gatherRows, scatterAddRows, transpose } from './rows.js';
import { gemvInt8, quantizeRows } from './quantized.js';
import { packB, sgemm, sgemmPacked } from './sgemm.js';

type Twin<F> = F extends (...args: infer A) => infer R ? (views: Views, ...args: A) => R : never;
type TwinKernel = { [K in keyof RawKernel]: Twin<RawKernel[K]> };

/** Every twin, by the raw kernel's names. */
export const twins: TwinKernel = {
  sgemm, packB, sgemmPacked, quantizeRows, gemvInt8, addRowBias, columnSum, gatherRows, scatterAddRows, transpose,
  tanhForward: elementwise.tanhForward, sigmoidForward: elementwise.sigmoidForward, reluForward: elementwise.reluForward,
  tanhBackward: elementwise.tanhBackward, sigmoidBackward: elementwise.sigmoidBackward, reluBackward: elementwise.reluBackward,
  add: elementwise.add, mul: elementwise.mul, axpy: elementwise.axpy, scale: elementwise.scale,
  fill: elementwise.fill, copy: elementwise.copy, clamp: elementwise.clamp, sumSquares: elementwise.sumSquares,
  lstmCellForward, lstmCellBackward, gruCellForward, gruCellBackward,
  softmaxCrossEntropy, sgdStep, adagradStep, rmspropStep, adamStep,
};

/** The twins bound to an arena's memory, as a {@link RawKernel}. */
export function referenceRawKernel(arena: Arena): RawKernel {
  const views = (): Views => ({ f: arena.wholeF32(), i: arena.wholeI32() });
  const raw = {} as Record<string, (...args: number[]) => unknown>;
  for (const [name, twin] of Object.entries(twins) as [string, (v: Views, ...args: number[]) => unknown][]) {
    raw[name] = (...args: number[]) => twin(views(), ...args);
  }
  return raw as unknown as RawKernel;
}

/**
 * A kernel whose loops run in plain TypeScript over a memory of its own (no wasm module).
 * `checked` is the debug mode of loadKernel's option of that name (default: RECURRENT_KERNEL_CHECKS=1).
 */
export function loadReferenceKernel(options: { checked?: boolean } = {}): Kernel {
  const { checked = checksRequestedByEnvironment() } = options;
  const arena = new Arena(new WebAssembly.Memory({ initial: 1 }), 16);
  const raw = referenceRawKernel(arena);
  return new Kernel('reference', arena, checked ? checkedRawKernel(raw, arena) : raw, checked);
}
