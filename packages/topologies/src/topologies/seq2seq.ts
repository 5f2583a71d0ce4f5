import { noGrad, Random, scope, type Tensor } from '@recurrent/autograd';
import type { CellType } from '../cells/cell.js';
import type { InitOptions } from '../cells/parameters.js';
import { Recurrent, type RecurrentState } from '../layers/recurrent.js';
import { checkInteger, padSequences } from './batch.js';
import { beamSearch, type BeamHypothesis, type BeamSearchOptions } from './beam-search.js';
import { TokenDecoder } from './decoder.js';
import { childSeed } from './seeds.js';
import { selectStateRows } from './state.js';

export interface Seq2SeqOptions extends InitOptions {
  cell: CellType;
  sourceVocabularySize: number;
  /** Output symbols, the start and end symbols included. */
  targetVocabularySize: number;
  /** One size for both, since the encoder's final state is the decoder's initial state. */
  hiddenSize: number;
  startId: number;
  endId: number;
  /** Layers of the encoder and of the decoder (layer l's final state starts layer l). */
  numLayers?: number;
  /** Dropout between recurrent layers while training (default 0). */
  dropout?: number;
  /** Seed of the initialisation and of dropout masks (default 0). */
  seed?: number;
}

/**
 * Many-to-many, encoder–decoder (translation, reversal): the lengths of input and output are
 * free. The encoder reads the padded, masked source; its final state (h, and c for the LSTM,
 * of every layer) — the whole source squeezed into one state — is the decoder's initial
 * state. Training feeds the decoder start + target (teacher forcing) and asks for target +
 * end; inference decodes greedily or by beam search.
 *
 * @example
 * ```ts
 * // reverse digit strings: digits 0–9 in; 0–9, start 10, end 11 out
 * const net = new Seq2Seq({ cell: 'lstm', sourceVocabularySize: 10, targetVocabularySize: 12,
 *   hiddenSize: 64, startId: 10, endId: 11, seed: 1 });
 * scope(() => net.loss([[1, 2, 3]], [[3, 2, 1]]).backward());
 * net.greedy([[4, 5]], 10);                              // [[5, 4]] once trained
 * net.beamSearch([[4, 5]], { beamWidth: 3, maxLength: 10 });
 * ```
 */
export class Seq2Seq {
  readonly encoder: Recurrent;
  readonly decoder: TokenDecoder;
  readonly sourceVocabularySize: number;
  private readonly dropoutRng: Random;

  constructor(options: Seq2SeqOptions) {
    const { sourceVocabularySize, targetVocabularySize, seed = 0, ...rest } = options;
    const { startId, endId, ...encoderOptions } = rest;
    checkInteger(sourceVocabularySize, 'sourceVocabularySize', 'Seq2Seq');
    this.sourceVocabularySize = sourceVocabularySize;
    const rng = new Random(seed);
    this.encoder = new Recurrent({ ...encoderOptions, inputSize: sourceVocabularySize, seed: childSeed(rng) });
    this.decoder = new TokenDecoder({ ...rest, vocabularySize: targetVocabularySize }, new Random(childSeed(rng)), 'Seq2Seq');
    this.dropoutRng = new Random(childSeed(rng));
  }

  parameters(): Tensor[] {
    return [...this.encoder.parameters(), ...this.decoder.parameters()];
  }

  /** The encoder's final state for a batch of sources: each source's state after its last token. */
  encode(sources: readonly (readonly number[])[], options: { training?: boolean } = {}, caller = 'Seq2Seq.encode'): RecurrentState {
    const batch = padSequences(sources, this.sourceVocabularySize, caller);
    return this.encoder.forward(batch, undefined, { mask: batch.mask, training: options.training ?? false, rng: this.dropoutRng }).state;
  }

  /** Mean cross-entropy per target token (end symbols included) with teacher forcing. */
  loss(sources: readonly (readonly number[])[], targets: readonly (readonly number[])[]): Tensor {
    if (targets.length !== sources.length) throw new RangeError(`Seq2Seq.loss: ${targets.length} targets for ${sources.length} sources`);
    return this.decoder.loss(this.encode(sources, { training: true }, 'Seq2Seq.loss'), targets, true, 'Seq2Seq.loss');
  }

  /** log P(target, end | source) of every pair: how likely the model finds a given output. */
  logProbability(sources: readonly (readonly number[])[], targets: readonly (readonly number[])[]): number[] {
    if (targets.length !== sources.length) throw new RangeError(`Seq2Seq.logProbability: ${targets.length} targets for ${sources.length} sources`);
    return scope(() => noGrad(() => this.decoder.logProbabilities(this.encode(sources, {}, 'Seq2Seq.logProbability'), targets, 'Seq2Seq.logProbability')));
  }

  /** Greedy decoding of every source, at most maxLength steps each (the end symbol counts). */
  greedy(sources: readonly (readonly number[])[], maxLength: number): number[][] {
    return scope(() => noGrad(() => this.decoder.greedy(this.encode(sources, {}, 'Seq2Seq.greedy'), maxLength, 'Seq2Seq.greedy')));
  }

  /** Beam search of every source: the best hypothesis of each (see {@link beamSearch}). */
  beamSearch(sources: readonly (readonly number[])[], options: BeamSearchOptions): number[][] {
    return this.beamHypotheses(sources, options).map((hypotheses) => hypotheses[0]!.tokens);
  }

  /** Every hypothesis beam search keeps for each source, best first. */
  beamHypotheses(sources: readonly (readonly number[])[], options: BeamSearchOptions): BeamHypothesis[][] {
    checkInteger(options.beamWidth, 'beamWidth', 'Seq2Seq.beamSearch');
    return scope(() => noGrad(() => {
      // One encoder pass for the batch, then one beam per source from its row of the state.
      const state = this.encode(sources, {}, 'Seq2Seq.beamSearch');
      return sources.map((_s, b) => beamSearch(this.decoder, selectStateRows(state, [b]), options, 'Seq2Seq.beamSearch'));
    }));
  }
}
