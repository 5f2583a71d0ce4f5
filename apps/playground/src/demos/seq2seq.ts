import { Random } from '@recurrent/autograd';
import { randomSequence, reversed, Seq2Seq } from '@recurrent/topologies';
import { accuracy, adamSteps, type Demo, parseDigits } from './demo.js';

const START = 10, END = 11, MAX_DIGITS = 5;
const strip = (ids: number[]) => ids.filter((id) => id < 10);

/**
 * Encoder–decoder: a sequence in, a sequence out — reverse a string of digits. The encoder
 * squeezes it into one state, the decoder unfolds it (teacher forcing while training), decoded
 * greedily and by beam search (the CLI's `demo seq2seq`: an LSTM of 64, Adam 0.01, up to 5 digits).
 */
export function seq2seq(seed: number): Demo {
  const rng = new Random(seed + 5);
  const net = new Seq2Seq({ cell: 'lstm', sourceVocabularySize: 10, targetVocabularySize: 12, hiddenSize: 64, startId: START, endId: END, seed });
  const step = adamSteps(net.parameters(), 0.01);
  return {
    series: ['encoder–decoder'],
    steps: 250,
    step: () => [step(() => {
      const sources = Array.from({ length: 32 }, () => randomSequence(1 + rng.int(MAX_DIGITS), 10, rng));
      return net.loss(sources, sources.map((s) => [...reversed(s), END]));
    })],
    results: () => {
      const test = Array.from({ length: 50 }, () => randomSequence(1 + rng.int(MAX_DIGITS), 10, rng));
      const greedy = net.greedy(test, MAX_DIGITS + 1).map(strip);
      const beam = net.beamSearch(test, { beamWidth: 4, maxLength: MAX_DIGITS + 1 }).map(strip);
      const expected = test.map(reversed);
      return {
        metrics: { greedyAccuracy: accuracy(greedy, expected), beamAccuracy: accuracy(beam, expected) },
        lines: [
          `exactly reversed: greedy ${(100 * accuracy(greedy, expected)).toFixed(0)}%, beam search (4) ${(100 * accuracy(beam, expected)).toFixed(0)}%`,
          ...test.slice(0, 4).map((s, i) => `${s.join('')} → ${greedy[i]!.join('')}   (beam: ${beam[i]!.join('')})`),
        ],
      };
    },
    tryIt: (input) => {
      const digits = parseDigits(input, MAX_DIGITS + 2);
      const [greedy] = net.greedy([digits], digits.length + 1).map(strip);
      const [beam] = net.beamSearch([digits], { beamWidth: 4, maxLength: digits.length + 1 }).map(strip);
      return `${digits.join('')} → greedy ${greedy!.join('')}, beam ${beam!.join('')} (truth: ${reversed(digits).join('')})`;
    },
  };
}
