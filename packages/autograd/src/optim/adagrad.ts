import type { F32 } from '@recurrent/kernel';
import { kernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { checkRate, Optimizer } from './optimizer.js';

export interface AdagradOptions {
  lr?: number;
  /** The rate at step t is lr / (1 + (t − 1) · lrDecay). */
  lrDecay?: number;
  weightDecay?: number;
  eps?: number;
  initialAccumulatorValue?: number;
}

/** Adagrad: per-element rates shrinking with the sum of squared gradients. */
export class Adagrad extends Optimizer {
  readonly lrDecay: number;
  readonly weightDecay: number;
  readonly eps: number;

  constructor(params: readonly Tensor[], options: AdagradOptions = {}) {
    const { lr = 0.01, lrDecay = 0, weightDecay = 0, eps = 1e-10, initialAccumulatorValue = 0 } = options;
    super('Adagrad', params, lr, ['sum']);
    for (const [name, v] of Object.entries({ lrDecay, weightDecay, eps, initialAccumulatorValue })) checkRate('Adagrad', name, v);
    this.lrDecay = lrDecay;
    this.weightDecay = weightDecay;
    this.eps = eps;
    params.forEach((p, i) => kernel().raw.fill(p.size, initialAccumulatorValue, this.buffer('sum', i).ptr));
  }

  protected update(p: Tensor, g: F32, i: number): void {
    const rate = this.lr / (1 + (this.stepCount - 1) * this.lrDecay);
    kernel().raw.adagradStep(p.size, p.data.ptr, g.ptr, this.buffer('sum', i).ptr, rate, this.eps, this.weightDecay);
  }
}
