import type { LmApi, LmEvents } from './worker/lm-api.js';
import { WorkerClient } from './worker/rpc.js';

let client: WorkerClient<LmApi, LmEvents> | undefined;

/**
 * The character model's worker, shared by every page for the whole visit: the model trained
 * on one page is the one drawn unrolled on another and saved on a third.
 */
export function lmWorker(): WorkerClient<LmApi, LmEvents> {
  return (client ??= new WorkerClient(new Worker(new URL('./worker/lm.worker.ts', import.meta.url), { type: 'module', name: 'char-model' })));
}
