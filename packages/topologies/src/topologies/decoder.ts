import { crossEntropy, Random, reshape, type Tensor } from '@recurrent/autograd';
import type { CellType } from '../cells/cell.js';
import type { InitOptions } from '../cells/parameters.js';
import { Linear } from '../layers/linear.js';
import { Recurrent, type RecurrentState } from '../layers/recurrent.js';
import { checkInteger, checkTokens, IGNORE_INDEX } from './batch.js';
import { argmax, logSoftmaxRow } from './scores.js';
import { childSeed } from './seeds.js';

export interface TokenDecoderOptions extends InitOptions {
  cell: CellType;
  /** Every output symbol, the start and end symbols included. */
  vocabularySize: number;
  hiddenSize: number;
  /** The symbol fed at the first step (it need never be produced). */
  startId: number;
  /** The symbol that ends a sequence: the decoder learns to emit it after the last token. */
  endId: number;
  numLayers?: number;
  dropout?: number;
}

/** One decoding step's result: the logits of every sequence and the state after the step. */
export interface DecoderStep {
  /** [B · V] row-major: sequence b's logits at b · V. */
  logits: Float32Array;
  state: RecurrentState;
}

/**
 * The autoregressive half of one-to-many and encoder–decoder models: a Recurrent over token
 * ids whose input at step t is the token of step t − 1 (the start symbol first), and a Linear
 * from its hidden state to logits over the vocabulary. Where the initial state comes from —
 * a vector, an encoder — is the model's business.
 *
 * Training feeds the true previous token (teacher forcing), so a whole target sequence is one
 * Recurrent.forward over T steps; inference feeds the decoder's own choice, one step at a
 * time with the state carried.
 *
 * @example
 * ```ts
 * const decoder = new TokenDecoder({ cell: 'gru', vocabularySize: 12, hiddenSize: 32, startId: 10, endId: 11 }, new Random(1));
 * const h0 = { h: Tensor.zeros([1, 4, 32]) };                  // [layers, B, H]
 * scope(() => decoder.loss(h0, [[1, 2], [3], [], [4, 5, 6]]).backward());
 * scope(() => noGrad(() => decoder.greedy(h0, 10)));           // 4 token lists
 * ```
 */
export class TokenDecoder {
  readonly rnn: Recurrent;
  readonly output: Linear;
  readonly vocabularySize: number;
  readonly startId: number;
  readonly endId: number;
  private readonly dropoutRng: Random;

  constructor(options: TokenDecoderOptions, rng: Random, caller = 'TokenDecoder') {
    const { cell, vocabularySize, hiddenSize, startId, endId, numLayers = 1, dropout = 0, ...init } = options;
    checkInteger(vocabularySize, 'vocabularySize', caller, 2);
    checkTokens([startId], vocabularySize, caller, 'startId');
    checkTokens([endId], vocabularySize, caller, 'endId');
    this.vocabularySize = vocabularySize;
    this.startId = startId;
    this.endId = endId;
    this.rnn = new Recurrent({ ...init, cell, inputSize: vocabularySize, hiddenSize, numLayers, dropout, seed: childSeed(rng) });
    this.output = new Linear(hiddenSize, vocabularySize, rng, 'decoder.output');
    this.dropoutRng = new Random(childSeed(rng));
  }

  parameters(): Tensor[] {
    return [...this.rnn.parameters(), ...this.output.parameters()];
  }

  /**
   * Mean cross-entropy per target token under teacher forcing. Each target is given without
   * the end symbol: the decoder reads start, y₁ … yₙ and must produce y₁ … yₙ, end.
   */
  loss(initial: RecurrentState, targets: readonly (readonly number[])[], training = true, caller = 'TokenDecoder.loss'): Tensor {
    const { logits, labels } = this.teacherForced(initial, targets, caller, training);
    return crossEntropy(logits, labels, { ignoreIndex: IGNORE_INDEX });
  }

  /**
   * log P(y₁ … yₙ, end | initial state) of every target: the sum over its steps of the
   * log-probability the decoder gives the right token. Call under noGrad.
   */
  logProbabilities(initial: RecurrentState, targets: readonly (readonly number[])[], caller = 'TokenDecoder.logProbabilities'): number[] {
    const { logits, labels } = this.teacherForced(initial, targets, caller, false);
    const values = logits.toArray();
    const V = this.vocabularySize, B = targets.length;
    const sums = new Array<number>(B).fill(0);
    labels.forEach((label, row) => {
      if (label !== IGNORE_INDEX) sums[row % B]! += logSoftmaxRow(values, row * V, V)[label]!;
    });
    return sums;
  }

  /**
   * Logits [T·B, V] for the teacher-forced inputs start, y₁ … yₙ and their labels y₁ … yₙ, end
   * (time-major rows). Shorter targets are padded; their padded steps have no label, and since
   * the decoder is causal they cannot affect the real steps, so no mask is needed.
   */
  private teacherForced(initial: RecurrentState, targets: readonly (readonly number[])[], caller: string, training: boolean) {
    const B = targets.length;
    const V = this.vocabularySize;
    if (B !== initial.h.shape[1]) throw new RangeError(`${caller}: ${B} target sequences for a batch of ${initial.h.shape[1]}`);
    targets.forEach((t, b) => checkTokens(t, V, caller, `target ${b}`));
    const T = Math.max(...targets.map((t) => t.length)) + 1;
    const ids = new Array<number>(T * B).fill(this.endId);
    const labels = new Array<number>(T * B).fill(IGNORE_INDEX);
    targets.forEach((target, b) => {
      ids[b] = this.startId;
      target.forEach((id, t) => {
        ids[(t + 1) * B + b] = id;
        labels[t * B + b] = id;
      });
      labels[target.length * B + b] = this.endId;
    });
    const { output } = this.rnn.forward({ ids, vocabularySize: V, steps: T, batch: B }, initial, { training, rng: this.dropoutRng });
    return { logits: this.output.forward(reshape(output, [T * B, this.rnn.hiddenSize])), labels };
  }

  /** One step for a batch: feed `ids` (one per sequence) from `state`. Call under noGrad. */
  step(ids: readonly number[], state: RecurrentState): DecoderStep {
    const { output, state: next } = this.rnn.forward({ ids, vocabularySize: this.vocabularySize, steps: 1, batch: ids.length }, state);
    const logits = this.output.forward(reshape(output, [ids.length, this.rnn.hiddenSize]));
    return { logits: logits.toArray(), state: next };
  }

  /**
   * Greedy decoding: at every step each sequence takes its most likely token and feeds it
   * back, until it emits the end symbol or `maxLength` steps have run (the end symbol counts
   * as a step; a sequence cut off at maxLength has none). The end symbol is not returned.
   * Call under noGrad, in a scope.
   */
  greedy(initial: RecurrentState, maxLength: number, caller = 'TokenDecoder.greedy'): number[][] {
    checkInteger(maxLength, 'maxLength', caller);
    const B = initial.h.shape[1]!;
    const V = this.vocabularySize;
    const outputs = Array.from({ length: B }, (): number[] => []);
    const done = new Array<boolean>(B).fill(false);
    let ids = new Array<number>(B).fill(this.startId);
    let state = initial;
    for (let t = 0; t < maxLength && done.includes(false); t++) {
      const step = this.step(ids, state);
      state = step.state;
      ids = ids.map((_id, b) => argmax(step.logits, b * V, V));
      ids.forEach((id, b) => {
        if (done[b]) return;
        if (id === this.endId) done[b] = true;
        else outputs[b]!.push(id);
      });
    }
    return outputs;
  }
}
