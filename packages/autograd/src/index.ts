/**
 * @recurrent/autograd — reverse-mode automatic differentiation over the @recurrent/kernel
 * WebAssembly SIMD kernel: tensors that remember how they were made, a backward walk, the ops
 * of sequence models, optimizers, clipping and gradcheck.
 *
 * @packageDocumentation
 */
export { kernel, useBackend, useBackendSync } from './engine.js';
export { Tensor, type Backward, type TensorOptions } from './tensor.js';
export { accumulate, backward, isGradEnabled, noGrad, op } from './graph.js';
export { scope } from './scope.js';
export { Random } from './random.js';
export { type Shape, sizeOf } from './shape.js';
export { add, div, mul, scale, sub } from './ops/arithmetic.js';
export { exp, log, relu, sigmoid, tanh } from './ops/unary.js';
export { matmul, type MatmulOptions } from './ops/matmul.js';
export { mean, sum, type ReduceOptions } from './ops/reduce.js';
export { concat, reshape, slice, stack, transpose } from './ops/layout.js';
export { gatherRows, oneHot } from './ops/embedding.js';
export { crossEntropy, logSoftmax, softmax, type CrossEntropyOptions } from './ops/softmax.js';
export { dropout } from './ops/dropout.js';
export { gruCell, lstmCell } from './ops/cells.js';
export { Optimizer, type OptimizerState } from './optim/optimizer.js';
export { SGD, type SGDOptions } from './optim/sgd.js';
export { Adagrad, type AdagradOptions } from './optim/adagrad.js';
export { RMSProp, type RMSPropOptions } from './optim/rmsprop.js';
export { Adam, AdamW, type AdamOptions } from './optim/adam.js';
export { cosineAnnealing, exponentialDecay, linearWarmup, LRScheduler, stepDecay, type Schedule } from './optim/schedules.js';
export { clipGradNorm, clipGradValue, gradNorm } from './clip.js';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './gradcheck.js';
