import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './protocol.js';

/**
 * The host's end of the training worker: starts it from the bundled worker file, sends it
 * messages, hands its messages to `onMessage`, and restarts nothing on its own — a crashed
 * worker is reported through `onExit` and the editor keeps working without training.
 */
export class TrainerClient {
  private readonly worker: Worker;
  private exited = false;
  /** True once stop() was called: the exit that follows is expected. */
  stoppedOnPurpose = false;

  constructor(workerFile: string, onMessage: (message: FromWorker) => void, onExit: (code: number, error?: Error) => void) {
    this.worker = new Worker(workerFile);
    this.worker.on('message', onMessage);
    let failure: Error | undefined;
    this.worker.on('error', (error) => (failure = error));
    this.worker.on('exit', (code) => {
      this.exited = true;
      onExit(code, failure);
    });
  }

  send(message: ToWorker): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  async stop(): Promise<void> {
    this.stoppedOnPurpose = true;
    if (this.exited) return;
    this.send({ type: 'stop' });
    await this.worker.terminate();
  }
}
