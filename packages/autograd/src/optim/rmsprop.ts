import type { F32 } from '@recurrent/kernel';
import { kernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { checkRate, Optimizer } from './optimizer.js';

export interface RMSPropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
}

/** RMSProp (not centred), PyTorch's defaults: lr 0.01, alpha 0.99, eps 1e-8. */
export class RMSProp extends Optimizer {
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;

  constructor(params: readonly Tensor[], options: RMSPropOptions = {}) {
    const { lr = 0.01, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0 } = options;
    super('RMSProp', params, lr, ['squareAvg', 'momentumBuffer']);
    for (const [name, v] of Object.entries({ alpha, eps, weightDecay, momentum })) checkRate('RMSProp', name, v);
    if (alpha > 1) throw new RangeError(`RMSProp: alpha must lie in [0, 1], got ${alpha}`);
    this.alpha = alpha;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
  }

  protected update(p: Tensor, g: F32, i: number): void {
    kernel().raw.rmspropStep(p.size, p.data.ptr, g.ptr, this.buffer('squareAvg', i).ptr, this.buffer('momentumBuffer', i).ptr,
      this.lr, this.alpha, this.eps, this.weightDecay, this.momentum);
  }
}
