import { expect } from 'vitest';

/** Elementwise `|actual − expected| <= abs + rel · |expected|`; NaN must meet NaN. */
export interface Tol {
  readonly abs: number;
  readonly rel: number;
}

/** Bit-identical: the same code on the same kernel must give the same floats. */
export const EXACT: Tol = { abs: 0, rel: 0 };

/** Whether `actual` is within `tol` of `expected` (equal infinities are; NaN only meets NaN). */
export function within(actual: number, expected: number, tol: Tol): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return actual === expected || Math.abs(actual - expected) <= tol.abs + tol.rel * Math.abs(expected);
}

/** Asserts every element is within `tol`, naming how many are not and the worst of them. */
export function expectClose(
  actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, tol: Tol, label = '',
): void {
  const a = typeof actual === 'number' ? [actual] : actual;
  const e = typeof expected === 'number' ? [expected] : expected;
  expect(a.length, `${label}: length`).toBe(e.length);
  let bad = 0, worst = -1, worstExcess = -Infinity;
  for (let i = 0; i < e.length; i++) {
    const x = a[i]!, y = e[i]!;
    if (within(x, y, tol)) continue;
    bad++;
    const excess = Number.isNaN(x - y) ? Infinity : Math.abs(x - y) - (tol.abs + tol.rel * Math.abs(y));
    if (excess > worstExcess) [worst, worstExcess] = [i, excess];
  }
  const detail = worst < 0 ? '' : `; worst [${worst}]: got ${a[worst]}, expected ${e[worst]} (abs ${tol.abs}, rel ${tol.rel})`;
  expect(bad, `${label}: ${bad} of ${e.length} elements out of tolerance${detail}`).toBe(0);
}
