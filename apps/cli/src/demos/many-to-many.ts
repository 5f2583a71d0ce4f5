import { Random } from '@recurrent/autograd';
import { randomSequence, risingTags, SequenceTagger } from '@recurrent/topologies';
import { type DemoOutput, effort, trainLive } from './live.js';

/**
 * many-to-many, aligned: one output per input — tagging (or next-character prediction, which
 * is what the editor does). Tag each digit ↑ when it is larger than the digit before it: the
 * answer at each step depends on the step before, which a recurrent state remembers.
 */
export async function manyToManyDemo(out: DemoOutput, seed: number, brief: boolean) {
  out.title('many-to-many (aligned) — tag each digit ↑ when it rises above the one before');
  const rng = new Random(seed + 4);
  const net = new SequenceTagger({ cell: 'gru', vocabularySize: 10, hiddenSize: 32, numClasses: 2, seed });
  await trainLive(out, 'training', net.parameters(), effort(brief, 200, 120), () => {
    const batch = Array.from({ length: 32 }, () => randomSequence(3 + rng.int(8), 10, rng));
    return net.loss(batch, batch.map(risingTags));
  }, { lr: 0.01 });
  const test = Array.from({ length: 100 }, () => randomSequence(4 + rng.int(8), 10, rng));
  const predicted = net.predict(test);
  let right = 0, total = 0;
  test.forEach((digits, b) => risingTags(digits).forEach((tag, t) => { total++; if (predicted[b]![t] === tag) right++; }));
  for (const digits of test.slice(0, 3)) {
    const tags = net.predict([digits])[0]!;
    out.line(`    ${digits.join(' ')}\n    ${tags.map((t) => (t === 1 ? '↑' : '·')).join(' ')}`);
  }
  out.line(`  tags right on unseen sequences: ${(100 * right / total).toFixed(1)}%`);
  return { tokenAccuracy: right / total };
}
