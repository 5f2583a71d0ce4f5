// OneToMany: a class (one-hot) to its word, spelled letter by letter.
import { kernel, noGrad, oneHot, Random, reshape, scope, Tensor } from '@recurrent/autograd';
import { describe, expect, it } from 'vitest';
import { OneToMany } from '../src/topologies/index.js';
import { accuracy, fit, report } from './tasks.js';

// Letters a–z are ids 0–25; start is 26, end 27.
const START = 26, END = 27, V = 28;
const WORDS = ['cat', 'dog', 'bird', 'fish', 'ant', 'cow', 'bee', 'frog'];
const spell = (word: string) => Array.from(word, (ch) => ch.charCodeAt(0) - 97);
const K = WORDS.length;
const classes = Array.from({ length: K }, (_v, i) => i);
const argmaxOf = (row: Float32Array) => row.indexOf(Math.max(...row));

describe('OneToMany: a class to its word', () => {
  it.each([
    // cell, layers, seed, steps
    ['lstm', 1, 21, 150],
    ['gru', 2, 21, 150],
  ] as const)('%s (%i layers) spells ≥ 95% of the 8 words exactly, greedy and by beam (seed %i)', (cell, numLayers, seed, steps) => {
    const net = new OneToMany({ cell, numLayers, inputSize: K, hiddenSize: 32, vocabularySize: V, startId: START, endId: END, seed });
    const rng = new Random(seed);
    fit(net.parameters(), steps, () => {
      // A batch of 16 classes drawn at random: words of different lengths side by side.
      const batch = Array.from({ length: 16 }, () => rng.int(K));
      return net.loss(oneHot(batch, K), batch.map((c) => spell(WORDS[c]!)));
    }, { lr: 0.02 });
    const expected = WORDS.map(spell);
    const greedy = accuracy(net.generate(oneHot(classes, K), 10), expected);
    const beam = accuracy(net.beamSearch(oneHot(classes, K), { beamWidth: 3, maxLength: 10 }), expected);
    report(`one-to-many ${cell} L${numLayers} greedy exact`, greedy);
    report(`one-to-many ${cell} L${numLayers} beam-3 exact`, beam);
    expect(greedy).toBeGreaterThanOrEqual(0.95);
    expect(beam).toBeGreaterThanOrEqual(0.95);
  });

  it('generate, one step at a time with the state carried, agrees with one teacher-forced pass over its output', () => {
    const net = new OneToMany({ cell: 'lstm', inputSize: 3, hiddenSize: 8, vocabularySize: V, startId: START, endId: END, seed: 2 });
    const vectors = oneHot([1], 3);
    const before = kernel().arena.used;
    const [word] = net.generate(vectors, 6) as [number[]];
    // generate runs in its own scope: nothing it made is left behind.
    expect(kernel().arena.used).toBe(before);
    expect(word.length).toBeGreaterThan(0);
    // Feed start + the word as one sequence: each step's argmax must be the next token it chose.
    const choices = scope(() => noGrad(() => {
      const { rnn, output } = net.decoder;
      const ids = [START, ...word.slice(0, -1)];
      const out = rnn.forward({ ids, vocabularySize: V, steps: ids.length, batch: 1 }, net.initialState(vectors)).output;
      const logits = output.forward(reshape(out, [ids.length, rnn.hiddenSize])).toArray();
      return ids.map((_id, t) => argmaxOf(logits.subarray(t * V, (t + 1) * V)));
    }));
    expect(choices).toEqual(word);
  });

  it('rejects vectors of the wrong size and bad symbols, with clear messages', () => {
    const net = new OneToMany({ cell: 'gru', inputSize: 4, hiddenSize: 8, vocabularySize: V, startId: START, endId: END });
    expect(() => net.generate(Tensor.zeros([2, 3]), 5)).toThrow('OneToMany.generate: vectors must be [B, 4], got [2, 3]');
    expect(() => net.generate(Tensor.zeros([2, 4]), 0)).toThrow('OneToMany.generate: maxLength must be an integer >= 1, got 0');
    expect(() => net.loss(Tensor.zeros([2, 4]), [[1]])).toThrow('OneToMany.loss: 1 target sequences for a batch of 2');
    expect(() => net.loss(Tensor.zeros([1, 4]), [[1, 28]])).toThrow(`OneToMany.loss: target 0, position 1 is 28, outside the vocabulary [0, ${V})`);
    expect(() => new OneToMany({ cell: 'gru', inputSize: 4, hiddenSize: 8, vocabularySize: V, startId: 0, endId: V }))
      .toThrow(`OneToMany: endId, position 0 is ${V}, outside the vocabulary [0, ${V})`);
  });
});
