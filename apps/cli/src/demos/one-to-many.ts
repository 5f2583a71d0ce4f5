import { oneHot, Random } from '@recurrent/autograd';
import { OneToMany } from '@recurrent/topologies';
import { accuracy, type DemoOutput, effort, trainLive } from './live.js';

const WORDS = ['cat', 'dog', 'bird', 'fish', 'ant', 'cow', 'bee', 'frog'];
const LETTERS = [...new Set(WORDS.join(''))].sort();
const START = LETTERS.length, END = LETTERS.length + 1;
const spell = (word: string) => [...word].map((ch) => LETTERS.indexOf(ch)).concat(END);
const read = (ids: number[]) => ids.filter((id) => id < LETTERS.length).map((id) => LETTERS[id]).join('');

/**
 * one-to-many: one vector in, a sequence out — like a caption from an image's features. Here
 * the vector is a class (one-hot) and the sequence its name, spelled letter by letter, each
 * letter fed back in to choose the next.
 */
export async function oneToManyDemo(out: DemoOutput, seed: number, brief: boolean) {
  out.title('one-to-many — a class vector to its word, one letter at a time');
  const net = new OneToMany({ cell: 'gru', inputSize: WORDS.length, hiddenSize: 32, vocabularySize: LETTERS.length + 2, startId: START, endId: END, seed });
  const rng = new Random(seed + 2);
  await trainLive(out, 'training', net.parameters(), effort(brief, 200, 120), () => {
    const batch = Array.from({ length: 16 }, () => rng.int(WORDS.length));
    return net.loss(oneHot(batch, WORDS.length), batch.map((c) => spell(WORDS[c]!)));
  }, { lr: 0.02 });
  const words = net.generate(oneHot(WORDS.map((_, i) => i), WORDS.length), 8).map(read);
  words.forEach((w, i) => out.line(`    class ${i} → "${w}"${w === WORDS[i] ? '' : `   (should be "${WORDS[i]}")`}`));
  const acc = accuracy(words, WORDS);
  out.line(`  words spelled exactly: ${(100 * acc).toFixed(0)}%`);
  return { accuracy: acc, words };
}
