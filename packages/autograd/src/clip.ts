import { kernel } from './engine.js';
import type { Tensor } from './tensor.js';

/**
 * PyTorch's clip_grad_norm_: the L2 norm of all gradients as if concatenated; when it exceeds
 * maxNorm every gradient is scaled by maxNorm / (norm + 1e-6). Returns the norm before clipping.
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new RangeError(`clipGradNorm: maxNorm must be a finite number > 0, got ${maxNorm}`);
  const total = gradNorm(params);
  const coef = maxNorm / (total + 1e-6);
  const k = kernel();
  // `!(coef >= 1)` rather than `coef < 1`: a NaN norm makes the gradients NaN, as in PyTorch,
  // instead of letting a broken step through unnoticed.
  if (!(coef >= 1)) for (const p of params) if (p.hasGrad) k.raw.scale(p.size, coef, p.gradBuffer().ptr);
  return total;
}

/** The L2 norm of all gradients as if concatenated (what clipGradNorm compares with maxNorm). */
export function gradNorm(params: readonly Tensor[]): number {
  const k = kernel();
  let squares = 0;
  for (const p of params) if (p.hasGrad) squares += k.raw.sumSquares(p.size, p.gradBuffer().ptr);
  return Math.sqrt(squares);
}

/** Clamps every gradient element to [−clipValue, clipValue]. */
export function clipGradValue(params: readonly Tensor[], clipValue: number): void {
  if (!(clipValue >= 0) || !Number.isFinite(clipValue)) throw new RangeError(`clipGradValue: clipValue must be a finite number >= 0, got ${clipValue}`);
  const k = kernel();
  for (const p of params) if (p.hasGrad) k.raw.clamp(p.size, -clipValue, clipValue, p.gradBuffer().ptr);
}
