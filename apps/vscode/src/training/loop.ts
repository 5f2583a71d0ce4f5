import { Adam, Random } from '@recurrent/autograd';
import { loadBaseModel } from '@recurrent/base-model';
import { FRESH_CAPACITY, FreshText, LEARNING_BATCH as BATCH, learningBatch, stepsToLearn } from '@recurrent/completion';
import { ByteVocabulary, CharLM, loadCharLM, randomWindows, saveCharLM, trainStep } from '@recurrent/topologies';
import type { FromWorker, ModelSpec, ToWorker, TrainingSpec, WorkerStatus } from './protocol.js';

/** Steps taken by "Train Now". */
const TRAIN_NOW_STEPS = 200;
/** How often the model travels back to the host (for completions and for saving). */
const SNAPSHOT_EVERY_STEPS = 25;

/**
 * What the training worker does, free of worker_threads so it can be tested directly: keeps the
 * open documents (as ids), trains a CharLM on random windows of them while there is new text
 * to learn (or until a Train Now is used up), throttled to a CPU budget, and reports progress
 * and model snapshots through `post`.
 */
export class TrainingLoop {
  private lm: CharLM | undefined;
  private adam: Adam | undefined;
  private training: TrainingSpec = { sequenceLength: 64, learningRate: 3e-3, cpuBudget: 0.5 };
  private readonly documents = new Map<string, Int32Array>();
  private corpus: Int32Array = new Int32Array(0);
  private corpusStale = true;
  private readonly rng = new Random(7);
  private pendingSteps = 0;
  /** Text just edited, and how many of the pending steps learn it first (dynamic evaluation). */
  private readonly fresh = new FreshText(FRESH_CAPACITY);
  private freshSteps = 0;
  private paused = false;
  private running = false;
  private stopped = false;
  private step = 0;
  private losses: number[] = [];
  private status: WorkerStatus = 'idle';

  constructor(private readonly post: (message: FromWorker, transfer?: ArrayBuffer[]) => void, private readonly sleep = defaultSleep) {}

  handle(message: ToWorker): void {
    try {
      this.dispatch(message);
    } catch (error) {
      this.post({ type: 'error', message: (error as Error).message });
    }
  }

  private dispatch(message: ToWorker): void {
    switch (message.type) {
      case 'init': return this.init(message.model, message.spec, message.training);
      case 'document': return this.setDocument(message.key, message.text);
      case 'forget':
        this.documents.delete(message.key);
        this.corpusStale = true;
        return;
      case 'pause':
        this.paused = true;
        return this.report('paused');
      case 'resume':
        this.paused = false;
        return this.kick();
      case 'trainNow':
        this.pendingSteps += TRAIN_NOW_STEPS;
        this.paused = false;
        return this.kick();
      case 'settings':
        this.training = message.training;
        if (this.adam) this.adam.lr = message.training.learningRate;
        return;
      case 'save': return this.snapshot('requested');
      case 'stop':
        this.stopped = true;
        return;
    }
  }

  private init(model: Uint8Array | undefined, spec: ModelSpec | 'base', training: TrainingSpec): void {
    this.training = training;
    this.lm = model ? loadCharLM(model).model
      : spec === 'base' ? loadBaseModel().model
        : new CharLM(new ByteVocabulary(), { cell: spec.cell, hiddenSize: spec.hiddenSize, numLayers: spec.layers, seed: 1 });
    this.adam = new Adam(this.lm.parameters(), { lr: training.learningRate });
    this.corpusStale = true;
    const { config } = this.lm;
    this.post({ type: 'ready', vocabulary: [...this.lm.vocabulary.symbols], spec: { cell: config.cell, hiddenSize: config.hiddenSize, layers: config.numLayers }, step: this.step });
    this.kick();
  }

  private setDocument(key: string, text: string): void {
    if (!this.lm) throw new Error('a document arrived before init');
    const ids = this.lm.vocabulary.encode(text);
    const previous = this.documents.get(key);
    this.documents.set(key, ids);
    this.corpusStale = true;
    if (!previous) {
      // A document opened: a few passes over all of it.
      this.pendingSteps += stepsToLearn(ids.length, this.training.sequenceLength);
    } else {
      // An edit: a few passes over what changed, first from the changed text itself.
      const { from, to } = changedRange(previous, ids);
      const steps = stepsToLearn(to - from, this.training.sequenceLength);
      if (to > from) {
        this.fresh.add(ids, from, to, this.training.sequenceLength);
        this.freshSteps += steps;
      }
      this.pendingSteps += steps;
    }
    this.kick();
  }

  /** Starts the loop if it is not running and there is work. */
  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
      // Work that arrived while the loop was finishing (a message in the same tick) starts it again.
      if (this.pendingSteps > 0 && !this.paused && !this.stopped) this.kick();
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped && !this.paused && this.pendingSteps > 0 && this.lm && this.adam) {
      const T = this.training.sequenceLength;
      const corpus = this.currentCorpus();
      if (corpus.length < T + 2) {
        this.pendingSteps = this.freshSteps = 0;
        break;
      }
      const started = performance.now();
      const batch = this.freshSteps > 0 ? learningBatch(corpus, this.fresh.symbols, T, this.rng) : randomWindows(corpus, T, BATCH, this.rng);
      this.freshSteps = Math.max(0, this.freshSteps - 1);
      const { loss } = trainStep(this.lm.parameters(), this.adam, () => this.lm!.loss(batch).loss, { clipNorm: 1 });
      this.step++;
      this.pendingSteps--;
      this.losses.push(loss);
      if (this.losses.length > 2000) this.losses = this.losses.slice(-1000);
      const elapsed = performance.now() - started;
      this.status = 'training';
      this.post({ type: 'progress', status: 'training', step: this.step, loss, charsPerSecond: (T * BATCH) / (elapsed / 1000), losses: this.losses.slice(-200) });
      if (this.step % SNAPSHOT_EVERY_STEPS === 0) this.snapshot('periodic');
      // Stay within the CPU budget: rest (1/budget − 1) times as long as the step took.
      await this.sleep(elapsed * (1 / this.training.cpuBudget - 1));
    }
    if (!this.stopped) {
      if (this.status === 'training') this.snapshot('periodic');
      this.report(this.paused ? 'paused' : 'idle');
    }
  }

  private report(status: WorkerStatus): void {
    this.status = status;
    const loss = this.losses.at(-1) ?? NaN;
    this.post({ type: 'progress', status, step: this.step, loss, charsPerSecond: 0, losses: this.losses.slice(-200) });
  }

  private snapshot(reason: 'periodic' | 'requested'): void {
    if (!this.lm) return;
    const bytes = saveCharLM(this.lm, { step: this.step });
    this.post({ type: 'model', bytes, step: this.step, reason }, [bytes.buffer as ArrayBuffer]);
  }

  private currentCorpus(): Int32Array {
    if (this.corpusStale) {
      const parts = [...this.documents.values()];
      const total = parts.reduce((n, p) => n + p.length + 1, 0);
      const corpus = new Int32Array(total);
      const newline = this.lm!.vocabulary.id('\n');
      let at = 0;
      for (const p of parts) {
        corpus.set(p, at);
        corpus[at + p.length] = newline;
        at += p.length + 1;
      }
      this.corpus = corpus;
      this.corpusStale = false;
    }
    return this.corpus;
  }
}

/** Where `after` differs from `before`: after[from, to) replaced before's span (common prefix and suffix left out). */
export function changedRange(before: Int32Array, after: Int32Array): { from: number; to: number } {
  const shorter = Math.min(before.length, after.length);
  let from = 0;
  while (from < shorter && before[from] === after[from]) from++;
  let suffix = 0;
  while (suffix < shorter - from && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return { from, to: after.length - suffix };
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, 5000))));
}
