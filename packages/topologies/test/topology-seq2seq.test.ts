// Seq2Seq: reverse digit strings of varying lengths; greedy and beam decoding.
import { Random } from '@recurrent/autograd';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BeamHypothesis, Seq2Seq } from '../src/topologies/index.js';
import { accuracy, fit, randomSequence, report } from './tasks.js';

// Source: digits 0–9. Target: digits 0–9, start 10, end 11.
const START = 10, END = 11;
const MAX_LENGTH = 12;

/** n digit strings of lengths 1–7. */
function strings(n: number, rng: Random): number[][] {
  return Array.from({ length: n }, () => randomSequence(1 + rng.int(7), 10, rng));
}
const reversed = (s: readonly number[]) => [...s].reverse();
const total = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('Seq2Seq reversing digit strings (LSTM, H 64, 500 Adam steps, seed 31)', () => {
  const seed = 31;
  const rng = new Random(seed);
  const testSet = strings(100, rng);
  const expected = testSet.map(reversed);
  const net = new Seq2Seq({ cell: 'lstm', sourceVocabularySize: 10, targetVocabularySize: 12, hiddenSize: 64, startId: START, endId: END, seed });
  let losses: number[] = [];

  // Trained once for the decoding tests; a fresh batch of strings every step.
  beforeAll(() => {
    losses = fit(net.parameters(), 500, () => {
      const batch = strings(32, rng);
      return net.loss(batch, batch.map(reversed));
    }, { lr: 0.01 });
  }, 60_000);

  it('learns: the loss falls below a tenth of where it started', () => {
    report('seq2seq final loss', losses.at(-1)!);
    expect(losses.at(-1)!).toBeLessThan(0.1 * losses[0]!);
  });

  it('greedy decoding reverses ≥ 80% of 100 held-out strings exactly', () => {
    const acc = accuracy(net.greedy(testSet, MAX_LENGTH), expected);
    report('seq2seq greedy exact', acc);
    expect(acc).toBeGreaterThanOrEqual(0.8);
  });

  it('beam search (width 4) is at least as good as greedy on the same strings, and finds likelier outputs', () => {
    const greedyOut = net.greedy(testSet, MAX_LENGTH);
    const beamOut = net.beamSearch(testSet, { beamWidth: 4, maxLength: MAX_LENGTH });
    const beam = accuracy(beamOut, expected);
    report('seq2seq beam-4 exact', beam);
    // Not a theorem (a likelier output can be the wrong one); measured with this seed.
    expect(beam).toBeGreaterThanOrEqual(accuracy(greedyOut, expected));
    // What beam search does optimise: the model's log-probability of its output.
    expect(total(net.logProbability(testSet, beamOut))).toBeGreaterThanOrEqual(total(net.logProbability(testSet, greedyOut)));
  });

  it('beam search of width 1 is greedy decoding', () => {
    expect(net.beamSearch(testSet, { beamWidth: 1, maxLength: MAX_LENGTH })).toEqual(net.greedy(testSet, MAX_LENGTH));
    // Also where maxLength cuts the outputs short, before the end symbol.
    expect(net.beamSearch(testSet, { beamWidth: 1, maxLength: 2 })).toEqual(net.greedy(testSet, 2));
  });

  it('scores hypotheses by summed log-probabilities, the same as a teacher-forced pass, best first', () => {
    const [hypotheses] = net.beamHypotheses([[1, 2, 3]], { beamWidth: 4, maxLength: MAX_LENGTH }) as [BeamHypothesis[]];
    expect(hypotheses[0]!.tokens).toEqual([3, 2, 1]);
    const finished = hypotheses.filter((h) => h.finished);
    expect(finished.length).toBeGreaterThan(0);
    finished.forEach((h, i) => {
      expect(h.score).toBe(h.logProb); // lengthPenalty 0: the plain sum
      if (i > 0) expect(h.score).toBeLessThanOrEqual(finished[i - 1]!.score);
      // Step-by-step decoding with the state carried agrees with one pass over the whole output.
      expect(h.logProb).toBeCloseTo(net.logProbability([[1, 2, 3]], [h.tokens])[0]!, 4);
    });
    // A length penalty ranks by logProb / length^α, the end symbol counted in the length.
    const [normalised] = net.beamHypotheses([[1, 2, 3]], { beamWidth: 4, maxLength: MAX_LENGTH, lengthPenalty: 1 }) as [BeamHypothesis[]];
    const top = normalised[0]!;
    expect(top.score).toBeCloseTo(top.logProb / (top.tokens.length + 1), 12);
  });

  it('rejects bad sources, targets and decoding options with clear messages', () => {
    expect(() => net.loss([[1, 2]], [[2, 1], [1]])).toThrow('Seq2Seq.loss: 2 targets for 1 sources');
    expect(() => net.greedy([[1, 12]], 5)).toThrow('Seq2Seq.greedy: sequence 0, position 1 is 12, outside the vocabulary [0, 10)');
    expect(() => net.greedy([[]], 5)).toThrow('Seq2Seq.greedy: sequence 0 is empty; a recurrent layer needs at least one step');
    expect(() => net.beamSearch([[1]], { beamWidth: 0, maxLength: 5 })).toThrow('Seq2Seq.beamSearch: beamWidth must be an integer >= 1, got 0');
    expect(() => net.beamSearch([[1]], { beamWidth: 2, maxLength: 5, lengthPenalty: -1 }))
      .toThrow('Seq2Seq.beamSearch: lengthPenalty must be a finite number >= 0, got -1');
    expect(() => new Seq2Seq({ cell: 'gru', sourceVocabularySize: 10, targetVocabularySize: 12, hiddenSize: 8, startId: 12, endId: 11 }))
      .toThrow('Seq2Seq: startId, position 0 is 12, outside the vocabulary [0, 12)');
  });
});

describe('Seq2Seq with a 2-layer GRU', () => {
  it('reverses strings of lengths 1–4 with ≥ 80% exact greedy matches (H 48, 300 steps, seed 32)', () => {
    const rng = new Random(32);
    const short = (n: number) => Array.from({ length: n }, () => randomSequence(1 + rng.int(4), 10, rng));
    const testSet = short(100);
    const net = new Seq2Seq({ cell: 'gru', numLayers: 2, sourceVocabularySize: 10, targetVocabularySize: 12, hiddenSize: 48, startId: START, endId: END, seed: 32 });
    fit(net.parameters(), 300, () => {
      const batch = short(32);
      return net.loss(batch, batch.map(reversed));
    }, { lr: 0.01 });
    const acc = accuracy(net.greedy(testSet, MAX_LENGTH), testSet.map(reversed));
    report('seq2seq gru L2 greedy exact', acc);
    expect(acc).toBeGreaterThanOrEqual(0.8);
  });
});
