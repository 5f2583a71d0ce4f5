// SequenceTagger: label each digit of a sequence with whether it rose above the one before.
import { Random } from '@recurrent/autograd';
import { describe, expect, it } from 'vitest';
import { SequenceTagger } from '../src/topologies/index.js';
import { fit, randomSequence, report, risingTags, tokenAccuracy } from './tasks.js';

/** n digit sequences of lengths 2–9 with their tags. */
function risingData(n: number, rng: Random): { digits: number[][]; tags: number[][] } {
  const digits = Array.from({ length: n }, () => randomSequence(2 + rng.int(8), 10, rng));
  return { digits, tags: digits.map(risingTags) };
}

describe('SequenceTagger on "larger than the previous digit"', () => {
  it.each([
    // cell, seed, steps
    ['gru', 11, 300],
    ['lstm', 11, 300],
  ] as const)('%s tags held-out sequences ≥ 95% per token (seed %i)', (cell, seed, steps) => {
    const rng = new Random(seed);
    const test = risingData(200, rng);
    const net = new SequenceTagger({ cell, vocabularySize: 10, hiddenSize: 32, numClasses: 2, seed });
    fit(net.parameters(), steps, () => {
      // A fresh batch every step, of mixed lengths: padding and its ignored labels in every batch.
      const batch = risingData(32, rng);
      return net.loss(batch.digits, batch.tags);
    }, { lr: 0.01 });
    const acc = tokenAccuracy(net.predict(test.digits), test.tags);
    report(`many-to-many ${cell} per-token`, acc);
    expect(acc).toBeGreaterThanOrEqual(0.95);
  });

  it('gives one tag per real step and logits in time-major rows [T·B, C]', () => {
    const net = new SequenceTagger({ cell: 'rnn_tanh', vocabularySize: 10, hiddenSize: 4, numClasses: 3, bidirectional: true, seed: 1 });
    const { logits, batch } = net.forward([[1, 2, 3], [4]]);
    expect(logits.shape).toEqual([6, 3]);
    expect(batch.mask).toEqual([1, 1, 1, 0, 1, 0]);
    expect(net.predict([[1, 2, 3], [4]]).map((tags) => tags.length)).toEqual([3, 1]);
  });

  it('rejects tags that do not line up with the tokens, with clear messages', () => {
    const net = new SequenceTagger({ cell: 'gru', vocabularySize: 10, hiddenSize: 4, numClasses: 2 });
    expect(() => net.loss([[1, 2, 3]], [[0, 1]])).toThrow('SequenceTagger.loss: sequence 0 has 3 steps but 2 labels');
    expect(() => net.loss([[1, 2]], [[0, 1], [1]])).toThrow('SequenceTagger.loss: 2 label sequences for 1 input sequences');
    expect(() => net.loss([[1, 2]], [[0, 5]])).toThrow('SequenceTagger.loss: labels of sequence 0, position 1 is 5, outside the classes [0, 2)');
  });
});
