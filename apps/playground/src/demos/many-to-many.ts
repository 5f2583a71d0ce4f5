import { Random } from '@recurrent/autograd';
import { randomSequence, risingTags, SequenceTagger } from '@recurrent/topologies';
import { adamSteps, type Demo, parseDigits } from './demo.js';

const show = (tags: number[]) => tags.map((t) => (t === 1 ? '↑' : '·')).join(' ');

/**
 * many-to-many, aligned: one output per input — tag each digit ↑ when it rises above the one
 * before, which needs the step before in the state (the CLI's `demo many-to-many`: a GRU of 32,
 * Adam 0.01).
 */
export function manyToMany(seed: number): Demo {
  const rng = new Random(seed + 4);
  const net = new SequenceTagger({ cell: 'gru', vocabularySize: 10, hiddenSize: 32, numClasses: 2, seed });
  const step = adamSteps(net.parameters(), 0.01);
  return {
    series: ['GRU tagger'],
    steps: 120,
    step: () => [step(() => {
      const batch = Array.from({ length: 32 }, () => randomSequence(3 + rng.int(8), 10, rng));
      return net.loss(batch, batch.map(risingTags));
    })],
    results: () => {
      const test = Array.from({ length: 100 }, () => randomSequence(4 + rng.int(8), 10, rng));
      const predicted = net.predict(test);
      let right = 0, total = 0;
      test.forEach((digits, b) => risingTags(digits).forEach((tag, t) => { total++; if (predicted[b]![t] === tag) right++; }));
      return {
        metrics: { tokenAccuracy: right / total },
        lines: [`tags right on unseen sequences: ${(100 * right / total).toFixed(1)}%`, ...test.slice(0, 3).flatMap((d, b) => [d.join(' '), show(predicted[b]!)])],
      };
    },
    tryIt: (input) => {
      const digits = parseDigits(input);
      return `${digits.join(' ')}\n${show(net.predict([digits])[0]!)}   (truth: ${show(risingTags(digits))})`;
    },
  };
}
