import type { Random } from '@recurrent/autograd';

/**
 * A seed for a part of a model, drawn from the model's own generator. Every part (each
 * Recurrent, each Linear, the dropout masks) then gets its own stream, and one `seed` option
 * still replays the whole model bit for bit.
 */
export function childSeed(rng: Random): number {
  return Math.floor(rng.next() * 4294967296);
}
