import { describe, expect, it } from 'vitest';
// Training threads load the built package (a thread cannot run TypeScript), so this test drives
// the build, as a user of the package has it, not ../src.
import { ByteVocabulary, CharLM, type CharLMCheckpoint, type CharLMConfig, type FitOptions } from '../dist/index.js';

const TEXT = 'the cat sat on the mat; the dog sat on the log. a bird sang in the tree. '.repeat(20);

async function trained(config: CharLMConfig, options: FitOptions, resume?: CharLMCheckpoint, lm = CharLM.fromTexts([TEXT], config)) {
  const result = await lm.fit([TEXT], options, resume ? { resume } : {});
  return { lm, result, weights: lm.parameters().map((p) => p.toArray()) };
}

function largestDifference(a: readonly Float32Array[] | readonly number[], b: readonly Float32Array[] | readonly number[]): number {
  const flat = (x: readonly Float32Array[] | readonly number[]) => (typeof x[0] === 'number' ? (x as number[]) : (x as Float32Array[]).flatMap((t) => Array.from(t)));
  const [p, q] = [flat(a), flat(b)];
  expect(p.length).toBe(q.length);
  return p.reduce((worst, v, i) => Math.max(worst, Math.abs(v - q[i]!)), 0);
}

describe('CharLM.fit over threads', () => {
  const lstm: CharLMConfig = { cell: 'lstm', hiddenSize: 24, seed: 5 };
  const fit: FitOptions = { steps: 12, seqLength: 16, batchSize: 7, lr: 5e-3, clipNorm: 1 };

  it('equals one thread within float rounding, and repeats itself exactly for a given count', async () => {
    const one = await trained(lstm, { ...fit, threads: 1 });
    const two = await trained(lstm, { ...fit, threads: 2 });
    const three = await trained(lstm, { ...fit, threads: 3 });
    const again = await trained(lstm, { ...fit, threads: 3 });
    // Shards of 7 sequences: 4 + 3 and 3 + 2 + 2; the sums differ from one thread's in rounding only.
    expect(largestDifference(two.result.losses, one.result.losses)).toBeLessThan(1e-5);
    expect(largestDifference(three.result.losses, one.result.losses)).toBeLessThan(1e-5);
    expect(largestDifference(three.weights, one.weights)).toBeLessThan(1e-5);
    expect(again.result.losses).toEqual(three.result.losses);
    expect(again.weights).toEqual(three.weights);
    expect(one.result.losses.at(-1)!).toBeLessThan(one.result.losses[0]! - 0.3);
  }, 60_000);

  it('carries truncated BPTT state through each shard, two layers of GRU', async () => {
    const gru: CharLMConfig = { cell: 'gru', hiddenSize: 16, numLayers: 2, seed: 8 };
    const options: FitOptions = { ...fit, truncatedBptt: true, batchSize: 6 };
    const one = await trained(gru, { ...options, threads: 1 });
    const three = await trained(gru, { ...options, threads: 3 });
    expect(largestDifference(three.result.losses, one.result.losses)).toBeLessThan(1e-5);
    expect(largestDifference(three.result.checkpoint.carriedH!, one.result.checkpoint.carriedH!)).toBeLessThan(1e-5);
    expect(three.result.checkpoint.carriedH!.some((v) => v !== 0)).toBe(true);
  }, 60_000);

  it('resumes a threaded run to the same weights as an unbroken one', async () => {
    const options: FitOptions = { ...fit, truncatedBptt: true, threads: 2 };
    const whole = await trained(lstm, options);
    const first = await trained(lstm, { ...options, steps: 5 });
    const rest = await trained(lstm, { ...options, steps: 7 }, first.result.checkpoint, first.lm);
    expect(rest.result.losses).toEqual(whole.result.losses);
    expect(rest.weights).toEqual(whole.weights);
  }, 60_000);

  it('draws dropout per shard (repeatable) and trains an embedding over bytes', async () => {
    const config: CharLMConfig = { cell: 'lstm', hiddenSize: 16, numLayers: 2, dropout: 0.3, embeddingSize: 6, seed: 2 };
    const run = () => trained(config, { ...fit, threads: 2 }, undefined, new CharLM(new ByteVocabulary(), config));
    const [a, b] = [await run(), await run()];
    expect(a.result.losses).toEqual(b.result.losses);
    expect(a.weights).toEqual(b.weights);
    expect(a.result.losses.at(-1)!).toBeLessThan(a.result.losses[0]!);
  }, 60_000);

  it('copies weights and gradients in the messages where memory cannot be shared, with the same results', async () => {
    const shared = await trained(lstm, { ...fit, threads: 2 });
    // A browser page that is not cross-origin isolated has no SharedArrayBuffer.
    const original = globalThis.SharedArrayBuffer;
    Object.defineProperty(globalThis, 'SharedArrayBuffer', { value: undefined, configurable: true, writable: true });
    try {
      const copied = await trained(lstm, { ...fit, threads: 2 });
      expect(copied.result.losses).toEqual(shared.result.losses);
      expect(copied.weights).toEqual(shared.weights);
    } finally {
      Object.defineProperty(globalThis, 'SharedArrayBuffer', { value: original, configurable: true, writable: true });
    }
  }, 60_000);

  it('uses no more threads than sequences, and refuses a thread count that is not a positive integer', async () => {
    const one = await trained(lstm, { ...fit, batchSize: 2, threads: 1 });
    const many = await trained(lstm, { ...fit, batchSize: 2, threads: 8 });
    expect(largestDifference(many.result.losses, one.result.losses)).toBeLessThan(1e-5);
    for (const threads of [0, 1.5, Number.NaN]) {
      await expect(CharLM.fromTexts([TEXT], lstm).fit([TEXT], { ...fit, threads })).rejects.toThrow(/threads must be a positive integer/);
    }
  }, 60_000);
});
