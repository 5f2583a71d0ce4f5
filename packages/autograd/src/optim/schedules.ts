import type { Optimizer } from './optimizer.js';

/** A learning-rate schedule: the multiplier of the base rate after `epoch` scheduler steps. */
export type Schedule = (epoch: number) => number;

/** × gamma every `stepSize` epochs (PyTorch's StepLR). */
export function stepDecay(stepSize: number, gamma = 0.1): Schedule {
  if (!Number.isInteger(stepSize) || stepSize < 1) throw new RangeError(`stepDecay: stepSize must be a positive integer, got ${stepSize}`);
  return (epoch) => gamma ** Math.floor(epoch / stepSize);
}

/** × gamma every epoch (ExponentialLR). */
export function exponentialDecay(gamma: number): Schedule {
  return (epoch) => gamma ** epoch;
}

/**
 * Half a cosine from 1 down to `minFactor` over `period` epochs, then held there
 * (CosineAnnealingLR with eta_min = minFactor · base rate).
 */
export function cosineAnnealing(period: number, minFactor = 0): Schedule {
  if (!(period > 0)) throw new RangeError(`cosineAnnealing: period must be > 0, got ${period}`);
  return (epoch) => minFactor + (1 - minFactor) * (1 + Math.cos(Math.PI * Math.min(epoch, period) / period)) / 2;
}

/** A linear ramp from 1/(warmup + 1) to 1 over `warmup` epochs, then `after` (counted from the end of warm-up). */
export function linearWarmup(warmup: number, after: Schedule = () => 1): Schedule {
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`linearWarmup: warmup must be an integer >= 0, got ${warmup}`);
  return (epoch) => (epoch < warmup ? (epoch + 1) / (warmup + 1) : after(epoch - warmup));
}

/**
 * Drives an optimizer's rate: lr = baseLr · schedule(epoch). Call `step()` once per epoch (or
 * per optimizer step, as the schedule intends).
 *
 * @example
 * ```ts
 * const scheduler = new LRScheduler(adam, linearWarmup(100, cosineAnnealing(900)));
 * for (…) { …; adam.step(); scheduler.step(); }
 * ```
 */
export class LRScheduler {
  readonly baseLr: number;
  epoch = 0;

  constructor(readonly optimizer: Optimizer, readonly schedule: Schedule) {
    this.baseLr = optimizer.lr;
    optimizer.lr = this.baseLr * schedule(0);
  }

  step(): void {
    this.epoch++;
    this.optimizer.lr = this.baseLr * this.schedule(this.epoch);
  }
}
