import { Adagrad, Adam, AdamW, clipGradNorm, clipGradValue, gradNorm as globalGradNorm, LRScheduler, type Optimizer, type OptimizerState, RMSProp, type Schedule, scope, SGD, type Tensor } from '@recurrent/autograd';
import { yieldToEventLoop } from './yield.js';

export type OptimizerName = 'adam' | 'adamw' | 'sgd' | 'rmsprop' | 'adagrad';

export interface TrainOptions {
  /** Optimizer steps to take in this run (counted from where a resumed run left off). */
  steps: number;
  optimizer?: OptimizerName;
  lr?: number;
  weightDecay?: number;
  /** SGD/RMSProp momentum. */
  momentum?: number;
  /** Multiplier of lr by step (see autograd's schedules). */
  schedule?: Schedule;
  /** Clip the global gradient norm to this (PyTorch's clip_grad_norm_). */
  clipNorm?: number;
  /** Clamp every gradient element to ±this. */
  clipValue?: number;
  /** Evaluate (validation loss) every this many steps; 0 never. */
  evalEvery?: number;
  /** Stop when the validation loss has not improved for this many evaluations. */
  patience?: number;
  /** Call onCheckpoint every this many steps; 0 never. */
  checkpointEvery?: number;
}

export interface Progress {
  step: number;
  totalSteps: number;
  loss: number;
  /** The global gradient norm before clipping. */
  gradNorm: number;
  lr: number;
  /** Tokens per second over the last step. */
  tokensPerSecond: number;
  validationLoss?: number;
}

/** What a run needs to continue exactly where it stopped (alongside the model's weights). */
export interface TrainerState {
  step: number;
  optimizer: OptimizerState;
  losses: number[];
  validationLosses: [number, number][];
  /** The best validation loss so far; null before the first (JSON-safe: a checkpoint holds it). */
  bestValidation: number | null;
  evaluationsWithoutImprovement: number;
}

export interface TrainHooks {
  onProgress?: (progress: Progress) => void;
  /** Receives the trainer state every `checkpointEvery` steps and when the run ends or is cancelled. */
  onCheckpoint?: (state: TrainerState) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface TrainResult {
  /** Training loss of every step, the resumed history included. */
  losses: number[];
  /** [step, loss] of every evaluation. */
  validationLosses: [number, number][];
  stoppedBy: 'steps' | 'early-stopping' | 'cancelled';
  state: TrainerState;
}

/** One training step's work: build the loss of a batch (inside the step's scope) and its token count. */
export interface StepWork {
  loss: () => Tensor;
  tokens: number;
  /**
   * After the local backward, before clipping: adds the gradients other threads computed for the
   * rest of the batch and returns the whole batch's loss from the local one (data parallelism).
   */
  gather?: (localLoss: number) => Promise<number>;
}

/**
 * Training stopped because a loss stopped being a finite number (the weights or the updates
 * overflowed): the weights are those of the step before, and a saved checkpoint is untouched.
 */
export class DivergedError extends Error {
  constructor(readonly what: 'loss' | 'validation loss', readonly value: number, readonly step: number) {
    super(`the ${what} became ${value} at step ${step}; lower the learning rate or clip gradients`);
    this.name = 'DivergedError';
  }
}

/**
 * The training loop every model here shares: forward, backward, clip, update, with a learning
 * rate schedule, validation, early stopping, periodic checkpoints and cancellation. Each step
 * runs in a `scope`, so memory stays flat however long it runs. It yields to the event loop
 * between steps, so progress callbacks render and an AbortSignal is honoured.
 */
export class Trainer {
  readonly optimizer: Optimizer;
  private readonly scheduler: LRScheduler | undefined;
  private state: Omit<TrainerState, 'optimizer'>;

  constructor(readonly params: readonly Tensor[], readonly options: TrainOptions, resume?: TrainerState) {
    const { optimizer = 'adam', lr = 2e-3, weightDecay = 0, momentum = 0 } = options;
    this.optimizer = makeOptimizer(optimizer, params, lr, weightDecay, momentum);
    if (resume) this.optimizer.loadStateDict(resume.optimizer);
    this.scheduler = options.schedule ? new LRScheduler(this.optimizer, options.schedule) : undefined;
    if (this.scheduler && resume) {
      this.scheduler.epoch = resume.step;
      this.optimizer.lr = this.scheduler.baseLr * options.schedule!(resume.step);
    }
    this.state = resume
      ? { step: resume.step, losses: [...resume.losses], validationLosses: [...resume.validationLosses], bestValidation: resume.bestValidation, evaluationsWithoutImprovement: resume.evaluationsWithoutImprovement }
      : { step: 0, losses: [], validationLosses: [], bestValidation: null, evaluationsWithoutImprovement: 0 };
  }

  /** Runs `options.steps` steps; `next()` gives each step's work, `validate()` the validation loss. */
  async run(next: () => StepWork, validate: (() => number) | undefined, hooks: TrainHooks = {}): Promise<TrainResult> {
    const { steps, clipNorm, clipValue, evalEvery = 0, patience, checkpointEvery = 0 } = this.options;
    if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`train: steps must be an integer >= 0, got ${steps}`);
    const end = this.state.step + steps;
    let stoppedBy: TrainResult['stoppedBy'] = 'steps';
    while (this.state.step < end) {
      if (hooks.signal?.aborted) {
        stoppedBy = 'cancelled';
        break;
      }
      const started = performance.now();
      const work = next();
      const lr = this.optimizer.lr;
      const local = backwardStep(work.loss);
      const { loss, gradNorm } = optimizerStep(this.params, this.optimizer, work.gather ? await work.gather(local) : local, { clipNorm, clipValue }, this.state.step + 1);
      this.scheduler?.step();
      this.state.step++;
      this.state.losses.push(loss);
      const progress: Progress = {
        step: this.state.step, totalSteps: end, loss, gradNorm, lr,
        tokensPerSecond: work.tokens / ((performance.now() - started) / 1000),
      };
      if (validate && evalEvery > 0 && (this.state.step % evalEvery === 0 || this.state.step === end)) {
        const v = validate();
        if (!Number.isFinite(v)) throw new DivergedError('validation loss', v, this.state.step);
        progress.validationLoss = v;
        this.state.validationLosses.push([this.state.step, v]);
        if (this.state.bestValidation === null || v < this.state.bestValidation) {
          this.state.bestValidation = v;
          this.state.evaluationsWithoutImprovement = 0;
        } else {
          this.state.evaluationsWithoutImprovement++;
        }
      }
      hooks.onProgress?.(progress);
      if (checkpointEvery > 0 && this.state.step % checkpointEvery === 0) await hooks.onCheckpoint?.(this.snapshot());
      if (patience !== undefined && this.state.evaluationsWithoutImprovement >= patience) {
        stoppedBy = 'early-stopping';
        break;
      }
      await yieldToEventLoop();
    }
    const state = this.snapshot();
    await hooks.onCheckpoint?.(state);
    return { losses: state.losses, validationLosses: state.validationLosses, stoppedBy, state };
  }

  /** The state to resume from. */
  snapshot(): TrainerState {
    return { ...this.state, losses: [...this.state.losses], validationLosses: [...this.state.validationLosses], optimizer: this.optimizer.stateDict() };
  }
}

/**
 * One optimizer step: the loss and its backward inside a scope (the step's tensors are freed
 * at once), clipping, the update, gradients back to zero. Returns the loss and the gradient
 * norm before clipping. A non-finite loss stops with an error instead of ruining the weights.
 */
export function trainStep(
  params: readonly Tensor[], optimizer: Optimizer, lossOf: () => Tensor,
  clip: { clipNorm?: number | undefined; clipValue?: number | undefined } = {}, step?: number,
): { loss: number; gradNorm: number } {
  return optimizerStep(params, optimizer, backwardStep(lossOf), clip, step);
}

/** The loss and its backward, inside a scope that frees the step's tensors; gradients accumulate. */
export function backwardStep(lossOf: () => Tensor): number {
  return scope(() => {
    const l = lossOf();
    l.backward();
    return l.item();
  });
}

/** Clipping, the update and gradients back to zero, after the backward of a step whose loss was `loss`. */
export function optimizerStep(
  params: readonly Tensor[], optimizer: Optimizer, loss: number,
  clip: { clipNorm?: number | undefined; clipValue?: number | undefined } = {}, step?: number,
): { loss: number; gradNorm: number } {
  if (!Number.isFinite(loss)) {
    optimizer.zeroGrad();
    throw new DivergedError('loss', loss, step ?? 0);
  }
  const gradNorm = clip.clipNorm !== undefined ? clipGradNorm(params, clip.clipNorm) : globalGradNorm(params);
  if (clip.clipValue !== undefined) clipGradValue(params, clip.clipValue);
  optimizer.step();
  optimizer.zeroGrad();
  return { loss, gradNorm };
}

function makeOptimizer(name: OptimizerName, params: readonly Tensor[], lr: number, weightDecay: number, momentum: number): Optimizer {
  switch (name) {
    case 'adam': return new Adam(params, { lr, weightDecay });
    case 'adamw': return new AdamW(params, { lr, weightDecay });
    case 'sgd': return new SGD(params, { lr, weightDecay, momentum });
    case 'rmsprop': return new RMSProp(params, { lr, weightDecay, momentum });
    case 'adagrad': return new Adagrad(params, { lr, weightDecay });
    default: throw new RangeError(`train: unknown optimizer ${JSON.stringify(name)}`);
  }
}
