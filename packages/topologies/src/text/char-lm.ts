import { crossEntropy, gatherRows, kernel, noGrad, Random, reshape, scope, Tensor } from '@recurrent/autograd';
import { type CellType, checkCellType } from '../cells/cell.js';
import { Linear } from '../layers/linear.js';
import { Recurrent, type RecurrentState } from '../layers/recurrent.js';
import type { TokenInput } from '../layers/sequence.js';
import { randomWindows, TokenStreams, type TokenBatch } from '../train/batches.js';
import { dataParallelStep } from '../train/parallel/data-parallel-step.js';
import { GradientThreads } from '../train/parallel/gradient-threads.js';
import { type StepWork, type TrainerState, Trainer, type TrainHooks, type TrainOptions, type TrainResult } from '../train/trainer.js';
import { argmax, sampleIndex, type SampleOptions } from './sampling.js';
import { RecurrentStepper, type StepperOptions } from './stepper.js';
import { CharVocabulary, type Vocabulary } from './vocabulary.js';

export interface CharLMConfig {
  cell: CellType;
  hiddenSize: number;
  numLayers?: number;
  /** Dropout between stacked layers while training. */
  dropout?: number;
  /** Seed of the initialisation. */
  seed?: number;
  /** Added to the LSTM forget-gate bias at initialisation. */
  forgetBias?: number;
  /**
   * Width E of a learnt embedding of the symbols (PyTorch's nn.Embedding(V, E), initialised
   * N(0, 1) as there) read by the first layer; 0 (the default): one-hot inputs, W_ih [G·H, V].
   */
  embeddingSize?: number;
}

export interface FitOptions extends Omit<TrainOptions, 'steps'> {
  /** Optimizer steps (default 200), or give `epochs`: passes over the training text. */
  steps?: number;
  epochs?: number;
  /** Characters per training sequence, T (default 32). */
  seqLength?: number;
  /** Sequences per step, B (default 32). */
  batchSize?: number;
  /**
   * Truncated BPTT: read the text as B contiguous streams, T characters per step, carrying the
   * state from one step to the next (detached, so gradients stop at the chunk boundary).
   * Without it every step draws B random windows from zero state (full BPTT over T).
   */
  truncatedBptt?: boolean;
  /** Share of the text held out for validation (default 0: none). */
  validationFraction?: number;
  /** Seed of batch order and dropout (default 0). */
  seed?: number;
  /**
   * Threads computing each step's gradient together (default 1): the batch's sequences are split
   * across worker threads, each with its own kernel and a replica of the model, their gradients
   * summed in a fixed order into one optimizer step. A run is the same for a given thread count,
   * and equals the one-thread run within float rounding (with dropout, each shard draws its own
   * masks). Node's worker_threads, or module Web Workers in a browser.
   */
  threads?: number;
}

export interface FitResult extends TrainResult {
  /** The state to pass back as `resume` to continue this run. */
  checkpoint: CharLMCheckpoint;
}

/** A training run frozen mid-way: the trainer's state and the batch source's position. */
export interface CharLMCheckpoint {
  trainer: TrainerState;
  rngState: number;
  streamPosition: number;
  /** The carried state of truncated BPTT, [layers, B, H] flattened. */
  carriedH?: number[];
  carriedC?: number[];
}

export interface FitCallbacks extends Omit<TrainHooks, 'onCheckpoint'> {
  /** Continue a run from a checkpoint (the model's weights must be that run's, e.g. loaded from its file). */
  resume?: CharLMCheckpoint;
  onCheckpoint?: (checkpoint: CharLMCheckpoint) => void | Promise<void>;
}

export interface Evaluation {
  /** Mean cross-entropy in bits per character. */
  bitsPerChar: number;
  /** Share of characters predicted exactly by the greedy guess. */
  accuracy: number;
  /** Characters scored (every one after the first). */
  characters: number;
}

/**
 * A character-level language model: characters (or UTF-8 bytes, with a ByteVocabulary) → one-hot → stacked RNN/LSTM/GRU → linear →
 * softmax over the vocabulary. What the editor runs, and the model of the course's
 * many-to-many (aligned) topology.
 *
 * @example
 * ```ts
 * const lm = CharLM.fromTexts([text], { cell: 'lstm', hiddenSize: 128 });
 * await lm.fit([text], { steps: 200, lr: 2e-3 }, { onProgress: (p) => console.log(p.step, p.loss) });
 * lm.predict('The ', 20);
 * ```
 */
export class CharLM {
  readonly config: Required<CharLMConfig>;
  readonly rnn: Recurrent;
  readonly head: Linear;
  /** The symbols' embedding [V, E] (`embedding.weight`), when `embeddingSize` > 0. */
  readonly embedding: Tensor | undefined;

  constructor(readonly vocabulary: Vocabulary, config: CharLMConfig) {
    const { hiddenSize, numLayers = 1, dropout = 0, seed = 0, forgetBias = 0, embeddingSize = 0 } = config;
    if (!Number.isInteger(embeddingSize) || embeddingSize < 0) throw new RangeError(`CharLM: embeddingSize must be an integer >= 0, got ${embeddingSize}`);
    this.config = { cell: checkCellType(config.cell), hiddenSize, numLayers, dropout, seed, forgetBias, embeddingSize };
    this.embedding = embeddingSize > 0
      ? Tensor.normal([vocabulary.size, embeddingSize], 0, 1, new Random(seed + 2), { requiresGrad: true, name: 'embedding.weight' })
      : undefined;
    this.rnn = new Recurrent({ cell: this.config.cell, inputSize: embeddingSize || vocabulary.size, hiddenSize, numLayers, dropout, seed, forgetBias });
    this.head = new Linear(hiddenSize, vocabulary.size, new Random(seed + 1), 'linear');
  }

  /** A model whose vocabulary is the characters of `texts`. */
  static fromTexts(texts: readonly string[], config: CharLMConfig, options: { maxVocabulary?: number } = {}): CharLM {
    const nonEmpty = texts.filter((t) => t.length > 0);
    if (nonEmpty.length === 0) throw new RangeError('CharLM.fromTexts: every text is empty; give it some text to learn from');
    return new CharLM(CharVocabulary.fromText(nonEmpty, options.maxVocabulary === undefined ? {} : { maxSize: options.maxVocabulary }), config);
  }

  /** Every parameter, PyTorch's order: the embedding (if any), the recurrent layers, the linear head. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** [name, tensor]: `embedding.weight` (if any), `weight_ih_l0`, …, `linear.weight`, `linear.bias`. */
  namedParameters(): [string, Tensor][] {
    return [
      ...(this.embedding ? [['embedding.weight', this.embedding] as [string, Tensor]] : []),
      ...this.rnn.namedParameters(), ['linear.weight', this.head.weight], ['linear.bias', this.head.bias],
    ];
  }

  /**
   * What the first recurrent layer reads for the ids of a [T, B] batch (time-major): the ids
   * themselves (one-hot), or their embeddings x [T, B, E].
   */
  recurrentInput(ids: ArrayLike<number>, steps: number, batch: number): Tensor | (TokenInput & { steps: number; batch: number }) {
    if (!this.embedding) return { ids, vocabularySize: this.vocabulary.size, steps, batch };
    return reshape(gatherRows(this.embedding, ids), [steps, batch, this.config.embeddingSize]);
  }

  /**
   * Mean cross-entropy (nats) of predicting `targets` from `inputs`, plus the final state.
   * Targets of −100 are ignored (padding).
   */
  loss(batch: TokenBatch, state?: RecurrentState, options: { training?: boolean; rng?: Random } = {}): { loss: Tensor; state: RecurrentState } {
    const { steps: T, batch: B } = batch;
    const { output, state: final } = this.rnn.forward(this.recurrentInput(batch.inputs, T, B), state, options);
    const logits = this.head.forward(reshape(output, [T * B, this.config.hiddenSize]));
    return { loss: crossEntropy(logits, batch.targets), state: final };
  }

  /**
   * Trains on `texts` (joined by newlines). Returns the loss history; cancellable with
   * `callbacks.signal` (the run stops after the current step and still returns a checkpoint).
   */
  async fit(texts: readonly string[], options: FitOptions = {}, callbacks: FitCallbacks = {}): Promise<FitResult> {
    const { seqLength = 32, batchSize = 32, truncatedBptt = false, validationFraction = 0, seed = 0, threads = 1 } = options;
    checkPositive('seqLength', seqLength);
    checkPositive('batchSize', batchSize);
    checkPositive('threads', threads);
    if (!(validationFraction >= 0 && validationFraction < 1)) throw new RangeError(`CharLM.fit: validationFraction must lie in [0, 1), got ${validationFraction}`);
    const ids = this.vocabulary.encode(texts.join('\n'));
    const held = Math.floor(ids.length * validationFraction);
    const train = ids.subarray(0, ids.length - held), validation = ids.subarray(ids.length - held);
    if (train.length < seqLength + 2) {
      throw new RangeError(`CharLM.fit: ${train.length} training characters are too few for sequences of ${seqLength}; give more text or a shorter seqLength`);
    }
    const steps = options.steps ?? (options.epochs !== undefined
      ? Math.max(1, Math.round((options.epochs * train.length) / (seqLength * batchSize)))
      : 200);

    const { resume } = callbacks;
    const rng = new Random(seed);
    if (resume) rng.seedState = resume.rngState;
    const streams = truncatedBptt ? new TokenStreams(train, seqLength, batchSize) : undefined;
    if (streams && resume) streams.position = resume.streamPosition;
    // Truncated BPTT carries the state between steps in tensors made here, outside the steps'
    // scopes; they do not require grad, so the gradient stops at each chunk boundary.
    const carried = streams ? this.rnn.zeroState(batchSize) : undefined;
    if (carried && resume?.carriedH) {
      carried.h.set(resume.carriedH);
      if (carried.c && resume.carriedC) carried.c.set(resume.carriedC);
    }

    const trainer = new Trainer(this.parameters(), { ...options, steps }, resume?.trainer);
    const checkpointOf = (trainerState: TrainerState): CharLMCheckpoint => ({
      trainer: trainerState,
      rngState: rng.seedState,
      streamPosition: streams?.position ?? 0,
      ...(carried ? { carriedH: Array.from(carried.h.toArray()), ...(carried.c ? { carriedC: Array.from(carried.c.toArray()) } : {}) } : {}),
    });
    const helpers = Math.min(threads, batchSize) - 1;
    const pool = helpers > 0 ? await GradientThreads.start(this, helpers) : undefined;
    const next = (): StepWork => {
      const batch = streams ? streams.next() : randomWindows(train, seqLength, batchSize, rng);
      if (carried && 'wrapped' in batch && batch.wrapped) zeroState(carried);
      if (pool) return dataParallelStep(this, batch, pool, carried, rng);
      return {
        tokens: seqLength * batchSize,
        loss: () => {
          const { loss, state } = this.loss(batch, carried, { training: true, rng });
          if (carried) copyState(state, carried);
          return loss;
        },
      };
    };
    const validate = held > seqLength ? () => this.evaluateIds(validation).bitsPerChar * Math.LN2 : undefined;
    try {
      const result = await trainer.run(next, validate, {
        ...(callbacks.onProgress ? { onProgress: callbacks.onProgress } : {}),
        ...(callbacks.signal ? { signal: callbacks.signal } : {}),
        ...(callbacks.onCheckpoint ? { onCheckpoint: (s: TrainerState) => callbacks.onCheckpoint!(checkpointOf(s)) } : {}),
      });
      return { ...result, checkpoint: checkpointOf(result.state) };
    } finally {
      await pool?.close();
    }
  }

  /**
   * Bits per symbol and top-1 accuracy of predicting each symbol of `text` from the ones before
   * (a symbol is a character, or a UTF-8 byte with a ByteVocabulary).
   */
  evaluate(text: string): Evaluation {
    return this.evaluateIds(this.vocabulary.encode(text));
  }

  private evaluateIds(ids: Int32Array): Evaluation {
    if (ids.length < 2) throw new RangeError('CharLM.evaluate: needs at least two characters');
    return noGrad(() => {
      let nats = 0;
      let correct = 0;
      let state: RecurrentState | undefined;
      const chunk = 256;
      for (let start = 0; start + 1 < ids.length; start += chunk) {
        const T = Math.min(chunk, ids.length - 1 - start);
        const batch: TokenBatch = { inputs: ids.subarray(start, start + T), targets: ids.subarray(start + 1, start + T + 1), steps: T, batch: 1 };
        const result = scope(() => {
          const { output, state: next } = this.rnn.forward(this.recurrentInput(batch.inputs, T, 1), state);
          const logits = this.head.forward(reshape(output, [T, this.config.hiddenSize]));
          const loss = crossEntropy(logits, batch.targets, { reduction: 'sum' }).item();
          const scores = logits.toArray(), V = this.vocabulary.size;
          let hits = 0;
          for (let t = 0; t < T; t++) if (argmax(scores.subarray(t * V, (t + 1) * V)) === batch.targets[t]) hits++;
          return { loss, hits, next };
        });
        nats += result.loss;
        correct += result.hits;
        state = result.next;
      }
      const characters = ids.length - 1;
      return { bitsPerChar: nats / characters / Math.LN2, accuracy: correct / characters, characters };
    });
  }

  /** The `length` most likely next symbols (characters, or bytes), each fed back (greedy decoding). */
  predict(prefix: string, length: number): string {
    return this.generate(prefix, length, (logits) => argmax(logits));
  }

  /** `length` symbols drawn from the model (temperature, top-k, top-p), seeded. */
  sample(prefix: string, length: number, options: SampleOptions & { seed?: number } = {}): string {
    const rng = new Random(options.seed ?? 0);
    return this.generate(prefix, length, (logits) => sampleIndex(logits, rng, options));
  }

  /** A stepper for incremental inference (one character at a time, state carried). */
  stepper(options?: StepperOptions): RecurrentStepper {
    return new RecurrentStepper(this.rnn, this.head, this.embedding, options);
  }

  private generate(prefix: string, length: number, choose: (logits: Float32Array) => number): string {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`CharLM: length must be an integer >= 0, got ${length}`);
    if (prefix.length === 0) throw new RangeError('CharLM: the prefix must hold at least one character');
    return scope(() => {
      const stepper = this.stepper();
      for (const id of this.vocabulary.encode(prefix)) stepper.feed(id);
      const out: number[] = [];
      for (let i = 0; i < length; i++) {
        const id = choose(stepper.logits());
        out.push(id);
        stepper.feed(id);
      }
      return this.vocabulary.decode(out);
    });
  }

}

function copyState(from: RecurrentState, to: RecurrentState): void {
  const k = kernel();
  k.raw.copy(to.h.size, from.h.data.ptr, to.h.data.ptr);
  if (from.c && to.c) k.raw.copy(to.c.size, from.c.data.ptr, to.c.data.ptr);
}

function zeroState(state: RecurrentState): void {
  const k = kernel();
  k.raw.fill(state.h.size, 0, state.h.data.ptr);
  if (state.c) k.raw.fill(state.c.size, 0, state.c.data.ptr);
}

function checkPositive(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`CharLM.fit: ${name} must be a positive integer, got ${value}`);
}
