import { Random } from '@recurrent/autograd';
import { bagOfWords, ManyToOne, OneToOne, orderFlipped, phrase, SENTIMENT_WORDS, sentimentPhrases } from '@recurrent/topologies';
import { accuracy, type DemoOutput, effort, trainLive } from './live.js';

const V = SENTIMENT_WORDS.length;

/**
 * many-to-one: a sentence in, one label out (sentiment). The course's question "why not a
 * plain network?": a bag-of-words feed-forward net sees which words occur, not their order,
 * so "good , not bad" and "bad , not good" look identical to it. The RNN reads in order.
 */
export async function manyToOneDemo(out: DemoOutput, seed: number, brief: boolean) {
  out.title('many-to-one — sentiment, where word order flips the meaning');
  const rng = new Random(seed + 3);
  const all = sentimentPhrases();
  const shuffled = all.map((p) => [rng.next(), p] as const).sort((a, b) => a[0] - b[0]).map(([, p]) => p);
  const test = shuffled.slice(0, 60), train = shuffled.slice(60);
  const steps = effort(brief, 250, 150);

  const rnn = new ManyToOne({ cell: 'lstm', vocabularySize: V, hiddenSize: 16, numClasses: 2, seed });
  await trainLive(out, 'RNN (LSTM)          ', rnn.parameters(), steps, () => {
    const batch = Array.from({ length: 32 }, () => train[rng.int(train.length)]!);
    return rnn.loss(batch.map((p) => p.ids), batch.map((p) => p.label));
  }, { lr: 0.02 });
  const bow = new OneToOne({ inputSize: V, hiddenSizes: [16], numClasses: 2, seed });
  await trainLive(out, 'bag of words (no RNN)', bow.parameters(), steps, () => {
    const batch = Array.from({ length: 32 }, () => train[rng.int(train.length)]!);
    return bow.loss(bagOfWords(batch.map((p) => p.ids), V), batch.map((p) => p.label));
  }, { lr: 0.02 });

  const flipped = test.map(orderFlipped).filter((p) => p !== undefined);
  const score = (phrases: { ids: number[]; label: number }[]) => ({
    rnn: accuracy(rnn.predict(phrases.map((p) => p.ids)), phrases.map((p) => p.label)),
    bagOfWords: accuracy(bow.predict(bagOfWords(phrases.map((p) => p.ids), V)), phrases.map((p) => p.label)),
  });
  const unseen = score(test);
  const pairs = score(['good , not bad', 'bad , not good', 'not bad , good', 'not good , bad', 'great , not awful', 'awful , not great'].map(phrase));
  out.line(`  unseen phrases:            RNN ${(100 * unseen.rnn).toFixed(0)}%   bag of words ${(100 * unseen.bagOfWords).toFixed(0)}%`);
  out.line(`  same words, other order:   RNN ${(100 * pairs.rnn).toFixed(0)}%   bag of words ${(100 * pairs.bagOfWords).toFixed(0)}%`);
  for (const text of ['good , not bad', 'bad , not good', 'not very good', 'very bad , not great']) {
    const p = phrase(text);
    const [r] = rnn.predict([p.ids]);
    const [b] = bow.predict(bagOfWords([p.ids], V));
    const name = (l: number | undefined) => (l === 1 ? 'positive' : 'negative');
    out.line(`    "${text}" → RNN ${name(r)}, bag of words ${name(b)}   (truth: ${name(p.label)})`);
  }
  return { rnnAccuracy: unseen.rnn, bagOfWordsAccuracy: unseen.bagOfWords, orderFlippedRnn: pairs.rnn, orderFlippedBagOfWords: pairs.bagOfWords, heldOutPairs: flipped.length };
}
