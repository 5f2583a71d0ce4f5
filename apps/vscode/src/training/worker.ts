// The training worker's entry point: a TrainingLoop wired to the parent port. Training runs
// here, never on the extension host's thread.
import { parentPort } from 'node:worker_threads';
import type { ToWorker } from './protocol.js';
import { TrainingLoop } from './loop.js';

if (!parentPort) throw new Error('the training worker must run in a worker thread');
const port = parentPort;
const loop = new TrainingLoop((message, transfer) => port.postMessage(message, transfer ?? []));
port.on('message', (message: ToWorker) => {
  loop.handle(message);
  if (message.type === 'stop') port.close();
});
