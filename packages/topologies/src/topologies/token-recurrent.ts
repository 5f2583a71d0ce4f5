import { Random, type Tensor } from '@recurrent/autograd';
import type { CellType } from '../cells/cell.js';
import type { InitOptions } from '../cells/parameters.js';
import { Linear } from '../layers/linear.js';
import { Recurrent, type RecurrentOutput } from '../layers/recurrent.js';
import { checkInteger, padSequences, type PaddedBatch } from './batch.js';
import { childSeed } from './seeds.js';

export interface TokenRecurrentOptions extends InitOptions {
  cell: CellType;
  /** Input symbols; a token is fed as a one-hot vector. */
  vocabularySize: number;
  hiddenSize: number;
  /** Labels (classes or tags) the head scores. */
  numClasses: number;
  numLayers?: number;
  /** Read each sequence both ways (2H features). */
  bidirectional?: boolean;
  /** Dropout between recurrent layers while training (default 0). */
  dropout?: number;
  /** Seed of the initialisation and of dropout masks (default 0). */
  seed?: number;
}

/**
 * What the sequence classifier and the tagger share: a Recurrent over one-hot tokens (padded,
 * masked batches) and a Linear head on its features. They differ only in what the head reads —
 * the final state, or every step.
 */
export abstract class TokenRecurrent {
  readonly rnn: Recurrent;
  readonly head: Linear;
  readonly vocabularySize: number;
  readonly numClasses: number;
  private readonly dropoutRng: Random;

  protected constructor(options: TokenRecurrentOptions, readonly caller: string) {
    const { vocabularySize, numClasses, seed = 0, bidirectional = false, ...rest } = options;
    checkInteger(vocabularySize, 'vocabularySize', caller);
    checkInteger(numClasses, 'numClasses', caller);
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

  /** Features per step (or per final state): directions × hidden size. */
  get features(): number {
    return this.rnn.directions * this.rnn.hiddenSize;
  }

  /** Pads the sequences and runs the Recurrent over them (dropout when training). */
  protected read(sequences: readonly (readonly number[])[], training: boolean, caller: string): RecurrentOutput & { batch: PaddedBatch } {
    const batch = padSequences(sequences, this.vocabularySize, caller);
    return { ...this.rnn.forward(batch, undefined, { mask: batch.mask, training, rng: this.dropoutRng }), batch };
  }
}
