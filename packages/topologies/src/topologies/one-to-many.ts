import { noGrad, Random, reshape, scope, slice, stack, tanh, Tensor } from '@recurrent/autograd';
import { type CellType, hasCellState } from '../cells/cell.js';
import type { InitOptions } from '../cells/parameters.js';
import { Linear } from '../layers/linear.js';
import type { RecurrentState } from '../layers/recurrent.js';
import { checkInteger } from './batch.js';
import { beamSearch, type BeamSearchOptions } from './beam-search.js';
import { TokenDecoder } from './decoder.js';
import { childSeed } from './seeds.js';
import { selectStateRows } from './state.js';

export interface OneToManyOptions extends InitOptions {
  cell: CellType;
  /** Size of the input vector. */
  inputSize: number;
  hiddenSize: number;
  /** Output symbols, the start and end symbols included. */
  vocabularySize: number;
  startId: number;
  endId: number;
  numLayers?: number;
  /** Dropout between decoder layers while training (default 0). */
  dropout?: number;
  /** Seed of the initialisation and of dropout masks (default 0). */
  seed?: number;
}

/**
 * One-to-many: a vector in, a sequence out (a class to its name, an image feature to a
 * caption). The vector sets the decoder's initial state,
 *
 *   h₀ = tanh(W v + b)   (one H-block of the Linear per layer; for the LSTM c₀ = 0),
 *
 * and the decoder then feeds back its own previous token, starting from the start symbol,
 * until it emits the end symbol.
 *
 * @example
 * ```ts
 * const net = new OneToMany({ cell: 'gru', inputSize: 5, hiddenSize: 32, vocabularySize: 12, startId: 0, endId: 1 });
 * scope(() => net.loss(oneHot([2], 5), [[7, 4, 9]]).backward());   // learn: class 2 → 7 4 9
 * net.generate(oneHot([2], 5), 10);                                // [[7, 4, 9]] once trained
 * ```
 */
export class OneToMany {
  readonly bridge: Linear;
  readonly decoder: TokenDecoder;
  readonly inputSize: number;

  constructor(options: OneToManyOptions) {
    const { inputSize, seed = 0, ...decoderOptions } = options;
    checkInteger(inputSize, 'inputSize', 'OneToMany');
    checkInteger(options.hiddenSize, 'hiddenSize', 'OneToMany');
    checkInteger(options.numLayers ?? 1, 'numLayers', 'OneToMany');
    this.inputSize = inputSize;
    const rng = new Random(seed);
    this.decoder = new TokenDecoder(decoderOptions, new Random(childSeed(rng)), 'OneToMany');
    this.bridge = new Linear(inputSize, this.decoder.rnn.numLayers * options.hiddenSize, rng, 'bridge');
  }

  parameters(): Tensor[] {
    return [...this.bridge.parameters(), ...this.decoder.parameters()];
  }

  /** The decoder's initial state for vectors [B, inputSize]: h [L, B, H] (and c = 0 for the LSTM). */
  initialState(vectors: Tensor, caller = 'OneToMany.initialState'): RecurrentState {
    if (vectors.shape.length !== 2 || vectors.shape[1] !== this.inputSize) {
      throw new RangeError(`${caller}: vectors must be [B, ${this.inputSize}], got [${vectors.shape.join(', ')}]`);
    }
    const { numLayers: L, hiddenSize: H, cell } = this.decoder.rnn;
    const B = vectors.shape[0]!;
    const z = tanh(this.bridge.forward(vectors)); // [B, L·H]
    const h = L === 1 ? reshape(z, [1, B, H]) : stack(Array.from({ length: L }, (_v, l) => slice(z, 1, l * H, (l + 1) * H)), 0);
    return hasCellState(cell) ? { h, c: Tensor.zeros([L, B, H]) } : { h };
  }

  /**
   * Mean cross-entropy per token with teacher forcing: targets[b] (without the end symbol) is
   * the sequence vectors row b should produce. One Recurrent.forward covers all the steps.
   */
  loss(vectors: Tensor, targets: readonly (readonly number[])[]): Tensor {
    return this.decoder.loss(this.initialState(vectors, 'OneToMany.loss'), targets, true, 'OneToMany.loss');
  }

  /** log P(target, end | vector) of every row and its target. */
  logProbability(vectors: Tensor, targets: readonly (readonly number[])[]): number[] {
    return scope(() => noGrad(() => this.decoder.logProbabilities(this.initialState(vectors, 'OneToMany.logProbability'), targets, 'OneToMany.logProbability')));
  }

  /**
   * Greedy decoding for every row of vectors [B, inputSize]: each step feeds back the most
   * likely token, up to maxLength steps (the end symbol counts as one and is not returned).
   */
  generate(vectors: Tensor, maxLength: number): number[][] {
    return scope(() => noGrad(() => this.decoder.greedy(this.initialState(vectors, 'OneToMany.generate'), maxLength, 'OneToMany.generate')));
  }

  /** Beam search for every row of vectors: the best hypothesis of each (see {@link beamSearch}). */
  beamSearch(vectors: Tensor, options: BeamSearchOptions): number[][] {
    return scope(() => noGrad(() => {
      const state = this.initialState(vectors, 'OneToMany.beamSearch');
      return Array.from({ length: vectors.shape[0]! }, (_v, b) =>
        beamSearch(this.decoder, selectStateRows(state, [b]), options, 'OneToMany.beamSearch')[0]!.tokens);
    }));
  }
}
