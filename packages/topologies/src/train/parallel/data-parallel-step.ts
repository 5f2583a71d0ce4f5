import { Random, scale, Tensor } from '@recurrent/autograd';
import type { RecurrentState } from '../../layers/recurrent.js';
import type { CharLM } from '../../text/char-lm.js';
import type { TokenBatch } from '../batches.js';
import type { StepWork } from '../trainer.js';
import type { GradientThreads } from './gradient-threads.js';
import { batchColumns, type Shard, setStateColumns, shardsOf, stateColumns } from './shards.js';

/**
 * One step of data-parallel training: the batch's sequences are cut into one shard per thread;
 * the other threads start on theirs at once, this thread computes the first, then their
 * gradients are added to its own. Each shard's mean loss is weighted by its share of the batch,
 * so the sum is the whole batch's mean loss and its gradient:
 *   L = Σₖ (bₖ / B) · Lₖ,   ∂L/∂θ = Σₖ (bₖ / B) · ∂Lₖ/∂θ.
 * Truncated BPTT's carried state stays whole here; each shard gets and returns its rows.
 */
export function dataParallelStep(lm: CharLM, batch: TokenBatch, threads: GradientThreads, carried: RecurrentState | undefined, rng: Random): StepWork {
  const B = batch.batch, H = lm.config.hiddenSize;
  const [own, ...others] = shardsOf(B, threads.count + 1) as [Shard, ...Shard[]];
  const share = (shard: Shard) => (shard.end - shard.start) / B;
  // With dropout every shard draws its masks from a seed of its own, drawn in shard order.
  const seeds = lm.config.dropout > 0 ? [own, ...others].map(() => Math.floor(rng.next() * 2 ** 31)) : undefined;
  const carriedH = carried?.h.toArray(), carriedC = carried?.c?.toArray();
  const rowsOf = (values: Float32Array | undefined, shard: Shard) => (values ? stateColumns(values, B, H, shard) : undefined);
  const pending = threads.compute(others.map((shard, k) => {
    const h = rowsOf(carriedH, shard), c = rowsOf(carriedC, shard);
    return { batch: batchColumns(batch, shard), share: share(shard), ...(seeds ? { seed: seeds[k + 1]! } : {}), ...(h ? { h } : {}), ...(c ? { c } : {}) };
  }));
  // The local step may throw before gather awaits this; the error is gather's to report.
  pending.catch(() => undefined);

  const writeBack = (shard: Shard, h: Float32Array, c: Float32Array | undefined) => {
    if (!carried) return;
    setStateColumns(carried.h.view(), B, H, shard, h);
    if (carried.c && c) setStateColumns(carried.c.view(), B, H, shard, c);
  };
  return {
    tokens: batch.steps * B,
    loss: () => {
      const h = rowsOf(carriedH, own), c = rowsOf(carriedC, own);
      const shape = [lm.config.numLayers, own.end - own.start, H];
      const state = h ? { h: Tensor.fromArray(h, shape), ...(c ? { c: Tensor.fromArray(c, shape) } : {}) } : undefined;
      const { loss, state: final } = lm.loss(batchColumns(batch, own), state, { training: true, rng: seeds ? new Random(seeds[0]!) : rng });
      writeBack(own, final.h.toArray(), final.c?.toArray());
      return scale(loss, share(own));
    },
    gather: async (localLoss) => {
      threads.spinUntilAnswered();
      const results = await pending;
      threads.addGradients();
      results.forEach((result, k) => writeBack(others[k]!, result.h, result.c));
      return results.reduce((sum, result) => sum + result.loss, localLoss);
    },
  };
}
