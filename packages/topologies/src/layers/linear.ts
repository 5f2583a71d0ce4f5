import { add, matmul, Random, Tensor } from '@recurrent/autograd';

/**
 * y = x · Wᵀ + b with W [out, in] as PyTorch's nn.Linear stores it, initialised as PyTorch
 * does (uniform ±1/√in).
 */
export class Linear {
  readonly weight: Tensor;
  readonly bias: Tensor;

  constructor(readonly inputSize: number, readonly outputSize: number, rng: Random, name = 'linear') {
    const bound = 1 / Math.sqrt(inputSize);
    this.weight = Tensor.uniform([outputSize, inputSize], -bound, bound, rng, { requiresGrad: true, name: `${name}.weight` });
    this.bias = Tensor.uniform([outputSize], -bound, bound, rng, { requiresGrad: true, name: `${name}.bias` });
  }

  /** x [N, in] → [N, out]. */
  forward(x: Tensor): Tensor {
    return add(matmul(x, this.weight, { transB: true }), this.bias);
  }

  parameters(): Tensor[] {
    return [this.weight, this.bias];
  }
}
