import { Random } from '@recurrent/autograd';
import { bagOfWords, ManyToOne, OneToOne, orderFlipped, phrase, SENTIMENT_WORDS, sentimentPhrases } from '@recurrent/topologies';
import { accuracy, adamSteps, type Demo } from './demo.js';

const V = SENTIMENT_WORDS.length;
const name = (label: number | undefined) => (label === 1 ? 'positive' : 'negative');
const PAIRS = ['good , not bad', 'bad , not good', 'not bad , good', 'not good , bad', 'great , not awful', 'awful , not great'];

/**
 * many-to-one: a sentence in, one label out — sentiment where word order flips the meaning,
 * against a bag-of-words net that sees which words occur but not their order (the CLI's
 * `demo many-to-one`: an LSTM of 16 and a 16-unit feed-forward net, Adam 0.02, batches of 32).
 */
export function manyToOne(seed: number): Demo {
  const rng = new Random(seed + 3);
  const shuffled = sentimentPhrases().map((p) => [rng.next(), p] as const).sort((a, b) => a[0] - b[0]).map(([, p]) => p);
  const test = shuffled.slice(0, 60), train = shuffled.slice(60);
  const rnn = new ManyToOne({ cell: 'lstm', vocabularySize: V, hiddenSize: 16, numClasses: 2, seed });
  const bow = new OneToOne({ inputSize: V, hiddenSizes: [16], numClasses: 2, seed });
  const rnnStep = adamSteps(rnn.parameters(), 0.02), bowStep = adamSteps(bow.parameters(), 0.02);
  const draw = () => Array.from({ length: 32 }, () => train[rng.int(train.length)]!);
  const score = (phrases: { ids: number[]; label: number }[]) => ({
    rnn: accuracy(rnn.predict(phrases.map((p) => p.ids)), phrases.map((p) => p.label)),
    bagOfWords: accuracy(bow.predict(bagOfWords(phrases.map((p) => p.ids), V)), phrases.map((p) => p.label)),
  });
  return {
    series: ['RNN (LSTM)', 'bag of words'],
    steps: 150,
    step: () => {
      const a = draw(), b = draw();
      return [
        rnnStep(() => rnn.loss(a.map((p) => p.ids), a.map((p) => p.label))),
        bowStep(() => bow.loss(bagOfWords(b.map((p) => p.ids), V), b.map((p) => p.label))),
      ];
    },
    results: () => {
      const unseen = score(test), pairs = score(PAIRS.map(phrase));
      return {
        metrics: { rnn: unseen.rnn, bagOfWords: unseen.bagOfWords, orderFlippedRnn: pairs.rnn, orderFlippedBagOfWords: pairs.bagOfWords, heldOutPairs: test.map(orderFlipped).filter(Boolean).length },
        lines: [
          `unseen phrases: RNN ${(100 * unseen.rnn).toFixed(0)}%, bag of words ${(100 * unseen.bagOfWords).toFixed(0)}%`,
          `same words, other order: RNN ${(100 * pairs.rnn).toFixed(0)}%, bag of words ${(100 * pairs.bagOfWords).toFixed(0)}%`,
        ],
      };
    },
    tryIt: (input) => {
      const p = phrase(input.trim().replace(/\s*,\s*/g, ' , ').replace(/\s+/g, ' '));
      const [r] = rnn.predict([p.ids]);
      const [b] = bow.predict(bagOfWords([p.ids], V));
      return `"${p.words.join(' ')}" → RNN ${name(r)}, bag of words ${name(b)} (truth: ${name(p.label)})`;
    },
  };
}
