import { describe, expect, it } from 'vitest';
// The fit thread loads the built package (a thread cannot run TypeScript), so this test drives
// the build, as a user of the package has it, not ../src.
import { linearWarmup } from '@recurrent/autograd';
import { CharLM, type CharLMCheckpoint, type CharLMConfig, DivergedError, type FitOptions, fitInWorker, loadCharLM, type Progress, saveCharLM } from '../dist/index.js';

const TEXT = 'the cat sat on the mat; the dog sat on the log. a bird sang in the tree. '.repeat(20);
const lstm: CharLMConfig = { cell: 'lstm', hiddenSize: 24, seed: 5 };
const shape: FitOptions = { seqLength: 16, batchSize: 7, lr: 5e-3 };
const fit: FitOptions = { ...shape, steps: 12, clipNorm: 1 };

const weightsOf = (lm: CharLM) => lm.parameters().map((p) => p.toArray());

describe('fitInWorker', () => {
  it('gives the losses and the very weights of fit on this thread', async () => {
    // A schedule crosses as its values, truncated BPTT's state and the trainer's as in fit.
    for (const options of [
      { ...fit, schedule: linearWarmup(4) },
      { ...shape, epochs: 0.5, schedule: linearWarmup(2), truncatedBptt: true, validationFraction: 0.2, evalEvery: 3 },
    ]) {
      const here = CharLM.fromTexts([TEXT], lstm);
      const there = CharLM.fromTexts([TEXT], lstm);
      const expected = await here.fit([TEXT], options);
      const result = await fitInWorker(there, [TEXT], options);
      expect(result.losses).toEqual(expected.losses);
      expect(result.validationLosses).toEqual(expected.validationLosses);
      expect(result.checkpoint).toEqual(expected.checkpoint);
      expect(weightsOf(there)).toEqual(weightsOf(here));
    }
  }, 60_000);

  it('starts threads: n from inside the worker, the same run as threads: n here', async () => {
    const here = CharLM.fromTexts([TEXT], lstm);
    const there = CharLM.fromTexts([TEXT], lstm);
    const expected = await here.fit([TEXT], { ...fit, threads: 2 });
    const result = await fitInWorker(there, [TEXT], { ...fit, threads: 2 });
    expect(result.losses).toEqual(expected.losses);
    expect(weightsOf(there)).toEqual(weightsOf(here));
  }, 60_000);

  it('leaves this thread free while it trains', async () => {
    // Steps of tens of milliseconds: fit on this thread lets a timer in once per step at most
    // (it yields between steps); off the thread, the timer ticks all through each step.
    const lm = CharLM.fromTexts([TEXT], { cell: 'lstm', hiddenSize: 128, seed: 1 });
    const steps = 24;
    const options: FitOptions = { steps, seqLength: 64, batchSize: 32, lr: 5e-3 };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const result = await fitInWorker(lm, [TEXT], options);
      expect(result.losses).toHaveLength(steps);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(3 * steps);
  }, 60_000);

  it('stops after the current step when aborted, with the weights trained so far', async () => {
    const lm = CharLM.fromTexts([TEXT], lstm);
    const before = weightsOf(lm);
    const stop = new AbortController();
    const result = await fitInWorker(lm, [TEXT], { ...fit, steps: 2000 }, {
      onProgress: (p) => { if (p.step === 3) stop.abort(); },
      signal: stop.signal,
    });
    expect(result.stoppedBy).toBe('cancelled');
    // The abort crosses as a message, so the worker may have taken a step or two more.
    expect(result.losses.length).toBeGreaterThanOrEqual(3);
    expect(result.losses.length).toBeLessThan(2000);
    expect(result.checkpoint.trainer.step).toBe(result.losses.length);
    expect(weightsOf(lm)).not.toEqual(before);
    const reloaded = loadCharLM(saveCharLM(lm)).model;
    expect(reloaded.evaluate(TEXT)).toEqual(lm.evaluate(TEXT));
    expect(Number.isFinite(lm.evaluate(TEXT).bitsPerChar)).toBe(true);
    // Aborted before it starts: no step, the weights as they were.
    const trained = weightsOf(lm);
    const none = await fitInWorker(lm, [TEXT], fit, { signal: AbortSignal.abort() });
    expect(none.losses).toEqual([]);
    expect(none.stoppedBy).toBe('cancelled');
    expect(weightsOf(lm)).toEqual(trained);
  }, 60_000);

  it('rejects with the error of the worker, its class and message', async () => {
    const lm = CharLM.fromTexts([TEXT], lstm);
    const bad = fitInWorker(lm, [TEXT], { ...fit, seqLength: 0 });
    await expect(bad).rejects.toThrow('CharLM.fit: seqLength must be a positive integer, got 0');
    await expect(bad).rejects.toBeInstanceOf(RangeError);
    const diverged = fitInWorker(lm, [TEXT], { ...shape, steps: 12, optimizer: 'sgd', lr: 1e38 });
    await expect(diverged).rejects.toThrow(/^the loss became (Infinity|NaN) at step \d+; lower the learning rate/);
    await expect(diverged).rejects.toBeInstanceOf(DivergedError);
  }, 60_000);

  it('reports progress step by step, and checkpoints with their weights in the model', async () => {
    const lm = CharLM.fromTexts([TEXT], lstm);
    const progress: Progress[] = [];
    const saved: { checkpoint: CharLMCheckpoint; file: Uint8Array }[] = [];
    await fitInWorker(lm, [TEXT], { ...fit, checkpointEvery: 5 }, {
      onProgress: (p) => progress.push(p),
      onCheckpoint: async (checkpoint) => {
        await Promise.resolve();
        saved.push({ checkpoint, file: saveCharLM(lm) });
      },
    });
    expect(progress.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(progress.every((p) => p.totalSteps === 12 && Number.isFinite(p.loss))).toBe(true);
    expect(saved.map((s) => s.checkpoint.trainer.step)).toEqual([5, 10, 12]);
    // The model held the checkpoint's weights when it was saved: resuming there ends where the whole run did.
    const resumed = loadCharLM(saved[0]!.file).model;
    await resumed.fit([TEXT], { ...fit, steps: 7 }, { resume: saved[0]!.checkpoint });
    expect(weightsOf(resumed)).toEqual(weightsOf(lm));
  }, 60_000);
});
