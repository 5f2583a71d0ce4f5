import type { Random } from '@recurrent/autograd';

export interface SampleOptions {
  /** Divides the logits: below 1 sharper, above 1 flatter. Default 1; 0 means greedy. */
  temperature?: number;
  /** Keep only the k most likely symbols (0 or undefined: all). */
  topK?: number;
  /** Keep the smallest set of most likely symbols whose probability reaches p (nucleus sampling). */
  topP?: number;
}

/** The index of the largest score (the first one on ties). */
export function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return best;
}

/** softmax(scores / temperature) in float64. */
export function probabilities(scores: ArrayLike<number>, temperature = 1): Float64Array {
  const p = new Float64Array(scores.length);
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]!);
  let total = 0;
  for (let i = 0; i < scores.length; i++) total += p[i] = Math.exp((scores[i]! - max) / temperature);
  for (let i = 0; i < p.length; i++) p[i] = p[i]! / total;
  return p;
}

/** Draws one index from the logits with temperature, top-k and top-p (nucleus) filtering. */
export function sampleIndex(logits: ArrayLike<number>, rng: Random, options: SampleOptions = {}): number {
  const { temperature = 1, topK = 0, topP = 1 } = options;
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new RangeError(`sample: temperature must be a finite number >= 0, got ${temperature}`);
  if (!Number.isInteger(topK) || topK < 0) throw new RangeError(`sample: topK must be an integer >= 0, got ${topK}`);
  if (!(topP > 0 && topP <= 1)) throw new RangeError(`sample: topP must lie in (0, 1], got ${topP}`);
  if (temperature === 0) return argmax(logits);
  const p = probabilities(logits, temperature);
  // Most likely first; keep the top k, then the smallest prefix reaching topP.
  let order = Array.from(p.keys()).sort((a, b) => p[b]! - p[a]! || a - b);
  if (topK > 0) order = order.slice(0, topK);
  let mass = 0;
  let keep = 0;
  while (keep < order.length && (keep === 0 || mass < topP)) mass += p[order[keep++]!]!;
  order = order.slice(0, keep);
  let r = rng.next() * mass;
  for (const i of order) {
    r -= p[i]!;
    if (r < 0) return i;
  }
  return order[order.length - 1]!;
}
