import { Random } from '@recurrent/autograd';
import { randomSequence, reversed, Seq2Seq } from '@recurrent/topologies';
import { accuracy, type DemoOutput, effort, trainLive } from './live.js';

const START = 10, END = 11;

/**
 * many-to-many, encoder–decoder: a sequence in, a sequence of its own length out — translation.
 * The encoder squeezes the digits into one state; the decoder unfolds them reversed, trained with
 * teacher forcing, decoded greedily and by beam search.
 */
export async function seq2seqDemo(out: DemoOutput, seed: number, brief: boolean) {
  out.title('seq2seq (encoder–decoder) — reverse a string of digits');
  const rng = new Random(seed + 5);
  const maxDigits = brief ? 5 : 7;
  const net = new Seq2Seq({ cell: 'lstm', sourceVocabularySize: 10, targetVocabularySize: 12, hiddenSize: 64, startId: START, endId: END, seed });
  await trainLive(out, 'training', net.parameters(), effort(brief, 500, 250), () => {
    const sources = Array.from({ length: 32 }, () => randomSequence(1 + rng.int(maxDigits), 10, rng));
    return net.loss(sources, sources.map((s) => [...reversed(s), END]));
  }, { lr: 0.01 });
  const test = Array.from({ length: 50 }, () => randomSequence(1 + rng.int(maxDigits), 10, rng));
  const expected = test.map(reversed);
  const strip = (ids: number[]) => ids.filter((id) => id < 10);
  const greedy = net.greedy(test, maxDigits + 1).map(strip);
  const beam = net.beamSearch(test, { beamWidth: 4, maxLength: maxDigits + 1 }).map(strip);
  for (let i = 0; i < 4; i++) out.line(`    ${test[i]!.join('')} → ${greedy[i]!.join('')}   (beam: ${beam[i]!.join('')})`);
  const greedyAccuracy = accuracy(greedy, expected), beamAccuracy = accuracy(beam, expected);
  out.line(`  exactly reversed: greedy ${(100 * greedyAccuracy).toFixed(0)}%, beam search (4) ${(100 * beamAccuracy).toFixed(0)}%`);
  return { greedyAccuracy, beamAccuracy };
}
