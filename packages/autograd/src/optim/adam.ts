import type { F32 } from '@recurrent/kernel';
import { kernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { checkRate, Optimizer } from './optimizer.js';

export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
}

/** Adam with bias correction; weight decay as an L2 term in the gradient (PyTorch's Adam). */
export class Adam extends Optimizer {
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  protected readonly decoupled: boolean = false;

  constructor(params: readonly Tensor[], options: AdamOptions = {}, type = 'Adam', defaultWeightDecay = 0) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = defaultWeightDecay } = options;
    super(type, params, lr, ['m', 'v']);
    if (!betas.every((b) => b >= 0 && b < 1)) throw new RangeError(`${type}: betas must lie in [0, 1), got (${betas.join(', ')})`);
    checkRate(type, 'eps', eps);
    checkRate(type, 'weightDecay', weightDecay);
    this.betas = betas;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  protected update(p: Tensor, g: F32, i: number): void {
    kernel().raw.adamStep(p.size, p.data.ptr, g.ptr, this.buffer('m', i).ptr, this.buffer('v', i).ptr, this.lr,
      this.betas[0], this.betas[1], this.eps, this.weightDecay, this.decoupled ? 1 : 0, this.stepCount);
  }
}

/** AdamW: Adam with decoupled weight decay (p ·= 1 − lr · weightDecay), default 0.01. */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  constructor(params: readonly Tensor[], options: AdamOptions = {}) {
    super(params, options, 'AdamW', 0.01);
  }
}
