/**
 * The gradient lab's worker: trains the remember-the-first-symbol task step by step and, at
 * every step, measures ‖dL/dh_t‖ for each time step t on that step's batch — the heat map the
 * page draws. A diverging run (loss no longer finite) ends with a message, not an exception.
 */
import { Adam, noGrad, scope, SGD, useBackend } from '@recurrent/autograd';
import { argmax, DivergedError, trainStep, yieldToEventLoop } from '@recurrent/topologies';
import type { LabApi, LabEvents, LabOutcome, LabSettings } from './gradients-api.js';
import { GradientTask } from './gradient-task.js';
import { emit, serve } from './serve.js';

let running: { abort: AbortController; done: Promise<unknown> } | undefined;

async function stop(): Promise<void> {
  if (!running) return;
  running.abort.abort();
  await running.done.catch(() => undefined);
}

/** Share of four fresh batches whose first symbol the network recalls at the last step. */
function accuracy(task: GradientTask): number {
  return noGrad(() => scope(() => {
    let right = 0, total = 0;
    for (let i = 0; i < 4; i++) {
      const batch = task.batch();
      const scores = task.logits(batch.ids).toArray(), V = scores.length / batch.labels.length;
      batch.labels.forEach((label, b) => (right += argmax(scores.subarray(b * V, (b + 1) * V)) === label ? 1 : 0));
      total += batch.labels.length;
    }
    return right / total;
  }));
}

async function train(settings: LabSettings, signal: AbortSignal): Promise<LabOutcome> {
  const task = new GradientTask(settings);
  const params = task.parameters();
  const optimizer = settings.optimizer === 'adam' ? new Adam(params, { lr: settings.lr }) : new SGD(params, { lr: settings.lr });
  let step = 0;
  try {
    for (; step < settings.trainSteps && !signal.aborted; step++) {
      const batch = task.batch();
      const norms = task.flow(batch);
      const { loss, gradNorm } = trainStep(params, optimizer, () => task.loss(batch), settings.clip > 0 ? { clipNorm: settings.clip } : {}, step + 1);
      emit<LabEvents, 'flow'>('flow', { step: step + 1, loss, gradNorm, norms });
      await yieldToEventLoop();
    }
  } catch (error) {
    if (!(error instanceof DivergedError)) throw error;
    return { stoppedBy: 'diverged', step: step + 1, message: error.message, accuracy: 0 };
  }
  return { stoppedBy: signal.aborted ? 'cancelled' : 'steps', step, accuracy: accuracy(task) };
}

const api: LabApi = {
  run: async (settings) => {
    await stop();
    // A fresh kernel per run: the arena never frees long-lived weights, so dropping its memory
    // whole is how a run's network goes away.
    await useBackend('auto');
    const abort = new AbortController();
    const done = train(settings, abort.signal);
    running = { abort, done };
    try {
      return await done;
    } finally {
      if (running?.done === done) running = undefined;
    }
  },
  stop: () => stop(),
};

serve(api);
