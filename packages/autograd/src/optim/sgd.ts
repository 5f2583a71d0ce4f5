import type { F32 } from '@recurrent/kernel';
import { kernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { checkRate, Optimizer } from './optimizer.js';

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  /** L2 penalty: g += weightDecay · p. */
  weightDecay?: number;
  nesterov?: boolean;
}

/** Stochastic gradient descent with PyTorch's momentum, dampening and Nesterov. */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;

  constructor(params: readonly Tensor[], options: SGDOptions) {
    super('SGD', params, options.lr, ['velocity']);
    const { momentum = 0, dampening = 0, weightDecay = 0, nesterov = false } = options;
    checkRate('SGD', 'momentum', momentum);
    checkRate('SGD', 'dampening', dampening);
    checkRate('SGD', 'weightDecay', weightDecay);
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new RangeError('SGD: Nesterov momentum needs momentum > 0 and dampening 0');
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
  }

  protected update(p: Tensor, g: F32, i: number): void {
    kernel().raw.sgdStep(p.size, p.data.ptr, g.ptr, this.buffer('velocity', i).ptr, this.lr, this.momentum,
      this.dampening, this.weightDecay, this.nesterov ? 1 : 0, this.stepCount === 1 ? 1 : 0);
  }
}
