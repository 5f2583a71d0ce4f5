import { crossEntropy, noGrad, reshape, scope, type Tensor } from '@recurrent/autograd';
import { alignLabels, IGNORE_INDEX, type PaddedBatch } from './batch.js';
import { argmaxRows } from './scores.js';
import { TokenRecurrent, type TokenRecurrentOptions } from './token-recurrent.js';

/** A tagger's options: `numClasses` tags (for next-token prediction, the vocabulary size); `bidirectional` tags from both sides (not for next-token prediction). */
export type SequenceTaggerOptions = TokenRecurrentOptions;

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
export class SequenceTagger extends TokenRecurrent {
  constructor(options: SequenceTaggerOptions) {
    super(options, 'SequenceTagger');
  }

  /** Token sequences → per-step logits (time-major rows) and the padded batch. */
  forward(sequences: readonly (readonly number[])[], options: { training?: boolean } = {}): TaggerOutput {
    const { output, batch } = this.read(sequences, options.training ?? false, 'SequenceTagger.forward');
    return { logits: this.head.forward(reshape(output, [batch.steps * batch.batch, this.features])), batch };
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
