/**
 * @recurrent/kernel — the numeric loops of recurrent networks in WebAssembly SIMD, with a
 * pure-TypeScript twin of every function.
 *
 * @packageDocumentation
 */
export { Arena, type F32, type I32 } from './arena.js';
export { Kernel, type Backend } from './kernel.js';
export { loadKernel, loadKernelSync, type LoadOptions } from './load.js';
export { loadReferenceKernel } from './reference/index.js';
export { checkedRawKernel } from './checked.js';
export { hasRelaxedSimd, hasSimd } from './features.js';
export { KERNEL_FUNCTIONS, MAX_QUANTIZED_COLUMNS, packedSize, quantizedRowBytes, quantizedSize, RAW_FUNCTIONS, type FunctionSpec, type KernelFunctions, type Parameter, type ParameterKind } from './functions.js';
export type { RawKernel } from './raw.js';
