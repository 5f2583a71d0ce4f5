// The sequence topologies of the course, for the package's src/index.ts to re-export.
export { OneToOne, type OneToOneOptions } from './one-to-one.js';
export { bagOfWords } from './bag-of-words.js';
export { OneToMany, type OneToManyOptions } from './one-to-many.js';
export { ManyToOne, type ManyToOneOptions } from './many-to-one.js';
export { SequenceTagger, type SequenceTaggerOptions, type TaggerOutput } from './many-to-many.js';
export { Seq2Seq, type Seq2SeqOptions } from './seq2seq.js';
export { TokenDecoder, type DecoderStep, type TokenDecoderOptions } from './decoder.js';
export { beamSearch, type BeamHypothesis, type BeamSearchOptions } from './beam-search.js';
export { IGNORE_INDEX, padSequences, type PaddedBatch } from './batch.js';
export { selectStateRows } from './state.js';
export { TokenRecurrent, type TokenRecurrentOptions } from './token-recurrent.js';
