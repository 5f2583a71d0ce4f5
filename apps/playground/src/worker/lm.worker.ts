/**
 * The character model's worker: one CharLM, trained here on the wasm kernel so the page never
 * waits on it. Training yields between steps, so sampling, the next-character distribution and
 * the unrolled view are answered while it learns.
 */
import { scope, useBackend } from '@recurrent/autograd';
import { CharLM, type CharLMCheckpoint, CharVocabulary, DivergedError, probabilities } from '@recurrent/topologies';
import type { Choice, LmApi, LmEvents, ModelSpec, ModelSummary, TrainOutcome, TrainParams, TrainPoint } from './lm-api.js';
import { decodeCharLM, encodeCharLM } from './model-files.js';
import { emit, kernelFeatures, serve } from './serve.js';

/** The text a model starts from when a page needs one before any was chosen. */
const FALLBACK_TEXT = 'the cat sat on the mat. the dog sat on the log. ';
/** The stepper reads at most this much of a prompt: the state forgets the rest anyway. */
const CONTEXT = 256;

let lm: CharLM | undefined;
let summary: ModelSummary | undefined;
let history: TrainPoint[] = [];
let checkpoint: CharLMCheckpoint | undefined;
let running: { abort: AbortController; done: Promise<unknown> } | undefined;

function summarise(model: CharLM, steps: number, origin: string): ModelSummary {
  const { cell, hiddenSize, numLayers, embeddingSize } = model.config;
  const parameters = model.parameters().reduce((n, p) => n + p.size, 0);
  return { cell, hiddenSize, numLayers, embeddingSize, vocabulary: model.vocabulary.kind, vocabularySize: model.vocabulary.size, parameters, steps, origin };
}

/** Makes `model` the one served, forgetting the old one's curve and optimizer state. */
function adopt(model: CharLM, steps: number, origin: string): ModelSummary {
  lm = model;
  summary = summarise(model, steps, origin);
  history = [];
  checkpoint = undefined;
  emit<LmEvents, 'model'>('model', summary);
  return summary;
}

async function stopTraining(): Promise<void> {
  if (!running) return;
  running.abort.abort();
  await running.done.catch(() => undefined);
}

/**
 * A fresh model. The kernel's arena is a bump allocator with no way to free long-lived
 * tensors, so a new model gets a new kernel (a new wasm memory): the old one is dropped whole.
 */
async function fresh(spec: ModelSpec): Promise<ModelSummary> {
  await stopTraining();
  await useBackend('auto');
  const text = spec.text || FALLBACK_TEXT;
  return adopt(CharLM.fromTexts([text], { cell: spec.cell, hiddenSize: spec.hiddenSize, seed: spec.seed ?? 1 }), 0, 'new');
}

/** Why `spec` cannot continue the current model, if it cannot. */
function mismatch(spec: ModelSpec): string | undefined {
  // A model made only so a page had something to show is replaced without comment.
  if (!lm || (summary?.origin === 'default' && summary.steps === 0)) return 'no model yet';
  if (lm.config.cell !== spec.cell || lm.config.hiddenSize !== spec.hiddenSize) return 'the cell or hidden size changed';
  const vocabulary = lm.vocabulary;
  if (vocabulary instanceof CharVocabulary && [...new Set(spec.text)].some((ch) => vocabulary.id(ch) === 0)) {
    return 'the text has characters the model has no symbol for';
  }
  return undefined;
}

/** The model served; a small untrained one if none was made yet (the unrolled page needs something to draw). */
function current(): CharLM {
  if (!lm) adopt(CharLM.fromTexts([FALLBACK_TEXT], { cell: 'lstm', hiddenSize: 32, seed: 1 }), 0, 'default');
  return lm!;
}

function topChoices(model: CharLM, logits: ArrayLike<number>, count: number): Choice[] {
  const p = probabilities(logits);
  return Array.from(p.keys()).sort((a, b) => p[b]! - p[a]!).slice(0, count).map((i) => ({ symbol: model.vocabulary.decode([i]), p: p[i]! }));
}

/** Trains, and tells every page how the run ended (the caller may have gone to another page). */
async function train(params: TrainParams): Promise<TrainOutcome> {
  const outcome = await trainRun(params);
  emit<LmEvents, 'trained'>('trained', outcome);
  return outcome;
}

async function trainRun(params: TrainParams): Promise<TrainOutcome> {
  await stopTraining();
  const why = mismatch(params);
  if (why) await fresh(params);
  const reason = why === 'no model yet' ? undefined : why;
  const model = current();
  const text = params.text || FALLBACK_TEXT;
  // Hold out a tenth for the bits/char a learner should trust (capped: it is scored every 25 steps).
  const validationFraction = text.length >= 20 * (params.seqLength + 2) ? Math.min(0.1, 4000 / text.length) : 0;
  const abort = new AbortController();
  const run = model.fit([text], {
    steps: params.steps, seqLength: params.seqLength, batchSize: params.batchSize, lr: params.lr,
    ...(params.clipNorm > 0 ? { clipNorm: params.clipNorm } : {}),
    validationFraction, evalEvery: validationFraction > 0 ? 25 : 0, seed: summary!.steps,
  }, {
    signal: abort.signal,
    ...(checkpoint ? { resume: checkpoint } : {}),
    onProgress: (p) => {
      const point: TrainPoint = { step: p.step, loss: p.loss, charsPerSecond: p.tokensPerSecond, ...(p.validationLoss !== undefined ? { validation: p.validationLoss } : {}) };
      history.push(point);
      summary!.steps = p.step;
      emit<LmEvents, 'progress'>('progress', point);
    },
  });
  running = { abort, done: run };
  try {
    const result = await run;
    checkpoint = result.checkpoint;
    return { stoppedBy: result.stoppedBy, ...(reason ? { reset: reason } : {}), model: summary! };
  } catch (error) {
    if (!(error instanceof DivergedError)) throw error;
    return { stoppedBy: 'diverged', message: error.message, ...(reason ? { reset: reason } : {}), model: summary! };
  } finally {
    if (running?.done === run) running = undefined;
  }
}

const api: LmApi = {
  info: () => ({ features: kernelFeatures(), model: summary ?? null, history, training: running !== undefined }),
  reset: (spec) => fresh(spec),
  train,
  stop: () => stopTraining(),
  sample: ({ prefix, length, temperature, topK, topP, seed }) => {
    const model = current();
    return model.sample(prefix.slice(-CONTEXT) || '\n', length, { temperature, topK, topP, seed });
  },
  // A stepper allocates its buffers in the kernel's arena; inside a scope they are given back
  // when the call returns, so a keystroke costs no memory for the rest of the visit. (The model
  // itself must come from outside the scope, or a first one made here would be freed with it.)
  next: ({ text, length, top }) => {
    const model = current();
    const prompt = text.slice(-CONTEXT) || '\n';
    return scope(() => {
      const stepper = model.stepper();
      for (const id of model.vocabulary.encode(prompt)) stepper.feed(id);
      const logits = Array.from(stepper.logits());
      return { top: topChoices(model, logits, top), logits, ghost: model.predict(prompt, length) };
    });
  },
  unroll: ({ text }) => {
    const model = current();
    const H = model.config.hiddenSize, top = model.config.numLayers - 1;
    const steps = scope(() => {
      const stepper = model.stepper();
      return [...text].slice(0, 24).map((input) => {
        for (const id of model.vocabulary.encode(input)) stepper.feed(id);
        const state = stepper.saveState();
        return {
          input, h: Array.from(stepper.hiddenState()),
          ...(state.c ? { c: Array.from(state.c.subarray(top * H, (top + 1) * H)) } : {}),
          top: topChoices(model, stepper.logits(), 3),
        };
      });
    });
    return { model: summary!, steps };
  },
  save: ({ format }) => encodeCharLM(current(), format, summary!.steps),
  load: async ({ bytes, origin }) => {
    decodeCharLM(bytes); // a bad file fails here, before the current model is dropped
    await stopTraining();
    await useBackend('auto');
    const { model, steps } = decodeCharLM(bytes);
    return adopt(model, steps, origin);
  },
};

serve(api, (result) => (result instanceof Uint8Array ? [result.buffer] : []));
