// OneToOne: a feed-forward net learns the XOR of two signs; bagOfWords counts words.
import { kernel, Random, Tensor } from '@recurrent/autograd';
import { describe, expect, it } from 'vitest';
import { bagOfWords, OneToOne } from '../src/topologies/index.js';
import { accuracy, fit, report } from './tasks.js';

/** n points uniform in [−1, 1]², labelled 1 when x and y have the same sign (XOR of the signs). */
function quadrants(n: number, rng: Random): { x: Tensor; labels: number[] } {
  const values: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1), b = rng.uniform(-1, 1);
    values.push(a, b);
    labels.push(a * b > 0 ? 1 : 0);
  }
  return { x: Tensor.fromArray(values, [n, 2]), labels };
}

describe('OneToOne', () => {
  it.each(['tanh', 'relu'] as const)('learns XOR of the signs with %s to ≥ 95% on held-out points (seed 1)', (activation) => {
    const rng = new Random(1);
    const train = quadrants(256, rng);
    const test = quadrants(500, rng);
    const net = new OneToOne({ inputSize: 2, hiddenSizes: [16, 16], numClasses: 2, activation, seed: 1 });
    // A linear classifier cannot do better than chance here: the hidden layers are what learns it.
    const losses = fit(net.parameters(), 400, () => net.loss(train.x, train.labels), { lr: 0.02 });
    const acc = accuracy(net.predict(test.x), test.labels);
    report(`one-to-one XOR ${activation}`, acc);
    expect(acc).toBeGreaterThanOrEqual(0.95);
    expect(losses.at(-1)!).toBeLessThan(0.2 * losses[0]!);
  });

  it('keeps the arena flat across training steps (each step in a scope)', () => {
    const rng = new Random(2);
    const data = quadrants(64, rng);
    const net = new OneToOne({ inputSize: 2, hiddenSizes: [8], numClasses: 2, seed: 2 });
    const used: number[] = [];
    fit(net.parameters(), 30, (step) => {
      if (step === 10 || step === 29) used.push(kernel().arena.used);
      return net.loss(data.x, data.labels);
    });
    expect(used[1]).toBe(used[0]);
  });

  it('is deterministic: the same seed gives the same logits, another seed others', () => {
    const x = Tensor.fromArray([0.5, -0.25, 1, 0], [2, 2]);
    const logits = (seed: number) => new OneToOne({ inputSize: 2, numClasses: 3, seed }).forward(x).toArray();
    expect(logits(7)).toEqual(logits(7));
    expect(logits(7)).not.toEqual(logits(8));
  });

  it('bagOfWords counts every word of each sequence', () => {
    expect(Array.from(bagOfWords([[0, 2, 2], [3], []], 4).toArray())).toEqual([1, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('rejects inputs of the wrong width, bad labels and bad options with clear messages', () => {
    const net = new OneToOne({ inputSize: 3, numClasses: 2 });
    expect(() => net.forward(Tensor.zeros([4, 2]))).toThrow('OneToOne.forward: x must be [B, 3], got [4, 2]');
    expect(() => net.loss(Tensor.zeros([2, 3]), [0])).toThrow('OneToOne.loss: 1 labels for 2 examples');
    expect(() => net.loss(Tensor.zeros([2, 3]), [0, 2])).toThrow('OneToOne.loss: labels, position 1 is 2, outside the classes [0, 2)');
    expect(() => new OneToOne({ inputSize: 3, numClasses: 0 })).toThrow('OneToOne: numClasses must be an integer >= 1, got 0');
    expect(() => new OneToOne({ inputSize: 3, numClasses: 2, activation: 'sigmoid' as 'tanh' })).toThrow(/activation must be 'tanh' or 'relu'/);
    expect(() => bagOfWords([[0, 5]], 4)).toThrow('bagOfWords: sequence 0, position 1 is 5, outside the vocabulary [0, 4)');
  });
});
