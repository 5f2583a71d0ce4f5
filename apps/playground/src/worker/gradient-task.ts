import { crossEntropy, Random, reshape, slice, type Tensor } from '@recurrent/autograd';
import { type CellType, type GradientProbe, gradientFlow, Linear, Recurrent } from '@recurrent/topologies';
import type { LabSettings } from './gradients-api.js';

/** Symbols of the task, sequences per batch, hidden units. */
const V = 4, B = 16, H = 32;

/**
 * The task of the CLI's `recurrent demo gradients`: a sequence of T random symbols whose answer
 * is the FIRST symbol, scored at the LAST step — so learning needs the gradient to travel T−1
 * steps back, and ‖dL/dh_t‖ along the way shows whether it gets there.
 */
export class GradientTask {
  readonly rnn: Recurrent;
  readonly head: Linear;
  private readonly rng: Random;

  constructor(readonly settings: LabSettings) {
    const { cell, activation, scale, forgetBias, seed } = settings;
    const type: CellType = cell === 'rnn' ? (activation === 'relu' ? 'rnn_relu' : 'rnn_tanh') : cell;
    this.rnn = new Recurrent({ cell: type, inputSize: V, hiddenSize: H, seed: seed + 3, orthogonal: true, forgetBias: type === 'lstm' ? forgetBias : 0 });
    // Orthogonal W_hh keeps every direction's gain at 1; the scale then sets the gain itself.
    const w = this.rnn.weights[0]![0]!.weightHh;
    w.set(w.toArray().map((v) => v * scale));
    this.head = new Linear(H, V, new Random(seed + 4));
    this.rng = new Random(seed);
  }

  parameters(): Tensor[] {
    return [...this.rnn.parameters(), ...this.head.parameters()];
  }

  /** A fresh batch: T·B symbols, time-major, and each sequence's first symbol as its label. */
  batch(): { ids: Int32Array; labels: number[] } {
    const T = this.settings.steps;
    const ids = Int32Array.from({ length: T * B }, () => this.rng.int(V));
    return { ids, labels: Array.from({ length: B }, (_, b) => ids[b]!) };
  }

  /** The logits at the last step, [B, V]. */
  logits(ids: Int32Array, gradientProbe?: GradientProbe): Tensor {
    const T = this.settings.steps;
    const { output } = this.rnn.forward({ ids, vocabularySize: V, steps: T, batch: B }, undefined, gradientProbe ? { gradientProbe } : {});
    return this.head.forward(reshape(slice(output, 0, T - 1, T), [B, H]));
  }

  loss(batch: { ids: Int32Array; labels: number[] }, gradientProbe?: GradientProbe): Tensor {
    return crossEntropy(this.logits(batch.ids, gradientProbe), batch.labels);
  }

  /** ‖dL/dh_t‖ for every t on `batch`, leaving the parameters' gradients as they were. */
  flow(batch: { ids: Int32Array; labels: number[] }): number[] {
    return gradientFlow(this.rnn, (probe) => this.loss(batch, probe), this.parameters())[0]![0]!;
  }
}
