// ManyToOne: sentiment of short phrases where word order matters, against a bag-of-words baseline.
import { noGrad, Random, scope } from '@recurrent/autograd';
import { describe, expect, it } from 'vitest';
import { bagOfWords, ManyToOne, OneToOne } from '../src/topologies/index.js';
import { accuracy, fit, orderFlipped, phrase, report, sample, SENTIMENT_WORDS, sentimentPhrases, shuffled } from './tasks.js';

const V = SENTIMENT_WORDS.length;

// 312 phrases; a seeded quarter is held out. Held-out phrases are new combinations of clauses
// (and new clauses) of the same grammar.
const all = shuffled(sentimentPhrases(), new Random(5));
const testSet = all.slice(0, 78);
const trainSet = all.slice(78);
// Pairs with the same words in another order and the opposite label, e.g. "good , not bad" / "bad , not good".
const flippedPairs = all.flatMap((p) => {
  const q = orderFlipped(p);
  return q !== undefined && p.label === 1 ? [[p, q] as const] : [];
});

describe('ManyToOne on phrase sentiment', () => {
  it('the task needs word order: it has order-flipped pairs of opposite labels', () => {
    expect(flippedPairs.length).toBeGreaterThan(20);
    expect(phrase('good , not bad').label).toBe(1);
    expect(phrase('bad , not good').label).toBe(0);
  });

  it.each([
    // cell, bidirectional, seed, steps
    ['lstm', false, 3, 150],
    ['rnn_tanh', false, 3, 150],
    ['gru', true, 3, 150],
  ] as const)('%s (bidirectional %s) reaches ≥ 90% on held-out phrases (seed %i)', (cell, bidirectional, seed, steps) => {
    const net = new ManyToOne({ cell, bidirectional, vocabularySize: V, hiddenSize: 16, numClasses: 2, seed });
    const rng = new Random(seed);
    fit(net.parameters(), steps, () => {
      const batch = sample(trainSet, 32, rng);
      return net.loss(batch.map((p) => p.ids), batch.map((p) => p.label));
    }, { lr: 0.02 });
    const acc = accuracy(net.predict(testSet.map((p) => p.ids)), testSet.map((p) => p.label));
    const flipped = flippedPairs.flat();
    const flippedAcc = accuracy(net.predict(flipped.map((p) => p.ids)), flipped.map((p) => p.label));
    report(`many-to-one ${cell}${bidirectional ? ' bidirectional' : ''} held-out`, acc);
    report(`many-to-one ${cell}${bidirectional ? ' bidirectional' : ''} flipped pairs`, flippedAcc);
    expect(acc).toBeGreaterThanOrEqual(0.9);
    // And it tells the order-flipped pairs apart, which no bag of words can.
    expect(flippedAcc).toBeGreaterThanOrEqual(0.9);
  });

  it('the bag-of-words OneToOne gives identical outputs for "good , not bad" and "bad , not good"', () => {
    const net = new OneToOne({ inputSize: V, hiddenSizes: [16], numClasses: 2, seed: 4 });
    const rng = new Random(4);
    fit(net.parameters(), 150, () => {
      const batch = sample(trainSet, 32, rng);
      return net.loss(bagOfWords(batch.map((p) => p.ids), V), batch.map((p) => p.label));
    }, { lr: 0.02 });

    const [logitsA, logitsB] = scope(() => noGrad(() => [
      net.forward(bagOfWords([phrase('good , not bad').ids], V)).toArray(),
      net.forward(bagOfWords([phrase('bad , not good').ids], V)).toArray(),
    ]));
    expect(logitsA).toEqual(logitsB);
    expect(logitsA).not.toEqual(new Float32Array(2)); // trained, not a degenerate zero

    // So on the flipped pairs it is right exactly once per pair: 50%, whatever it learned.
    const flipped = flippedPairs.flat();
    const acc = accuracy(net.predict(bagOfWords(flipped.map((p) => p.ids), V)), flipped.map((p) => p.label));
    report('many-to-one bag-of-words flipped pairs', acc);
    expect(acc).toBe(0.5);
  });

  it('classifies from each sequence\'s own last step: padding a batch changes no prediction', () => {
    const net = new ManyToOne({ cell: 'lstm', vocabularySize: V, hiddenSize: 8, numClasses: 2, seed: 6, bidirectional: true });
    const short = phrase('not good').ids;
    const long = phrase('very bad , not very good').ids;
    const alone = scope(() => noGrad(() => net.forward([short]).toArray()));
    const padded = scope(() => noGrad(() => net.forward([long, short]).toArray()));
    // Equal up to float32 rounding: the kernel's product takes another path for a batch of one.
    alone.forEach((v, j) => expect(padded[2 + j]).toBeCloseTo(v, 6));
    // Without the mask the padded steps would be read as tokens 0 ("good") and change it.
    const unmasked = scope(() => noGrad(() => {
      const padding = new Array(long.length - short.length).fill(0);
      return net.forward([long, [...short, ...padding]]).toArray();
    }));
    expect(Math.abs(unmasked[2]! - alone[0]!)).toBeGreaterThan(1e-3);
  });

  it('replays exactly from its seed, dropout masks included', () => {
    const run = () => {
      const net = new ManyToOne({ cell: 'lstm', numLayers: 2, dropout: 0.3, vocabularySize: V, hiddenSize: 8, numClasses: 2, seed: 9 });
      const rng = new Random(9);
      const losses = fit(net.parameters(), 5, () => {
        const batch = sample(trainSet, 8, rng);
        return net.loss(batch.map((p) => p.ids), batch.map((p) => p.label));
      });
      return { losses, logits: scope(() => noGrad(() => net.forward([phrase('not bad').ids]).toArray())) };
    };
    const a = run(), b = run();
    expect(a.losses).toEqual(b.losses);
    expect(a.logits).toEqual(b.logits);
    // Dropout is on in loss() (training) and off in forward(): the same input twice gives one answer.
    const net = new ManyToOne({ cell: 'lstm', numLayers: 2, dropout: 0.5, vocabularySize: V, hiddenSize: 8, numClasses: 2, seed: 9 });
    const ids = [phrase('not bad').ids];
    const evaluate = () => scope(() => noGrad(() => net.forward(ids).toArray()));
    expect(evaluate()).toEqual(evaluate());
    const train = () => scope(() => noGrad(() => net.forward(ids, { training: true }).toArray()));
    expect(train()).not.toEqual(train());
  });

  it('rejects empty sequences, unknown tokens and mismatched labels with clear messages', () => {
    const net = new ManyToOne({ cell: 'gru', vocabularySize: V, hiddenSize: 4, numClasses: 2 });
    expect(() => net.forward([[0], []])).toThrow('ManyToOne.forward: sequence 1 is empty; a recurrent layer needs at least one step');
    expect(() => net.forward([[0, 9]])).toThrow(`ManyToOne.forward: sequence 0, position 1 is 9, outside the vocabulary [0, ${V})`);
    expect(() => net.forward([])).toThrow('ManyToOne.forward: needs at least one sequence');
    expect(() => net.loss([[0], [1]], [1])).toThrow('ManyToOne.loss: 1 labels for 2 examples');
    expect(() => net.loss([[0]], [2])).toThrow('ManyToOne.loss: labels, position 0 is 2, outside the classes [0, 2)');
  });
});
