import { kernel } from '@recurrent/autograd';
import type { CharLM, CharLMCheckpoint, FitCallbacks, FitOptions, FitResult } from '../../text/char-lm.js';
import { saveCharLM } from '../../text/char-lm-file.js';
import { DivergedError } from '../trainer.js';
import { readFlat } from '../parallel/flat.js';
import { hasThreads, inNode, nodeThread, type Thread, webThread } from '../parallel/thread.js';
import type { ErrorReport, FitRequest, FromFitThread, ToFitThread } from './messages.js';

/** Longest schedule sent as values: 8 bytes a step, so 80 MB at most. */
const MAX_TABULATED_STEPS = 10_000_000;

/**
 * {@link CharLM.fit} in a worker thread (Node's `worker_threads`, or a module Web Worker), so the
 * caller's event loop — a page's rendering, an editor's typing — stays free while it trains.
 * Same options, same callbacks, same {@link FitResult}, and the same floats as `lm.fit` on this
 * thread (the worker runs that very code on a copy of `lm`, with this thread's kernel backend).
 *
 * - `threads: n` starts the n − 1 helper threads from inside the worker (nested workers).
 * - `onProgress` gets each step's progress as a message, a moment after the step.
 * - `signal` cancels: the worker's run stops after its current step and the result still comes
 *   back, `stoppedBy: 'cancelled'`, with the weights trained so far.
 * - `onCheckpoint`: `lm` is given the checkpoint's weights just before each call (so
 *   `saveCharLM(lm, checkpoint)` saves a resumable pair), and the run waits for it, as `fit` does.
 * - `schedule` (a function, which cannot be posted) is sent as its values over the run's steps.
 *
 * Until then `lm` keeps its weights, usable (say, for predictions) while the copy trains; when
 * the run ends, the trained weights are copied into it. An error in the worker (a bad option, a
 * DivergedError) rejects with an error of the same class and message. The worker is always
 * terminated before this settles.
 *
 * @example
 * ```ts
 * const lm = CharLM.fromTexts([text], { cell: 'lstm', hiddenSize: 128 });
 * const stop = new AbortController();
 * const result = await fitInWorker(lm, [text], { steps: 2000, threads: 2 }, {
 *   onProgress: (p) => console.log(p.step, p.loss),
 *   signal: stop.signal, // stop.abort() from a button: the run ends after the current step
 * });
 * lm.predict('The ', 20); // the trained weights
 * ```
 */
export async function fitInWorker(lm: CharLM, texts: readonly string[], options: FitOptions = {}, callbacks: FitCallbacks = {}): Promise<FitResult> {
  const { schedule, ...rest } = options;
  const { onProgress, onCheckpoint, signal, resume } = callbacks;
  const request: FitRequest = {
    type: 'fit', backend: kernel().backend, model: saveCharLM(lm), texts: [...texts], options: rest,
    ...(schedule ? { schedule: tabulate(schedule, lastStep(lm, texts, options, resume)) } : {}),
    ...(resume ? { resume } : {}),
    progress: onProgress !== undefined, checkpoints: onCheckpoint !== undefined,
  };
  const thread = await spawnFitThread();
  const abort = () => thread.post({ type: 'abort' } satisfies ToFitThread);
  try {
    return await new Promise<FitResult>((resolve, reject) => {
      thread.onFailure(reject);
      thread.onMessage((data) => {
        const message = data as FromFitThread;
        // A callback's error ends the run as it would end fit's; thrown here it would be uncaught.
        void (async () => {
          switch (message.type) {
            case 'progress':
              onProgress?.(message.progress);
              return;
            case 'checkpoint':
              readFlat(lm.parameters(), message.weights);
              await onCheckpoint?.(message.checkpoint);
              thread.post({ type: 'checkpoint-saved' } satisfies ToFitThread);
              return;
            case 'done':
              readFlat(lm.parameters(), message.weights);
              resolve(message.result);
              return;
            case 'failed':
              reject(errorOf(message.error));
          }
        })().catch(reject);
      });
      thread.post(request satisfies ToFitThread);
      signal?.addEventListener('abort', abort, { once: true });
      if (signal?.aborted) abort();
    });
  } finally {
    signal?.removeEventListener('abort', abort);
    await thread.terminate();
  }
}

/**
 * The step the run ends at, so its schedule is tabulated up to there: CharLM.fit's count
 * (steps, else epochs over the training part of the text, else 200). Should the two ever
 * disagree, the worker's schedule says so instead of guessing a value.
 */
function lastStep(lm: CharLM, texts: readonly string[], options: FitOptions, resume: CharLMCheckpoint | undefined): number {
  const start = resume?.trainer.step ?? 0;
  if (options.steps !== undefined) return start + options.steps;
  if (options.epochs === undefined) return start + 200;
  const { seqLength = 32, batchSize = 32, validationFraction = 0 } = options;
  const length = lm.vocabulary.encode(texts.join('\n')).length;
  const train = length - Math.floor(length * validationFraction);
  return start + Math.max(1, Math.round((options.epochs * train) / (seqLength * batchSize)));
}

/** schedule(epoch) for epoch 0 … last (the scheduler asks for `last` after the last step). */
function tabulate(schedule: (epoch: number) => number, last: number): number[] {
  // A bad step count is fit's to report, in its words; the table is then of no use anyway.
  if (!Number.isInteger(last) || last < 0) return [];
  if (last > MAX_TABULATED_STEPS) throw new RangeError(`fitInWorker: a schedule over ${last} steps is too long to send to a worker (at most ${MAX_TABULATED_STEPS})`);
  return Array.from({ length: last + 1 }, (_, epoch) => schedule(epoch));
}

/** The worker's error as this thread's: the same class where it is one of ours or a built-in. */
function errorOf(report: ErrorReport): Error {
  if (report.diverged) return new DivergedError(report.diverged.what, report.diverged.value, report.diverged.step);
  const error = report.name === 'RangeError' ? new RangeError(report.message) : report.name === 'TypeError' ? new TypeError(report.message) : new Error(report.message);
  error.name = report.name;
  return error;
}

/** A new thread running fit-thread.js (the Web Worker in the literal form bundlers follow). */
function spawnFitThread(): Promise<Thread> {
  // A CommonJS bundle of the library has no module URL to find the thread's file by.
  if (typeof import.meta.url !== 'string') return Promise.reject(new Error('this build of the library has no module URL to start a worker from; call lm.fit instead'));
  if (!hasThreads()) return Promise.reject(new Error('this host has no worker threads; call lm.fit instead'));
  // Node's path: marked for bundlers, which would otherwise copy the file as an asset for a
  // browser build that never takes this branch.
  if (inNode()) return nodeThread(new URL(/* @vite-ignore */ './fit-thread.js', import.meta.url));
  return Promise.resolve(webThread(new Worker(new URL('./fit-thread.js', import.meta.url), { type: 'module' })));
}
