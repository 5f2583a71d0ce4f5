// Inverted dropout with a seeded mask.
import { kernel } from '../engine.js';
import { accumulate, op } from '../graph.js';
import type { Random } from '../random.js';
import type { Tensor } from '../tensor.js';

/**
 * Zeroes each element with probability p and scales the rest by 1 / (1 − p), so the expected
 * value is unchanged and inference needs no rescaling. The mask comes from `rng`: the same
 * seed drops the same elements. With `training` false (or p = 0) it returns x itself.
 */
export function dropout(x: Tensor, p: number, rng: Random, training = true): Tensor {
  if (!(p >= 0 && p < 1)) throw new RangeError(`dropout: p must lie in [0, 1), got ${p}`);
  if (!training || p === 0) return x;
  const k = kernel();
  const mask = k.alloc(x.size);
  const m = k.f32(mask);
  const keep = 1 / (1 - p);
  for (let i = 0; i < m.length; i++) m[i] = rng.next() < p ? 0 : keep;
  const out = op('dropout', [x], x.shape, (gradOut) => accumulate(x, (gx) => {
    // dx += dy ⊙ mask
    const dx = k.f32(gx), dy = k.f32(gradOut), mv = k.f32(mask);
    for (let i = 0; i < dx.length; i++) dx[i] = dx[i]! + dy[i]! * mv[i]!;
  }));
  k.raw.mul(x.size, x.data.ptr, mask.ptr, out.data.ptr);
  return out;
}
