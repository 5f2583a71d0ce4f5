import { Adam, type Tensor } from '@recurrent/autograd';
import { trainStep, yieldToEventLoop } from '@recurrent/topologies';

/** How a demo talks: a title, a progress line while it trains, then lines of results. */
export class DemoOutput {
  constructor(readonly quiet: boolean) {}

  title(text: string): void {
    this.line(`\n━━ ${text}`);
  }

  line(text = ''): void {
    if (!this.quiet) process.stdout.write(`${text}\n`);
  }

  /** Rewrites one line in place on a terminal; silent elsewhere (tests, logs) but for the last update. */
  progress(text: string, done: boolean): void {
    if (this.quiet) return;
    if (process.stdout.isTTY) process.stdout.write(`\r${text}${done ? '\n' : ''}`);
    else if (done) process.stdout.write(`${text}\n`);
  }
}

/**
 * Trains live: `steps` Adam steps on lossOf(step), each in its own scope, with the global
 * gradient norm clipped, showing step and loss as it goes. Returns the losses.
 */
export async function trainLive(
  out: DemoOutput, label: string, parameters: Tensor[], steps: number,
  lossOf: (step: number) => Tensor, options: { lr?: number; clip?: number } = {},
): Promise<number[]> {
  const { lr = 0.01, clip = 5 } = options;
  const adam = new Adam(parameters, { lr });
  const losses: number[] = [];
  for (let step = 1; step <= steps; step++) {
    losses.push(trainStep(parameters, adam, () => lossOf(step), { clipNorm: clip }, step).loss);
    if (step % 10 === 0 || step === steps) {
      out.progress(`  ${label}: step ${step}/${steps}, loss ${losses.at(-1)!.toFixed(3)}`, step === steps);
      await yieldToEventLoop();
    }
  }
  return losses;
}

/** The share of items where `predicted` equals `expected` (elementwise for arrays). */
export function accuracy<T>(predicted: readonly T[], expected: readonly T[]): number {
  let right = 0;
  predicted.forEach((p, i) => (right += JSON.stringify(p) === JSON.stringify(expected[i]) ? 1 : 0));
  return right / expected.length;
}

/** Scale a demo's work: `brief` when every demo runs in one go. */
export const effort = (brief: boolean, full: number, short: number) => (brief ? short : full);
