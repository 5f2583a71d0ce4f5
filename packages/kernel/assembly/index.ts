// The kernel's exports: every loop of the raw kernel (see src/raw.ts for the contract),
// plus the first byte of memory that the host's arena may use.
export { sgemm, packB, sgemmPacked } from './sgemm';
export { addRowBias, columnSum, gatherRows, scatterAddRows, transpose } from './rows';
export {
  tanhForward, sigmoidForward, reluForward, tanhBackward, sigmoidBackward, reluBackward,
  add, mul, axpy, scale, fill, copy, clamp, sumSquares,
} from './elementwise';
export { lstmCellForward, lstmCellBackward, gruCellForward, gruCellBackward } from './cells';
export { softmaxCrossEntropy } from './loss';
export { sgdStep, adagradStep, rmspropStep, adamStep } from './optimizers';
export { quantizeRows, gemvInt8 } from './quantized';

/** Static data ends here; everything above belongs to the host's allocator. */
export function heapBase(): usize {
  return __heap_base;
}
