import { Random, type Tensor } from '@recurrent/autograd';
import { describe, expect, it } from 'vitest';
import { CharLM, type CharLMCheckpoint } from '../src/text/char-lm.js';
import { probabilities, sampleIndex } from '../src/text/sampling.js';
import { CharVocabulary } from '../src/text/vocabulary.js';
import type { RecurrentStepper } from '../src/text/stepper.js';

const TEXT = 'the cat sat on the mat. the dog sat on the log. '.repeat(12);

describe('CharVocabulary', () => {
  it('has one symbol per code point, astral ones included, and the unknown symbol at 0', () => {
    const v = CharVocabulary.fromText(['ab𝄞', 'b😀a']);
    expect(v.symbols).toEqual(['\uFFFD', 'a', 'b', '𝄞', '😀']);
    expect(Array.from(v.encode('a😀?𝄞'))).toEqual([1, 4, 0, 3]);
    expect(v.decode(v.encode('b𝄞a😀'))).toBe('b𝄞a😀');
    expect(() => v.decode([7])).toThrow(/outside \[0, 5\)/);
  });

  it('keeps the most frequent symbols when capped', () => {
    const v = CharVocabulary.fromText('aaabbc', { maxSize: 2 });
    expect(v.symbols).toEqual(['\uFFFD', 'a', 'b']);
    expect(v.id('c')).toBe(0);
  });
});

describe('sampling', () => {
  it('topK 1 and temperature 0 are greedy; topP keeps the nucleus only', () => {
    const logits = [0.1, 2, 1.9, -1];
    const rng = new Random(1);
    for (let i = 0; i < 20; i++) {
      expect(sampleIndex(logits, rng, { topK: 1 })).toBe(1);
      expect(sampleIndex(logits, rng, { temperature: 0 })).toBe(1);
      // p(1) ≈ 0.48 already reaches topP = 0.4, so the nucleus is {1} alone.
      expect([1]).toContain(sampleIndex(logits, rng, { topP: 0.4 }));
      expect([1, 2]).toContain(sampleIndex(logits, rng, { topK: 2 }));
    }
    const p = probabilities(logits);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('draws in proportion to the probabilities', () => {
    const logits = [Math.log(0.7), Math.log(0.2), Math.log(0.1)];
    const rng = new Random(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[sampleIndex(logits, rng)]!++;
    expect(counts[0]! / 20000).toBeCloseTo(0.7, 1);
    expect(counts[2]! / 20000).toBeCloseTo(0.1, 1);
  });
});

describe('CharLM', () => {
  const config = { cell: 'lstm' as const, hiddenSize: 24, seed: 1 };
  const fitOptions = { steps: 30, seqLength: 16, batchSize: 8, lr: 0.01, seed: 2 };

  it('learns: the loss falls well below the uniform guess, and greedy text repeats the corpus', async () => {
    const lm = CharLM.fromTexts([TEXT], config);
    const result = await lm.fit([TEXT], { ...fitOptions, steps: 150 });
    expect(result.losses[0]).toBeCloseTo(Math.log(lm.vocabulary.size), 0);
    expect(result.losses.at(-1)!).toBeLessThan(1.0);
    expect(lm.predict('the cat sat on the', 5)).toBe(' mat.');
    const { bitsPerChar, accuracy, characters } = lm.evaluate(TEXT.slice(0, 200));
    expect(characters).toBe(199);
    expect(bitsPerChar).toBeLessThan(1.5);
    expect(accuracy).toBeGreaterThan(0.7);
  });

  it('evaluate equals the mean −log2 p of each next character, computed step by step', async () => {
    const lm = CharLM.fromTexts([TEXT], config);
    await lm.fit([TEXT], { ...fitOptions, steps: 5 });
    const text = 'the dog sat';
    const ids = lm.vocabulary.encode(text);
    const stepper = lm.stepper();
    let bits = 0;
    for (let t = 0; t + 1 < ids.length; t++) {
      stepper.feed(ids[t]!);
      bits -= Math.log2(probabilities(stepper.logits())[ids[t + 1]!]!);
    }
    expect(lm.evaluate(text).bitsPerChar).toBeCloseTo(bits / (ids.length - 1), 4);
  });

  it('is deterministic: the same seed gives the same loss curve, bit for bit', async () => {
    const a = await CharLM.fromTexts([TEXT], config).fit([TEXT], fitOptions);
    const b = await CharLM.fromTexts([TEXT], config).fit([TEXT], fitOptions);
    expect(b.losses).toEqual(a.losses);
    const c = await CharLM.fromTexts([TEXT], config).fit([TEXT], { ...fitOptions, seed: 3 });
    expect(c.losses).not.toEqual(a.losses);
  });

  it.each([false, true])('resumes from a checkpoint on the same loss curve (truncated BPTT: %s)', async (truncatedBptt) => {
    const options = { ...fitOptions, steps: 12, truncatedBptt, checkpointEvery: 6 };
    const whole = await CharLM.fromTexts([TEXT], config).fit([TEXT], options);

    const first = CharLM.fromTexts([TEXT], config);
    let saved: { checkpoint: CharLMCheckpoint; weights: Float32Array[] } | undefined;
    await first.fit([TEXT], { ...options, steps: 6 }, {
      onCheckpoint: (checkpoint) => {
        saved ??= { checkpoint: structuredClone(checkpoint), weights: first.parameters().map((p) => p.toArray()) };
      },
    });
    const second = CharLM.fromTexts([TEXT], config);
    second.parameters().forEach((p, i) => p.set(saved!.weights[i]!));
    const rest = await second.fit([TEXT], { ...options, steps: 6 }, { resume: saved!.checkpoint });
    expect(rest.losses).toEqual(whole.losses);
  });

  it('stops when cancelled and after `patience` evaluations without improvement', async () => {
    const controller = new AbortController();
    const lm = CharLM.fromTexts([TEXT], config);
    const cancelled = await lm.fit([TEXT], { ...fitOptions, steps: 100 }, {
      signal: controller.signal,
      onProgress: (p) => { if (p.step === 3) controller.abort(); },
    });
    expect(cancelled.stoppedBy).toBe('cancelled');
    expect(cancelled.losses).toHaveLength(3);

    // lr 0 cannot improve the validation loss: stop after `patience` evaluations past the first.
    const stalled = await CharLM.fromTexts([TEXT], config).fit([TEXT], {
      ...fitOptions, steps: 100, lr: 0, validationFraction: 0.2, evalEvery: 2, patience: 2,
    });
    expect(stalled.stoppedBy).toBe('early-stopping');
    expect(stalled.validationLosses).toHaveLength(3);
    expect(stalled.losses).toHaveLength(6);
  });

  it('samples reproducibly from a seed, and greedy decoding is sampling at temperature 0', async () => {
    const lm = CharLM.fromTexts([TEXT], config);
    await lm.fit([TEXT], { ...fitOptions, steps: 20 });
    expect(lm.sample('the ', 30, { seed: 5, temperature: 0.9 })).toBe(lm.sample('the ', 30, { seed: 5, temperature: 0.9 }));
    expect(lm.sample('the ', 30, { temperature: 0 })).toBe(lm.predict('the ', 30));
  });

  it('gives clear errors for empty or too little text and bad options', async () => {
    expect(() => CharLM.fromTexts(['', ''], config)).toThrow(/empty/);
    const lm = CharLM.fromTexts([TEXT], config);
    await expect(lm.fit(['short'], fitOptions)).rejects.toThrow(/too few/);
    await expect(lm.fit([TEXT], { ...fitOptions, seqLength: 0 })).rejects.toThrow(/seqLength/);
    expect(() => lm.predict('', 3)).toThrow(/prefix/);
    expect(() => lm.evaluate('a')).toThrow(/two characters/);
  });

  it('maps characters it never saw to the unknown symbol instead of failing', () => {
    const lm = CharLM.fromTexts(['abc'], config);
    expect(() => lm.predict('xyz', 3)).not.toThrow();
    expect(lm.evaluate('zzzz').characters).toBe(3);
  });
});

describe('RecurrentStepper', () => {
  it('gives the logits of the full forward pass, step by step, and restores saved states', async () => {
    for (const cell of ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'] as const) {
      const lm = CharLM.fromTexts([TEXT], { cell, hiddenSize: 12, numLayers: 2, seed: 4 });
      const text = 'the cat';
      const ids = lm.vocabulary.encode(text);
      const stepper = lm.stepper();
      const steps: Float32Array[] = [];
      for (const id of ids) {
        stepper.feed(id);
        steps.push(stepper.logits().slice());
      }
      const { output } = lm.rnn.forward({ ids, vocabularySize: lm.vocabulary.size, steps: ids.length, batch: 1 });
      const logits = output.toArray();
      const W = lm.head.weight.toArray(), b = lm.head.bias.toArray(), H = 12, V = lm.vocabulary.size;
      steps.forEach((s, t) => {
        for (let v = 0; v < V; v++) {
          let z = b[v]!;
          for (let j = 0; j < H; j++) z += W[v * H + j]! * logits[t * H + j]!;
          expect(Math.abs(s[v]! - z)).toBeLessThan(1e-5);
        }
      });
      const saved = stepper.saveState();
      stepper.feed(1);
      stepper.restoreState(saved);
      expect(Array.from(stepper.logits())).toEqual(Array.from(steps.at(-1)!));
    }
  });

  it('with int8 recurrent weights, computes what float32 weights rounded to a level per row compute, and follows weightsChanged', () => {
    /** Each row of a matrix rounded to its nearest of 255 levels, s = max |row| / 127. */
    const roundRows = (t: Tensor) => {
      const [rows, cols] = t.shape as [number, number];
      const w = t.toArray();
      for (let r = 0; r < rows; r++) {
        const row = w.subarray(r * cols, (r + 1) * cols);
        const s = Math.max(...row.map(Math.abs)) / 127;
        if (s > 0) row.forEach((v, j) => (row[j] = Math.round(v / s) * s));
      }
      t.set(w);
    };
    const ids = [3, 1, 4, 1, 5, 9, 2, 6];
    for (const cell of ['lstm', 'gru', 'rnn_tanh'] as const) {
      const lm = CharLM.fromTexts([TEXT], { cell, hiddenSize: 12, numLayers: 2, seed: 5 });
      const float = lm.stepper();
      const int8 = lm.stepper({ weights: 'int8' });
      const logits = (s: RecurrentStepper) => ids.map((id) => (s.feed(id), Array.from(s.logits())));
      const before = logits(float);
      // The int8 copies against the float32 model: the rounding of the weights shows, a little.
      const worst = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, t) => row.map((v, i) => Math.abs(v - b[t]![i]!))));
      int8.reset();
      expect(worst(logits(int8), before)).toBeLessThan(0.05);
      // With the float32 weights rounded the same way, only x's int16 rounding is left.
      const matrices = lm.rnn.weights.flatMap((l, i) => [l[0]!.weightHh, ...(i > 0 ? [l[0]!.weightIh] : [])]);
      for (const w of matrices) roundRows(w);
      float.reset();
      int8.reset();
      expect(worst(logits(int8), logits(float))).toBeLessThan(2e-3);
      // Weights changed in place: the copies hold the old ones until weightsChanged.
      const followsChange = (weights: Tensor[], change: (v: number) => number) => {
        for (const w of weights) w.set(w.toArray().map(change));
        float.reset();
        const changed = logits(float);
        int8.reset();
        expect(worst(logits(int8), changed)).toBeGreaterThan(0.01);
        int8.weightsChanged();
        int8.reset();
        expect(worst(logits(int8), changed)).toBeLessThan(2e-3);
      };
      followsChange(matrices, (v) => -v);
      // The first layer's one-hot columns are a copy too (W_ih transposed).
      followsChange([lm.rnn.weights[0]![0]!.weightIh], (v) => v * 1.5 + 0.1);
    }
  });
});
