import type { F32 } from '@recurrent/kernel';
import { kernel } from '../engine.js';
import type { Tensor } from '../tensor.js';

/** Everything needed to continue training exactly where it stopped. */
export interface OptimizerState {
  type: string;
  step: number;
  lr: number;
  /** Per-parameter buffers by name (e.g. `m`, `v`), in the order of the parameters. */
  buffers: Record<string, number[][]>;
}

/**
 * The common part of every optimizer: the parameters, the learning rate, the step count, and
 * per-parameter state buffers allocated in kernel memory when the optimizer is made (so a
 * training step's scope never frees them). Subclasses give the update of one parameter.
 */
export abstract class Optimizer {
  readonly params: readonly Tensor[];
  /** The learning rate used by the next step; schedules change it. */
  lr: number;
  /** Steps taken so far (Adam's t). */
  stepCount = 0;
  protected readonly state: Record<string, F32[]> = {};

  protected constructor(readonly type: string, params: readonly Tensor[], lr: number, bufferNames: readonly string[]) {
    if (params.length === 0) throw new RangeError(`${type}: needs at least one parameter`);
    if (new Set(params).size !== params.length) throw new RangeError(`${type}: a parameter is listed twice`);
    for (const p of params) {
      if (!p.requiresGrad) throw new RangeError(`${type}: parameter ${p.toString()} does not require grad`);
      p.checkAlive(type);
    }
    checkRate(type, 'lr', lr);
    this.params = params;
    this.lr = lr;
    for (const name of bufferNames) this.state[name] = params.map((p) => kernel().alloc(p.size));
  }

  /** Applies one update to every parameter from its current gradient. */
  step(): void {
    this.stepCount++;
    this.params.forEach((p, i) => {
      p.checkAlive(`${this.type}.step`);
      this.update(p, p.gradBuffer(), i);
    });
  }

  /** Sets every parameter's gradient to zero. */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** A plain-data copy of the optimizer's state (JSON-safe). */
  stateDict(): OptimizerState {
    const buffers: Record<string, number[][]> = {};
    for (const [name, list] of Object.entries(this.state)) buffers[name] = list.map((b) => Array.from(kernel().toArray(b)));
    return { type: this.type, step: this.stepCount, lr: this.lr, buffers };
  }

  /** Restores a state saved by {@link stateDict} from an optimizer of the same kind and parameters. */
  loadStateDict(saved: OptimizerState): void {
    if (saved.type !== this.type) throw new Error(`${this.type}.loadStateDict: the state is from ${saved.type}`);
    if (!Number.isInteger(saved.step) || saved.step < 0) throw new RangeError(`${this.type}.loadStateDict: bad step ${saved.step}`);
    checkRate(this.type, 'lr', saved.lr);
    const k = kernel();
    for (const [name, list] of Object.entries(this.state)) {
      const values = saved.buffers[name];
      if (values === undefined || values.length !== list.length) {
        throw new Error(`${this.type}.loadStateDict: buffer ${name} is missing or has ${values?.length} entries for ${list.length} parameters`);
      }
      values.forEach((v, i) => {
        if (v.length !== list[i]!.length) {
          throw new Error(`${this.type}.loadStateDict: ${name}[${i}] has ${v.length} values for a parameter of ${list[i]!.length}`);
        }
        if (!v.every(Number.isFinite)) throw new Error(`${this.type}.loadStateDict: ${name}[${i}] holds a non-finite value`);
      });
    }
    for (const [name, list] of Object.entries(this.state)) saved.buffers[name]!.forEach((v, i) => k.f32(list[i]!).set(v));
    this.stepCount = saved.step;
    this.lr = saved.lr;
  }

  protected abstract update(param: Tensor, grad: F32, index: number): void;

  protected buffer(name: string, index: number): F32 {
    return this.state[name]![index]!;
  }
}

export function checkRate(type: string, name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${type}: ${name} must be a finite number >= 0, got ${value}`);
}
