/**
 * @recurrent/topologies — vanilla RNN, LSTM and GRU with PyTorch's layout, backpropagation
 * through time, the four sequence topologies of the course, character language models and
 * model files (native and safetensors).
 *
 * @packageDocumentation
 */
export { type CellType, CELL_TYPES, gateCount, hasCellState } from './cells/cell.js';
export { type CellWeights, initCellWeights, type InitOptions, orthogonalMatrix } from './cells/parameters.js';
export { recurrentSequence, type SequenceOptions, type TokenInput } from './layers/sequence.js';
export { Recurrent, type ForwardOptions, type RecurrentOptions, type RecurrentOutput, type RecurrentState } from './layers/recurrent.js';
export { Linear } from './layers/linear.js';
export * from './topologies/index.js';
export { randomWindows, randomWindowsFrom, type TokenBatch, TokenStreams } from './train/batches.js';
export {
  backwardStep, DivergedError, optimizerStep, type OptimizerName, type Progress, type StepWork, Trainer, trainStep, type TrainerState, type TrainHooks, type TrainOptions, type TrainResult,
} from './train/trainer.js';
export { dataParallelStep } from './train/parallel/data-parallel-step.js';
export { GradientThreads } from './train/parallel/gradient-threads.js';
export { fitInWorker } from './train/worker/fit-in-worker.js';
export { gradientFlow, type GradientFlow, type GradientProbe } from './train/diagnostics.js';
export { yieldToEventLoop } from './train/yield.js';
export { CharVocabulary, sameVocabulary, statedCharVocabulary, type Vocabulary } from './text/vocabulary.js';
export { ByteVocabulary } from './text/byte-vocabulary.js';
export {
  CharLM, type CharLMCheckpoint, type CharLMConfig, type Evaluation, type FitCallbacks, type FitOptions, type FitResult,
} from './text/char-lm.js';
export {
  CHAR_LM_KIND, exportCharLMSafetensors, importCharLMSafetensors, loadCharLM, loadCharLMSafetensors, type LoadedCharLM, readCharLMWeights,
  type SafetensorsLoadOptions, saveCharLM, type TensorMapping, vocabularyMetadata } from './text/char-lm-file.js';
export { RecurrentStepper, type StepperOptions, type StepperState } from './text/stepper.js';
export { argmax, probabilities, sampleIndex, type SampleOptions } from './text/sampling.js';
export { logSoftmaxRow } from './topologies/scores.js';
export * from './io/index.js';
export { parseFixture, type Fixture } from './conformance/fixture.js';
export { runFixture, type FixtureReport } from './conformance/run.js';
export * from './datasets/index.js';
export { heatMap, lineChart, type Series } from './report/svg.js';
