/**
 * The fit thread's program: it loads the caller's CharLM from its model file, runs CharLM.fit on
 * it — the very code the calling thread would run, so the floats are the same — and posts back
 * the progress, the checkpoints and, at the end, the result with the trained weights.
 */
import { useBackend } from '@recurrent/autograd';
import type { CharLM, FitCallbacks, FitOptions } from '../../text/char-lm.js';
import { loadCharLM } from '../../text/char-lm-file.js';
import { DivergedError } from '../trainer.js';
import { flatSize, writeFlat } from '../parallel/flat.js';
import { parentThread } from '../parallel/thread.js';
import type { ErrorReport, FitRequest, FromFitThread, ToFitThread } from './messages.js';

const parent = await parentThread();
const cancel = new AbortController();
let checkpointSaved: (() => void) | undefined;

parent.onMessage((data) => {
  const message = data as ToFitThread;
  if (message.type === 'abort') cancel.abort();
  else if (message.type === 'checkpoint-saved') checkpointSaved?.();
  else void run(message);
});

async function run(request: FitRequest): Promise<void> {
  try {
    await useBackend(request.backend);
    const { model: lm } = loadCharLM(request.model);
    const options: FitOptions = request.schedule ? { ...request.options, schedule: tabulated(request.schedule) } : request.options;
    const callbacks: FitCallbacks = {
      signal: cancel.signal,
      ...(request.resume ? { resume: request.resume } : {}),
      ...(request.progress ? { onProgress: (progress) => post({ type: 'progress', progress }) } : {}),
      // The caller copies these weights into its model before its onCheckpoint runs, so a
      // checkpoint it saves holds the weights the checkpoint belongs to.
      ...(request.checkpoints ? {
        onCheckpoint: (checkpoint) => new Promise<void>((resolve) => {
          checkpointSaved = resolve;
          const weights = flatWeights(lm);
          post({ type: 'checkpoint', checkpoint, weights }, [weights.buffer]);
        }),
      } : {}),
    };
    const result = await lm.fit(request.texts, options, callbacks);
    const weights = flatWeights(lm);
    post({ type: 'done', result, weights }, [weights.buffer]);
  } catch (error) {
    post({ type: 'failed', error: reportOf(error) });
  }
}

function post(message: FromFitThread, transfer: ArrayBuffer[] = []): void {
  parent.post(message, transfer);
}

function flatWeights(lm: CharLM): Float32Array<ArrayBuffer> {
  const params = lm.parameters();
  const weights = new Float32Array(flatSize(params));
  writeFlat(params, weights);
  return weights;
}

/** The caller's schedule from its values; past them is a miscount of the run's steps, said loudly. */
function tabulated(values: readonly number[]): (epoch: number) => number {
  return (epoch) => {
    const value = values[epoch];
    if (value === undefined) throw new RangeError(`fitInWorker: the schedule was tabulated for epochs 0…${values.length - 1}, and epoch ${epoch} was asked for`);
    return value;
  };
}

function reportOf(error: unknown): ErrorReport {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  return {
    name: error.name, message: error.message,
    ...(error instanceof DivergedError ? { diverged: { what: error.what, value: error.value, step: error.step } } : {}),
  };
}
