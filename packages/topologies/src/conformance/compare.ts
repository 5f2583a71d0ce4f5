import type { Tolerance } from './fixture.js';

/** How far `actual` is from `expected`, as a fraction of what the tolerance allows (≤ 1 passes). */
export interface Comparison {
  what: string;
  /** max over elements of |a − e| / (abs + rel·|e|). */
  usage: number;
}

export function compareElementwise(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): Comparison {
  if (actual.length !== expected.length) return { what: `${what} (length ${actual.length}, expected ${expected.length})`, usage: Infinity };
  let usage = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    const u = Number.isNaN(a) ? Infinity : Math.abs(a - e) / (tol.abs + tol.rel * Math.abs(e));
    if (u > usage) usage = u;
  }
  return { what, usage };
}

/**
 * The fixtures' scale-free gradient check: |a − e| ≤ scale · max_j |e_j| over the tensor, and an
 * all-zero expected tensor must come out exactly zero.
 */
export function compareScaled(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>, scale: number): Comparison {
  let maxExpected = 0;
  for (let i = 0; i < expected.length; i++) maxExpected = Math.max(maxExpected, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    worst = Math.max(worst, Number.isNaN(a) ? Infinity : Math.abs(a - expected[i]!));
  }
  const usage = maxExpected === 0 ? (worst === 0 ? 0 : Infinity) : worst / (scale * maxExpected);
  return { what: `${what} (scale-free)`, usage };
}
