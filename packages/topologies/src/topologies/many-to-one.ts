import { crossEntropy, noGrad, Random, scope, type Tensor } from '@recurrent/autograd';
import type { CellType } from '../cells/cell.js';
import type { InitOptions } from '../cells/parameters.js';
import { Linear } from '../layers/linear.js';
import { Recurrent } from '../layers/recurrent.js';
import { checkInteger, checkLabels, padSequences } from './batch.js';
import { argmaxRows } from './scores.js';
import { childSeed } from './seeds.js';
import { lastLayerFinal } from './state.js';

export interface ManyToOneOptions extends InitOptions {
  cell: CellType;
  /** Input symbols; a token is fed as a one-hot vector. */
  vocabularySize: number;
  hiddenSize: number;
  numClasses: number;
  numLayers?: number;
  /** Read each sequence both ways and classify from both final states (2H features). */
  bidirectional?: boolean;
  /** Dropout between recurrent layers while training (default 0). */
  dropout?: number;
  /** Seed of the initialisation and of dropout masks (default 0). */
  seed?: number;
}

/**
 * Many-to-one: a sequence in, one label out (sentiment, the language of a word). The
 * Recurrent reads the padded, masked batch; the last layer's final state — padding carries the
 * state forward, so it is each sequence's state after its own last token; for a bidirectional
 * layer both directions' finals side by side — goes through a Linear to the logits.
 *
 * @example
 * ```ts
 * const net = new ManyToOne({ cell: 'lstm', vocabularySize: 9, hiddenSize: 16, numClasses: 2, seed: 3 });
 * scope(() => net.loss([[0], [8, 0], [2, 4, 8, 0]], [1, 0, 1]).backward());
 * net.predict([[8, 1]]); // [1] once trained
 * ```
 */
export class ManyToOne {
  readonly rnn: Recurrent;
  readonly head: Linear;
  readonly vocabularySize: number;
  readonly numClasses: number;
  private readonly dropoutRng: Random;

  constructor(options: ManyToOneOptions) {
    const { vocabularySize, numClasses, seed = 0, bidirectional = false, ...rest } = options;
    checkInteger(vocabularySize, 'vocabularySize', 'ManyToOne');
    checkInteger(numClasses, 'numClasses', 'ManyToOne');
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

  /** Token sequences (any lengths ≥ 1) → logits [B, numClasses]. `training` turns dropout on. */
  forward(sequences: readonly (readonly number[])[], options: { training?: boolean } = {}): Tensor {
    const batch = padSequences(sequences, this.vocabularySize, 'ManyToOne.forward');
    const { state } = this.rnn.forward(batch, undefined, { mask: batch.mask, training: options.training ?? false, rng: this.dropoutRng });
    return this.head.forward(lastLayerFinal(state.h, this.rnn.numLayers, this.rnn.directions));
  }

  /** Mean cross-entropy against one label per sequence (dropout on). */
  loss(sequences: readonly (readonly number[])[], labels: readonly number[]): Tensor {
    checkLabels(labels, sequences.length, this.numClasses, 'ManyToOne.loss');
    return crossEntropy(this.forward(sequences, { training: true }), labels);
  }

  /** The most likely label of every sequence. */
  predict(sequences: readonly (readonly number[])[]): number[] {
    return scope(() => noGrad(() => argmaxRows(this.forward(sequences).toArray(), this.numClasses)));
  }
}
