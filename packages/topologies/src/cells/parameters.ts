import { Random, Tensor } from '@recurrent/autograd';
import { type CellType, cellKernel } from './cell.js';

/** The four tensors of one layer and direction, named as PyTorch names them. */
export interface CellWeights {
  weightIh: Tensor;
  weightHh: Tensor;
  biasIh: Tensor;
  biasHh: Tensor;
}

export interface InitOptions {
  /** Added to the forget gate's bias (the LSTM's: b_ih's f block), a common aid to long memory. Default 0; ignored by cells without a forget gate. */
  forgetBias?: number;
  /** Initialise each gate block of W_hh as a random orthogonal matrix (default false). */
  orthogonal?: boolean;
}

/**
 * PyTorch's default initialisation: every weight and bias uniform in ±1/√H.
 * `suffix` is `_l{k}` or `_l{k}_reverse`, giving names such as `weight_ih_l0`.
 */
export function initCellWeights(
  cell: CellType, inputSize: number, hiddenSize: number, suffix: string, rng: Random, options: InitOptions = {},
): CellWeights {
  const { gates: G, forgetGate } = cellKernel(cell);
  const bound = 1 / Math.sqrt(hiddenSize);
  const make = (name: string, shape: number[]) =>
    Tensor.uniform(shape, -bound, bound, rng, { requiresGrad: true, name: `${name}${suffix}` });
  const weights: CellWeights = {
    weightIh: make('weight_ih', [G * hiddenSize, inputSize]),
    weightHh: make('weight_hh', [G * hiddenSize, hiddenSize]),
    biasIh: make('bias_ih', [G * hiddenSize]),
    biasHh: make('bias_hh', [G * hiddenSize]),
  };
  if (options.orthogonal) {
    const w = weights.weightHh.view();
    for (let g = 0; g < G; g++) w.set(orthogonalMatrix(hiddenSize, rng), g * hiddenSize * hiddenSize);
  }
  if (forgetGate !== undefined && options.forgetBias) {
    const b = weights.biasIh.view();
    for (let j = forgetGate * hiddenSize; j < (forgetGate + 1) * hiddenSize; j++) b[j] = b[j]! + options.forgetBias;
  }
  return weights;
}

/** A random n×n orthogonal matrix: Gram–Schmidt on the rows of a Gaussian matrix (row-major). */
export function orthogonalMatrix(n: number, rng: Random): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (;;) {
      for (let j = 0; j < n; j++) q[i * n + j] = rng.normal();
      for (let p = 0; p < i; p++) {
        let dot = 0;
        for (let j = 0; j < n; j++) dot += q[i * n + j]! * q[p * n + j]!;
        for (let j = 0; j < n; j++) q[i * n + j] = q[i * n + j]! - dot * q[p * n + j]!;
      }
      let norm = 0;
      for (let j = 0; j < n; j++) norm += q[i * n + j]! ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-6) {
        for (let j = 0; j < n; j++) q[i * n + j] = q[i * n + j]! / norm;
        break;
      }
    }
  }
  return q;
}

export function cellWeightList(w: CellWeights): Tensor[] {
  return [w.weightIh, w.weightHh, w.biasIh, w.biasHh];
}
