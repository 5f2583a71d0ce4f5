import type { TokenBatch } from '../batches.js';

/** The sequences [start, end) of a batch that one thread computes. */
export interface Shard {
  start: number;
  end: number;
}

/**
 * B sequences cut into `count` contiguous shards whose sizes differ by at most one (the first
 * ones take the remainder). Fewer shards than asked when B is smaller: a shard is never empty.
 */
export function shardsOf(batch: number, count: number): Shard[] {
  const n = Math.max(1, Math.min(count, batch));
  const base = Math.floor(batch / n), extra = batch % n;
  const shards: Shard[] = [];
  for (let k = 0, start = 0; k < n; k++) {
    const end = start + base + (k < extra ? 1 : 0);
    shards.push({ start, end });
    start = end;
  }
  return shards;
}

/** Sequences [start, end) of a time-major batch (step t of sequence b at t·B + b), as a batch of their own. */
export function batchColumns(batch: TokenBatch, shard: Shard): TokenBatch {
  const { steps: T, batch: B } = batch;
  const b = shard.end - shard.start;
  const inputs = new Int32Array(T * b), targets = new Int32Array(T * b);
  for (let t = 0; t < T; t++) {
    inputs.set(batch.inputs.subarray(t * B + shard.start, t * B + shard.end), t * b);
    targets.set(batch.targets.subarray(t * B + shard.start, t * B + shard.end), t * b);
  }
  return { inputs, targets, steps: T, batch: b };
}

/** The rows [start, end) of every layer of a state [L, B, H] (flattened), as [L, end − start, H]. */
export function stateColumns(state: Float32Array, batch: number, hidden: number, shard: Shard): Float32Array {
  const layers = state.length / (batch * hidden), b = shard.end - shard.start;
  const out = new Float32Array(layers * b * hidden);
  for (let l = 0; l < layers; l++) {
    out.set(state.subarray((l * batch + shard.start) * hidden, (l * batch + shard.end) * hidden), l * b * hidden);
  }
  return out;
}

/** Writes a shard's state [L, end − start, H] back into its rows of the whole batch's state [L, B, H]. */
export function setStateColumns(state: Float32Array, batch: number, hidden: number, shard: Shard, values: Float32Array): void {
  const b = shard.end - shard.start, layers = values.length / (b * hidden);
  for (let l = 0; l < layers; l++) {
    state.set(values.subarray(l * b * hidden, (l + 1) * b * hidden), (l * batch + shard.start) * hidden);
  }
}
