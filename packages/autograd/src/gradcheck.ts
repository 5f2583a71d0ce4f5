import { noGrad } from './graph.js';
import { Random } from './random.js';
import { scope } from './scope.js';
import type { Tensor } from './tensor.js';

export interface GradcheckOptions {
  /** Finite-difference step, relative to max(1, |x|) (default 1e-3: the forward runs in float32). */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Seed of the random upstream gradient that makes a non-scalar output scalar. */
  seed?: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** The worst |numeric − analytic| − rtol · |numeric| over all elements (≤ atol passes). */
  worstExcess: number;
  /** Where the worst element is, as `input[i] element j`, with both values. */
  worst: string;
}

/**
 * Compares the tape's gradient of L = Σ w ⊙ fn(inputs) (w random, fixed) with central finite
 * differences, (L(x + h) − L(x − h)) / 2h, the sums taken in float64. Every element of every
 * input that requires grad is checked. Inputs' gradients are zeroed first and left holding
 * the analytic gradient.
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const { eps = 1e-3, atol = 1e-3, rtol = 1e-2, seed = 7 } = options;
  for (const t of inputs) t.zeroGrad();
  const weights = scope(() => {
    const out = fn(...inputs);
    const rng = new Random(seed);
    const w = Float64Array.from({ length: out.size }, () => rng.uniform(-1, 1));
    out.backward(w);
    return Array.from(w);
  });
  const objective = (): number => scope(() => noGrad(() => {
    const out = fn(...inputs).toArray();
    let total = 0;
    for (let i = 0; i < out.length; i++) total += weights[i]! * out[i]!;
    return total;
  }));

  let worstExcess = -Infinity;
  let worst = 'no element requires grad';
  inputs.forEach((t, ti) => {
    if (!t.requiresGrad) return;
    const analytic = t.grad!;
    for (let j = 0; j < t.size; j++) {
      const original = t.view()[j]!;
      const h = eps * Math.max(1, Math.abs(original));
      t.view()[j] = original + h;
      const up = objective();
      t.view()[j] = original - h;
      const down = objective();
      t.view()[j] = original;
      // The step actually taken in float32 may differ from h: divide by it.
      const step = Math.fround(original + h) - Math.fround(original - h);
      const numeric = (up - down) / step;
      const excess = Math.abs(numeric - analytic[j]!) - rtol * Math.abs(numeric);
      if (excess > worstExcess) {
        worstExcess = excess;
        worst = `input[${ti}] (${t.toString()}) element ${j}: numeric ${numeric}, analytic ${analytic[j]}`;
      }
    }
  });
  return { ok: worstExcess <= atol, worstExcess, worst };
}
