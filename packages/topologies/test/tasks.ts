/**
 * Shared helpers of the topology tests: a training loop (Adam, clipping, one scope per step),
 * seeded sampling and accuracy. The tasks themselves live in src/datasets (the demos use them too).
 */
import { Adam, type Random, type Tensor } from '@recurrent/autograd';
import { trainStep } from '../src/train/trainer.js';

// ---- training -------------------------------------------------------------------------------

export interface FitOptions {
  lr?: number;
  /** Global gradient-norm clip (default 5). */
  clip?: number;
}

/**
 * `steps` Adam steps on lossOf(step). Each step runs in a scope, so the arena is back where it
 * was after every step; returns the losses.
 */
export function fit(parameters: Tensor[], steps: number, lossOf: (step: number) => Tensor, options: FitOptions = {}): number[] {
  const { lr = 0.01, clip = 5 } = options;
  const adam = new Adam(parameters, { lr });
  return Array.from({ length: steps }, (_, step) => trainStep(parameters, adam, () => lossOf(step), { clipNorm: clip }).loss);
}

/** `n` items drawn with replacement. */
export function sample<T>(items: readonly T[], n: number, rng: Random): T[] {
  return Array.from({ length: n }, () => items[rng.int(items.length)]!);
}

/** A seeded Fisher–Yates shuffle (a copy). */
export function shuffled<T>(items: readonly T[], rng: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The fraction of positions where predicted equals expected (deep equality per item). */
export function accuracy<T>(predicted: readonly T[], expected: readonly T[]): number {
  if (predicted.length !== expected.length) throw new Error(`accuracy: ${predicted.length} predictions for ${expected.length} answers`);
  let right = 0;
  predicted.forEach((p, i) => (right += JSON.stringify(p) === JSON.stringify(expected[i]) ? 1 : 0));
  return right / expected.length;
}

/** Per-token accuracy over sequences of per-step labels. */
export function tokenAccuracy(predicted: readonly (readonly number[])[], expected: readonly (readonly number[])[]): number {
  let right = 0, total = 0;
  expected.forEach((row, b) => row.forEach((label, t) => {
    total++;
    if (predicted[b]![t] === label) right++;
  }));
  return right / total;
}

/** Prints a measured value when TOPOLOGY_REPORT is set (to read the margins off a run). */
export function report(name: string, value: number): void {
  if (process.env['TOPOLOGY_REPORT']) console.log(`[report] ${name}: ${value.toFixed(4)}`);
}

export { orderFlipped, phrase, SENTIMENT_WORDS, sentimentPhrases } from '../src/datasets/sentiment.js';
export { randomSequence, risingTags } from '../src/datasets/digits.js';
