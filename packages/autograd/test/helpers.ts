/**
 * The autograd suite's helpers: float32 tolerances, fast-check settings and shape arbitraries,
 * random input tensors, a gradcheck assertion, a backend switch that always restores 'auto',
 * and the PyTorch fixtures' layout as these tests read it. What every suite shares (the
 * fixture locator, fast-check's seed, Tol and expectClose) is in @recurrent/test-utils.
 */
import { fcSeed, type Tol } from '@recurrent/test-utils';
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  gradcheck, kernel, type Optimizer, Random, scope, sizeOf, Tensor, useBackendSync, type Shape,
} from '../src/index.js';

// ---- tolerances ----------------------------------------------------------------------------

/** A float32 result of O(1) against a float64 hand computation: a few float32 ulps (6e-8 each). */
export const F32_TOL: Tol = { abs: 1e-6, rel: 1e-5 };

/**
 * gradcheck settings. eps 1e-3 (relative to max(1, |x|)) balances truncation error O(eps²)
 * against float32 rounding of the forward divided by 2·eps (~1e-4 for outputs of size ~4);
 * atol 1e-3 / rtol 1e-2 then leave a 5–10× margin. These are gradcheck's own defaults, named.
 */
export const GRADCHECK = { eps: 1e-3, atol: 1e-3, rtol: 1e-2 } as const;

// ---- fast-check ----------------------------------------------------------------------------

/** Runs per property: enough shapes to reach the odd sizes, cheap enough for gradcheck. */
export const FC_RUNS = 20;
/** The workspace's fixed seed (FC_SEED overrides it to explore other cases), read once per file. */
const FC_SEED = fcSeed();

/** fc.assert with the suite's run count and seed. */
export function check<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void): void {
  fc.assert(fc.property(arbitrary, predicate), { numRuns: FC_RUNS, seed: FC_SEED });
}

/** Every input stays at most this big: gradcheck runs two forwards per element. */
export const MAX_ELEMENTS = 40;
/** One dimension: 1..7 reaches every remainder modulo the SIMD width 4. */
export const dim = (max = 7): fc.Arbitrary<number> => fc.integer({ min: 1, max });
/** A seed for the tensors' values. */
export const seed = (): fc.Arbitrary<number> => fc.integer({ min: 0, max: 0x7fffffff });

/** A shape of rank minRank..maxRank, dims 1..7 (1..4 at rank 3), at most MAX_ELEMENTS elements. */
export function shapeArb(minRank = 1, maxRank = 3): fc.Arbitrary<number[]> {
  return fc.integer({ min: minRank, max: maxRank })
    .chain((rank) => fc.array(dim(rank >= 3 ? 4 : 7), { minLength: rank, maxLength: rank }))
    .filter((shape) => sizeOf(shape) <= MAX_ELEMENTS);
}

// ---- tensors -------------------------------------------------------------------------------

/** Uniform values in [low, high), requiring grad unless told otherwise. */
export function rand(shape: Shape, rng: Random, low = -1, high = 1, requiresGrad = true): Tensor {
  return Tensor.uniform(shape, low, high, rng, { requiresGrad });
}

/** Values with |v| in [min, max) and a random sign: away from kinks and poles at 0. */
export function awayFromZero(shape: Shape, rng: Random, min = 0.5, max = 1.5, requiresGrad = true): Tensor {
  const values = Array.from({ length: sizeOf(shape) }, () => (rng.next() < 0.5 ? -1 : 1) * rng.uniform(min, max));
  return Tensor.fromArray(values, shape, { requiresGrad });
}

/** Overwrites a tensor's gradient buffer (as a backward would have left it). */
export function setGrad(t: Tensor, values: ArrayLike<number>): void {
  kernel().f32(t.gradBuffer()).set(values);
}

/**
 * Steps `opt` once per entry of `grads` (each the gradient of every parameter, in order),
 * returning every parameter's values after each step.
 */
export function stepWith(opt: Optimizer, grads: readonly (readonly number[][])[]): number[][][] {
  return grads.map((perParam) => {
    opt.params.forEach((p, i) => setGrad(p, perParam[i]!));
    opt.step();
    return opt.params.map((p) => Array.from(p.toArray()));
  });
}

/**
 * Gradchecks `fn` at the inputs `make` builds, inside a scope so that a property's many runs
 * give their memory back; fails with gradcheck's description of the worst element.
 */
export function expectGradcheck(make: () => Tensor[], fn: (...inputs: Tensor[]) => Tensor, label = ''): void {
  const result = scope(() => gradcheck(fn, make(), GRADCHECK));
  expect(result.ok, `${label} ${result.worst} (excess ${result.worstExcess})`).toBe(true);
}

// ---- backends ------------------------------------------------------------------------------

export type BackendName = 'reference' | 'wasm-simd' | 'wasm-relaxed-simd';

/** Runs `fn` on a fresh kernel of `backend`, then switches back to 'auto' whatever happens. */
export function withBackend<T>(backend: BackendName, fn: () => T): T {
  useBackendSync(backend);
  try {
    return fn();
  } finally {
    useBackendSync('auto');
  }
}

// ---- PyTorch fixtures ----------------------------------------------------------------------

/** A fixture tensor: flat row-major float32 values. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

export interface TorchFixture {
  name: string;
  parameters: Record<string, FixtureTensor>;
  grads: Record<string, FixtureTensor>;
  optim: {
    clip: {
      param_order: string[];
      max_norm: number;
      total_norm: number;
      factor_applied: number;
      clipping_active: boolean;
      clipped_grads: Record<string, FixtureTensor>;
    };
    adam: { hyperparameters: { lr: number; betas: [number, number]; eps: number }; target: string; param_after_step: FixtureTensor[] };
    adagrad: { hyperparameters: { lr: number; eps: number }; target: string; param_after_step: FixtureTensor[] };
    varying_grads: { target: string; grads: FixtureTensor[]; adam_param_after_step3: FixtureTensor; adagrad_param_after_step3: FixtureTensor };
  };
}

/** A fixture tensor as a Tensor. */
export function fromFixture(t: FixtureTensor, requiresGrad = false): Tensor {
  return Tensor.fromArray(t.data, t.shape, { requiresGrad });
}
