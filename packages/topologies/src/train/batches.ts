import type { Random } from '@recurrent/autograd';

/** Inputs and next-token targets for T steps of B sequences, time-major (step t of sequence b at t·B + b). */
export interface TokenBatch {
  inputs: Int32Array;
  targets: Int32Array;
  steps: number;
  batch: number;
}

/**
 * B windows of T + 1 consecutive ids at random starts, start = ⌊r · (N − T − 1)⌋ — the
 * benchmark workload's sampler, so our loss curve and the peers' are comparable.
 */
export function randomWindows(ids: ArrayLike<number>, steps: number, batch: number, rng: Random): TokenBatch {
  return randomWindowsFrom(new Array<ArrayLike<number>>(batch).fill(ids), steps, rng);
}

/**
 * {@link randomWindows} with sequence b drawn from `sources[b]`: a batch that mixes texts in a
 * chosen proportion (the editor's learning mixes what was just written with the whole project).
 */
export function randomWindowsFrom(sources: readonly ArrayLike<number>[], steps: number, rng: Random): TokenBatch {
  const batch = sources.length;
  const inputs = new Int32Array(steps * batch), targets = new Int32Array(steps * batch);
  for (let b = 0; b < batch; b++) {
    const ids = sources[b]!;
    const span = ids.length - steps - 1;
    if (span < 0) throw new RangeError(`randomWindows: ${ids.length} tokens cannot hold a window of ${steps} + 1`);
    const start = Math.floor(rng.next() * span);
    for (let t = 0; t < steps; t++) {
      inputs[t * batch + b] = ids[start + t]!;
      targets[t * batch + b] = ids[start + t + 1]!;
    }
  }
  return { inputs, targets, steps, batch };
}

/**
 * The corpus cut into B streams read side by side, T tokens per call, for truncated BPTT:
 * chunk n + 1 of stream b continues chunk n, so the recurrent state can be carried across
 * (and detached). When the streams run out they start again (`wrapped` says so: the caller
 * resets the state).
 */
export class TokenStreams {
  readonly length: number;
  /** Where the next chunk starts within each stream. */
  position = 0;

  constructor(readonly ids: ArrayLike<number>, readonly steps: number, readonly batch: number) {
    this.length = Math.floor((ids.length - 1) / batch);
    if (this.length < steps) {
      throw new RangeError(`TokenStreams: ${ids.length} tokens make ${batch} streams of ${this.length}, shorter than one chunk of ${steps}`);
    }
  }

  next(): TokenBatch & { wrapped: boolean } {
    let wrapped = false;
    if (this.position + this.steps > this.length) {
      this.position = 0;
      wrapped = true;
    }
    const { steps, batch, ids } = this;
    const inputs = new Int32Array(steps * batch), targets = new Int32Array(steps * batch);
    for (let b = 0; b < batch; b++) {
      const start = b * this.length + this.position;
      for (let t = 0; t < steps; t++) {
        inputs[t * batch + b] = ids[start + t]!;
        targets[t * batch + b] = ids[start + t + 1]!;
      }
    }
    this.position += steps;
    return { inputs, targets, steps, batch, wrapped };
  }
}
