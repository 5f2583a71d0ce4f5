import { crossEntropy, noGrad, scope, type Tensor } from '@recurrent/autograd';
import { checkLabels } from './batch.js';
import { argmaxRows } from './scores.js';
import { lastLayerFinal } from './state.js';
import { TokenRecurrent, type TokenRecurrentOptions } from './token-recurrent.js';

/** A classifier's options: `numClasses` labels; `bidirectional` classifies from both final states. */
export type ManyToOneOptions = TokenRecurrentOptions;

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
export class ManyToOne extends TokenRecurrent {
  constructor(options: ManyToOneOptions) {
    super(options, 'ManyToOne');
  }

  /** Token sequences (any lengths ≥ 1) → logits [B, numClasses]. `training` turns dropout on. */
  forward(sequences: readonly (readonly number[])[], options: { training?: boolean } = {}): Tensor {
    const { state } = this.read(sequences, options.training ?? false, 'ManyToOne.forward');
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
