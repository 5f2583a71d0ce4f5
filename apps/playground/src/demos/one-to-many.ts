import { oneHot, Random, scope } from '@recurrent/autograd';
import { OneToMany } from '@recurrent/topologies';
import { accuracy, adamSteps, type Demo } from './demo.js';

const WORDS = ['cat', 'dog', 'bird', 'fish', 'ant', 'cow', 'bee', 'frog'];
const LETTERS = [...new Set(WORDS.join(''))].sort();
const START = LETTERS.length, END = LETTERS.length + 1;
const spell = (word: string) => [...word].map((ch) => LETTERS.indexOf(ch)).concat(END);
const read = (ids: number[]) => ids.filter((id) => id < LETTERS.length).map((id) => LETTERS[id]).join('');

/**
 * one-to-many: one vector in, a sequence out (a caption from an image's features): a class,
 * one-hot, spelled as its word letter by letter, each letter fed back in (the CLI's `demo
 * one-to-many`: a GRU of 32, Adam 0.02).
 */
export function oneToMany(seed: number): Demo {
  const net = new OneToMany({ cell: 'gru', inputSize: WORDS.length, hiddenSize: 32, vocabularySize: LETTERS.length + 2, startId: START, endId: END, seed });
  const rng = new Random(seed + 2);
  const step = adamSteps(net.parameters(), 0.02);
  return {
    series: ['GRU decoder'],
    steps: 120,
    step: () => [step(() => {
      const batch = Array.from({ length: 16 }, () => rng.int(WORDS.length));
      return net.loss(oneHot(batch, WORDS.length), batch.map((c) => spell(WORDS[c]!)));
    })],
    results: () => {
      const words = scope(() => net.generate(oneHot(WORDS.map((_, i) => i), WORDS.length), 8)).map(read);
      return {
        metrics: { accuracy: accuracy(words, WORDS) },
        lines: words.map((w, i) => `class ${i} → "${w}"${w === WORDS[i] ? '' : `   (should be "${WORDS[i]}")`}`),
      };
    },
    tryIt: (input) => {
      const c = Number(input);
      if (!Number.isInteger(c) || c < 0 || c >= WORDS.length) throw new Error(`a class is 0 to ${WORDS.length - 1}`);
      const { greedy, beam } = scope(() => {
        const vector = oneHot([c], WORDS.length);
        return { greedy: net.generate(vector, 8)[0]!, beam: net.beamSearch(vector, { beamWidth: 3, maxLength: 8 })[0]! };
      });
      return `class ${c} (${WORDS[c]}) → greedy "${read(greedy)}", beam "${read(beam)}"`;
    },
  };
}
