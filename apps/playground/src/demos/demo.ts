import { Adam, type Tensor } from '@recurrent/autograd';
import { trainStep } from '@recurrent/topologies';

/** What a finished demo shows: headline figures, lines of examples, and for one-to-one a map. */
export interface DemoResult {
  metrics: Record<string, number>;
  lines: string[];
  /** one-to-one: the predicted class over a grid of points (rows top to bottom). */
  grid?: number[][];
}

/**
 * One of the course's topology tasks, as `recurrent demo` runs it: the same networks, data,
 * sizes and learning rates, one model or two (many-to-one trains the bag-of-words baseline
 * beside the RNN), trained step by step so the page can draw the loss as it falls.
 */
export interface Demo {
  /** Names of the loss curves, one per model trained. */
  series: string[];
  /** The CLI's step count for this demo (its `--brief` effort). */
  steps: number;
  /** One Adam step of every model; their losses. */
  step(): number[];
  results(): DemoResult;
  /** The trained model on the visitor's own input. */
  tryIt(input: string): string;
}

/**
 * An Adam optimizer with the CLI demos' global-norm clip of 5 (apps/cli's trainLive): each
 * call is one step on lossOf()'s loss, in its own scope.
 */
export function adamSteps(parameters: Tensor[], lr: number): (lossOf: () => Tensor) => number {
  const adam = new Adam(parameters, { lr });
  let step = 0;
  return (lossOf) => trainStep(parameters, adam, lossOf, { clipNorm: 5 }, ++step).loss;
}

/** The share of items where `predicted` equals `expected` (elementwise for arrays). */
export function accuracy<T>(predicted: readonly T[], expected: readonly T[]): number {
  let right = 0;
  predicted.forEach((p, i) => (right += JSON.stringify(p) === JSON.stringify(expected[i]) ? 1 : 0));
  return right / expected.length;
}

/** Digits typed as "3 1 4", "314" or "3,1,4", each 0–9; an error names what is wrong. */
export function parseDigits(input: string, max = 12): number[] {
  const digits = [...input.replace(/[\s,]/g, '')].map((ch) => {
    if (!/^[0-9]$/.test(ch)) throw new Error(`"${ch}" is not a digit`);
    return Number(ch);
  });
  if (digits.length === 0) throw new Error('type a few digits');
  if (digits.length > max) throw new Error(`at most ${max} digits`);
  return digits;
}
