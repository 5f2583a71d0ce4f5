// The benchmark's workload, one file run as is by Node and bundled by Vite into the browser's
// worker, so both sides time exactly the same code: CharLM training (one-hot input, one LSTM
// layer, H = 128, T = 32, B = 32, Adam 2e-3 — the topologies benchmark's workload), windows
// drawn by a seeded generator, 2 warm-up steps, the median of the timed ones.
import { Adam, Random, useBackend } from '@recurrent/autograd';
import { CharLM, randomWindows, trainStep } from '@recurrent/topologies';

/**
 * Characters per second of training on `text` (B·T over the wall time of one forward +
 * backward + Adam step, the scalar loss read back; building the batch is not timed).
 * @param {string} text
 * @param {{ hiddenSize?: number, seqLength?: number, batchSize?: number, warmup?: number, timed?: number }} [options]
 */
export async function trainingThroughput(text, options = {}) {
  const { hiddenSize = 128, seqLength = 32, batchSize = 32, warmup = 2, timed = 8 } = options;
  const kernel = await useBackend('auto');
  const lm = CharLM.fromTexts([text], { cell: 'lstm', hiddenSize, seed: 1 });
  const ids = lm.vocabulary.encode(text);
  const params = lm.parameters();
  const adam = new Adam(params, { lr: 2e-3 });
  const rng = new Random(1234);
  const times = [], losses = [];
  for (let i = 0; i < warmup + timed; i++) {
    const batch = randomWindows(ids, seqLength, batchSize, rng);
    const started = performance.now();
    losses.push(trainStep(params, adam, () => lm.loss(batch).loss, {}, i + 1).loss);
    if (i >= warmup) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1];
  return { backend: kernel.backend, charsPerSecond: (seqLength * batchSize) / (median / 1000), medianMs: median, steps: warmup + timed, firstLoss: losses[0], lastLoss: losses.at(-1) };
}
