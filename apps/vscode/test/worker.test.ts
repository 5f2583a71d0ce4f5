import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadCharLM } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../src/training/protocol.js';

const WORKER = fileURLToPath(new URL('../dist/worker.js', import.meta.url));
const TEXT = 'alpha beta gamma delta '.repeat(60);

// The bundled worker file as VS Code runs it: a real thread, the kernel inlined in the bundle.
describe('the bundled training worker', () => {
  it('trains in its own thread and sends back a loadable model', async () => {
    expect(existsSync(WORKER)).toBe(true);
    const worker = new Worker(WORKER);
    const messages: FromWorker[] = [];
    const model = new Promise<Extract<FromWorker, { type: 'model' }>>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        messages.push(m);
        if (m.type === 'model') resolve(m);
        if (m.type === 'error') reject(new Error(m.message));
      });
      worker.on('error', reject);
    });
    const send = (m: ToWorker) => worker.postMessage(m);
    send({ type: 'init', model: undefined, spec: { cell: 'lstm', hiddenSize: 16, layers: 1 }, training: { sequenceLength: 16, learningRate: 0.01, cpuBudget: 1 } });
    send({ type: 'document', key: 'a', text: TEXT });
    const snapshot = await model;
    expect(snapshot.step).toBeGreaterThan(0);
    expect(loadCharLM(snapshot.bytes).model.config.cell).toBe('lstm');
    expect(messages[0]?.type).toBe('ready');
    send({ type: 'stop' });
    await worker.terminate();
  });
});
