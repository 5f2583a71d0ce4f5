/**
 * Texts to train on without bringing one. Short on purpose: a small model learns them in
 * seconds to a minute in a browser. All are free to ship: the poem is in the public domain,
 * the README and the source are this project's own (MIT).
 */
import readme from '../../../README.md?raw';
import workerSource from './worker/lm.worker.ts?raw';

const JABBERWOCKY = `'Twas brillig, and the slithy toves
  Did gyre and gimble in the wabe:
All mimsy were the borogoves,
  And the mome raths outgrabe.

"Beware the Jabberwock, my son!
  The jaws that bite, the claws that catch!
Beware the Jubjub bird, and shun
  The frumious Bandersnatch!"

He took his vorpal sword in hand;
  Long time the manxome foe he sought-
So rested he by the Tumtum tree
  And stood awhile in thought.

And, as in uffish thought he stood,
  The Jabberwock, with eyes of flame,
Came whiffling through the tulgey wood,
  And burbled as it came!

One, two! One, two! And through and through
  The vorpal blade went snicker-snack!
He left it dead, and with its head
  He went galumphing back.

"And hast thou slain the Jabberwock?
  Come to my arms, my beamish boy!
O frabjous day! Callooh! Callay!"
  He chortled in his joy.

'Twas brillig, and the slithy toves
  Did gyre and gimble in the wabe:
All mimsy were the borogoves,
  And the mome raths outgrabe.
`;

export interface SampleText {
  id: string;
  label: string;
  text: string;
}

/** The texts offered on the Char-RNN page, the first being the default. */
export const SAMPLE_TEXTS: readonly SampleText[] = [
  { id: 'cat', label: 'Toy: the cat sat on the mat (learns in seconds)', text: 'the cat sat on the mat. the dog sat on the log. the cat saw the dog. '.repeat(12) },
  { id: 'jabberwocky', label: 'Jabberwocky (Lewis Carroll, 1871)', text: JABBERWOCKY },
  { id: 'readme', label: "This project's README (Markdown)", text: readme },
  { id: 'source', label: "TypeScript: this page's model worker", text: workerSource },
];
