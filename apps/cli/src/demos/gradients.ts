import { crossEntropy, Random, reshape, slice } from '@recurrent/autograd';
import { type CellType, gradientFlow, Linear, Recurrent, Trainer } from '@recurrent/topologies';
import type { DemoOutput } from './live.js';

const T = 40, B = 16, V = 4, H = 32;

/** A bar of up to `width` blocks for a value on a log scale between lo and hi. */
function bar(value: number, lo: number, hi: number, width = 40): string {
  const u = value > 0 ? (Math.log10(value) - lo) / (hi - lo) : 0;
  return '█'.repeat(Math.max(0, Math.round(Math.min(1, u) * width)));
}

/**
 * Vanishing and exploding gradients, shown rather than told: the task's answer is the FIRST of
 * 40 symbols, the loss sits at the last step, so learning needs the gradient to travel 39 steps
 * back. We draw ‖dL/dh_t‖ for every t — a vanilla RNN's fades to nothing, an LSTM's carries —
 * then make a ReLU RNN explode and train it with and without clipping.
 */
export async function gradientsDemo(out: DemoOutput, seed: number) {
  out.title('gradients — vanishing in a plain RNN, carried by an LSTM; exploding, then clipped');
  const rng = new Random(seed + 6);
  const ids = Int32Array.from({ length: T * B }, () => rng.int(V));
  const labels = Array.from({ length: B }, (_, b) => ids[b]!);
  const make = (cell: CellType, scale?: number, forgetBias = 0) => {
    const rnn = new Recurrent({ cell, inputSize: V, hiddenSize: H, seed: seed + 3, orthogonal: scale !== undefined, forgetBias });
    if (scale !== undefined) {
      const w = rnn.weights[0]![0]!.weightHh;
      w.set(w.toArray().map((v) => v * scale));
    }
    const head = new Linear(H, V, new Random(seed + 4));
    const loss = (gradientProbe?: Parameters<typeof gradientFlow>[1] extends (p: infer P) => unknown ? P : never) => {
      const { output } = rnn.forward({ ids, vocabularySize: V, steps: T, batch: B }, undefined, gradientProbe ? { gradientProbe } : {});
      return crossEntropy(head.forward(reshape(slice(output, 0, T - 1, T), [B, H])), labels);
    };
    return { rnn, head, loss, flow: () => gradientFlow(rnn, loss)[0]![0]! };
  };

  // The forget-gate bias starts the LSTM's gates open (σ(1) ≈ 0.73 instead of 0.5): the
  // usual remedy, and the reason the LSTM's cell path can carry a gradient at all.
  const flows = {
    'vanilla RNN (tanh)': make('rnn_tanh').flow(),
    LSTM: make('lstm').flow(),
    'LSTM, forget-gate bias 1': make('lstm', undefined, 1).flow(),
  };
  const all = Object.values(flows).flat();
  const lo = Math.log10(Math.min(...all)), hi = Math.log10(Math.max(...all));
  for (const [name, norms] of Object.entries(flows)) {
    out.line(`  ${name}: ‖dL/dh_t‖ from the loss (t = ${T - 1}) back to the first symbol (t = 0), log scale`);
    for (let t = T - 1; t >= 0; t -= 6) out.line(`    t=${String(t).padStart(2)} ${norms[t]!.toExponential(1).padStart(8)} ${bar(norms[t]!, lo, hi)}`);
  }
  const survival = Object.fromEntries(Object.entries(flows).map(([k, n]) => [k, n[0]! / n[T - 1]!]));
  out.line(`  share of the gradient left at t = 0: ${Object.entries(survival).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}`);

  const exploding = make('rnn_relu', 1.6).flow();
  out.line(`\n  a ReLU RNN with recurrent weights 1.6 × orthogonal: the gradient grows going back`);
  out.line(`    ‖dL/dh_0‖ / ‖dL/dh_${T - 1}‖ = ${(exploding[0]! / exploding[T - 1]!).toExponential(1)}`);
  const trainIt = async (clipNorm?: number) => {
    const m = make('rnn_relu', 1.6);
    const trainer = new Trainer([...m.rnn.parameters(), ...m.head.parameters()], { steps: 20, optimizer: 'sgd', lr: 0.5, ...(clipNorm ? { clipNorm } : {}) });
    try {
      const r = await trainer.run(() => ({ loss: () => m.loss(), tokens: B }), undefined);
      return `finished, loss ${r.losses[0]!.toFixed(2)} → ${r.losses.at(-1)!.toFixed(2)}`;
    } catch (error) {
      return `diverged: ${(error as Error).message.split(';')[0]}`;
    }
  };
  const without = await trainIt(), withClip = await trainIt(1);
  out.line(`    20 SGD steps without clipping: ${without}`);
  out.line(`    20 SGD steps, gradient norm clipped to 1: ${withClip}`);
  return { survival, explodingRatio: exploding[0]! / exploding[T - 1]!, withoutClipping: without, withClipping: withClip };
}
