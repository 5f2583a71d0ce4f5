import { crossEntropy, noGrad, Random, reshape, scope, type Tensor } from '@recurrent/autograd';
import type { CellType } from '../cells/cell.js';
import type { InitOptions } from '../cells/parameters.js';
import { Linear } from '../layers/linear.js';
import { Recurrent } from '../layers/recurrent.js';
import { alignLabels, checkInteger, IGNORE_INDEX, padSequences, type PaddedBatch } from './batch.js';
import { argmaxRows } from './scores.js';
import { childSeed } from './seeds.js';

export interface SequenceTaggerOptions extends InitOptions {
  cell: CellType;
  /** Input symbols; a token is fed as a one-hot vector. */
  vocabularySize: number;
  hiddenSize: number;
  /** Tags (for next-token prediction, the vocabulary size). */
  numClasses: number;
  numLayers?: number;
  /** Tag each step from both sides of the sequence (2H features); not for next-token prediction. */
  bidirectional?: boolean;
  /** Dropout between recurrent layers while training (default 0). */
  dropout?: number;
  /** Seed of the initialisation and of dropout masks (default 0). */
  seed?: number;
}

/** Per-step logits of a batch and the layout they are in. */
export interface TaggerOutput {
  /** [T·B, numClasses], time-major: step t of sequence b in row t·B + b. */
  logits: Tensor;
  batch: PaddedBatch;
}

/**
 * Many-to-many, aligned: one output per input step (part-of-speech tags, next-character
 * prediction). Every step's hidden state goes through the same Linear: the output
 * [T, B, D·H] is viewed as [T·B, D·H] rows, so the whole sequence is one matrix product.
 * Padded steps carry the label IGNORE_INDEX and add nothing to the loss.
 *
 * @example
 * ```ts
 * const tagger = new SequenceTagger({ cell: 'gru', vocabularySize: 10, hiddenSize: 32, numClasses: 2 });
 * scope(() => tagger.loss([[3, 5, 1], [2, 2]], [[0, 1, 0], [0, 0]]).backward());
 * tagger.predict([[1, 4, 2]]); // [[0, 1, 0]] once trained
 * ```
 */
export class SequenceTagger {
  readonly rnn: Recurrent;
  readonly head: Linear;
  readonly vocabularySize: number;
  readonly numClasses: number;
  private readonly dropoutRng: Random;

  constructor(options: SequenceTaggerOptions) {
    const { vocabularySize, numClasses, seed = 0, bidirectional = false, ...rest } = options;
    checkInteger(vocabularySize, 'vocabularySize', 'SequenceTagger');
    checkInteger(numClasses, 'numClasses', 'SequenceTagger');
    this.vocabularySize = vocabularySize;
    this.numClasses = numClasses;
    const rng = new Random(seed);
    this.rnn = new Recurrent({ ...rest, inputSize: vocabularySize, bidirectional, seed: childSeed(rng) });
    this.head = new Linear(this.rnn.directions * this.rnn.hiddenSize, numClasses, rng, 'head');
    this.dropoutRng = new Random(childSeed(rng));
  }

  parameters(): Tensor[] {
    return [...this.rnn.parameters(), ...this.head.parameters()];
  }

  /** Token sequences → per-step logits (time-major rows) and the padded batch. */
  forward(sequences: readonly (readonly number[])[], options: { training?: boolean } = {}): TaggerOutput {
    const batch = padSequences(sequences, this.vocabularySize, 'SequenceTagger.forward');
    const { output } = this.rnn.forward(batch, undefined, { mask: batch.mask, training: options.training ?? false, rng: this.dropoutRng });
    const features = this.rnn.directions * this.rnn.hiddenSize;
    return { logits: this.head.forward(reshape(output, [batch.steps * batch.batch, features])), batch };
  }

  /** Mean cross-entropy over the real steps; tags[b] has one label per token of sequences[b]. */
  loss(sequences: readonly (readonly number[])[], tags: readonly (readonly number[])[]): Tensor {
    const { logits, batch } = this.forward(sequences, { training: true });
    return crossEntropy(logits, alignLabels(tags, batch, this.numClasses, 'SequenceTagger.loss'), { ignoreIndex: IGNORE_INDEX });
  }

  /** The most likely tag of every real step, per sequence. */
  predict(sequences: readonly (readonly number[])[]): number[][] {
    return scope(() => noGrad(() => {
      const { logits, batch } = this.forward(sequences);
      const best = argmaxRows(logits.toArray(), this.numClasses);
      return batch.lengths.map((length, b) => Array.from({ length }, (_v, t) => best[t * batch.batch + b]!));
    }));
  }
}
