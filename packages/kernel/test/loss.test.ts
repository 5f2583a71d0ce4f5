/** softmaxCrossEntropy: hand-computed cases on every backend, then the twin over the size grid. */
import { describe, expect, it } from 'vitest';
import { ALL_BACKENDS, EXACT, Rng, SIZES, WASM_BACKENDS, expectClose, expectTwin, useKernel, useTwin, type Tol } from './helpers.js';

/** Softmax probabilities are ≤ 1 (times |gradScale| ≤ 1) from ~1-ulp float32 exps. */
const DLOGITS_TOL: Tol = { abs: 3e-7, rel: 1e-5 };
/** Per row, ln of a float32 sum of float32 exps: observed ≤ 1e-8 on average; the rows add up in float64. */
const lossTol = (rows: number): Tol => ({ abs: 1e-7 * rows, rel: 1e-6 });
const IGNORE = -100;

/** rows takes every size, cols every size. */
const SHAPES = SIZES.map((rows, i) => [rows, SIZES[(i + 9) % SIZES.length]!] as const);

describe.each(ALL_BACKENDS)('softmaxCrossEntropy hand-computed (%s)', (backend) => {
  const k = useKernel(backend);

  it('two equal logits: ln 2 per row; ignored rows add nothing and get zero gradient', () => {
    const logits = k.fromArray([0, 0, 3, 3, 7, -7]);
    const targets = k.fromInt32Array([0, 1, IGNORE]);
    const d = k.fromArray([9, 9, 9, 9, 9, 9]);
    const loss = k.softmaxCrossEntropy(3, 2, logits, targets, d, 2);
    expectClose(loss, 2 * Math.LN2, { abs: 1e-6, rel: 0 }, 'loss');
    expectClose(k.toArray(d), [-1, 1, 1, -1, 0, 0], { abs: 1e-6, rel: 0 }, 'dlogits = 2·(softmax − onehot)');
  });

  it('is stable for logits of ±1000 and works in place', () => {
    const logits = k.fromArray([1000, 998, -1000, 0]);
    const loss = k.softmaxCrossEntropy(2, 2, logits, k.fromInt32Array([1, 0]), logits);
    // Row 0: p = (1, e⁻²) / (1 + e⁻²), target 1 → 2 + ln(1 + e⁻²). Row 1: target logit −1000 against 0 → 1000.
    const p0 = 1 / (1 + Math.exp(-2));
    expectClose(loss, 2 + Math.log1p(Math.exp(-2)) + 1000, { abs: 1e-4, rel: 0 }, 'loss');
    expectClose(k.toArray(logits), [p0, -p0, -1, 1], { abs: 1e-6, rel: 0 }, 'dlogits in place');
  });
});

describe.each(WASM_BACKENDS)('softmaxCrossEntropy vs reference twin (%s)', (backend) => {
  const t = useTwin(backend);

  it.each(SHAPES)('%i rows x %i classes, ignored rows, several gradScales', (rows, cols) => {
    const rng = new Rng(rows * 300 + cols);
    const targets = Int32Array.from(rng.ints(rows, 0, cols), (v, r) => (r % 5 === 3 ? IGNORE : v));
    for (const gradScale of [1, 1 / rows, -0.5]) {
      const got = expectTwin(t, `gradScale ${gradScale}`, {
        logits: rng.floats(rows * cols, -6, 6), targets, dlogits: rng.floats(rows * cols, 5, 9),
      }, (b, k) => k.softmaxCrossEntropy(rows, cols, b.logits, b.targets, b.dlogits, gradScale), DLOGITS_TOL, lossTol(rows));
      // Each kept row's gradient sums to 0 (softmax sums to 1); ignored rows are exactly 0.
      for (let r = 0; r < rows; r++) {
        const row = got.out.dlogits.subarray(r * cols, (r + 1) * cols);
        if (targets[r] === IGNORE) expectClose(row, new Float32Array(cols), EXACT, `ignored row ${r}`);
        else expectClose(row.reduce((s, v) => s + v, 0), 0, { abs: 1e-6, rel: 0 }, `row ${r} sum`);
      }
    }
  });

  it.each(SHAPES)('%i rows x %i classes: large logits (±1000), in place, ignoreIndex a class number', (rows, cols) => {
    const rng = new Rng(rows * 301 + cols);
    const logits = Float32Array.from(rng.floats(rows * cols, -3, 3), (v, i) => v + (i % 3 === 0 ? 1000 : i % 3 === 1 ? -1000 : 0));
    const ignore = Math.min(2, cols - 1);
    const targets = rng.ints(rows, 0, cols);
    const got = expectTwin(t, 'large logits in place', { logits, targets },
      (b, k) => k.softmaxCrossEntropy(rows, cols, b.logits, b.targets, b.logits, 0.5, ignore), DLOGITS_TOL, lossTol(rows));
    expect(Number.isFinite(got.result)).toBe(true);
    expect(got.out.logits.every(Number.isFinite)).toBe(true);
  });
});
