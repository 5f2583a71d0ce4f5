// The course's sentiment task: short phrases where word order changes the meaning, so a bag of
// words cannot solve it and a recurrent network can (tests and `recurrent demo many-to-one`).

/**
 * Phrases of one or two clauses, clause = [not] [very] adjective, joined by ",", with both
 * clauses of one polarity: a clause is positive when its adjective is, flipped by "not".
 * "good , not bad" is positive and "bad , not good" negative: the same words, in another order.
 */
export const SENTIMENT_WORDS = ['good', 'great', 'nice', 'bad', 'awful', 'poor', 'not', 'very', ','] as const;
const POSITIVE = new Set(['good', 'great', 'nice']);
const ADJECTIVES = ['good', 'great', 'nice', 'bad', 'awful', 'poor'];

export interface Phrase {
  words: string[];
  ids: number[];
  /** 1 positive, 0 negative. */
  label: number;
}

export function encodeWords(words: readonly string[]): number[] {
  return words.map((w) => {
    const id = (SENTIMENT_WORDS as readonly string[]).indexOf(w);
    if (id < 0) throw new Error(`unknown word ${w}`);
    return id;
  });
}

export function phrase(text: string): Phrase {
  const words = text.split(' ');
  const clauses = text.split(' , ').map((c) => c.split(' '));
  const polarity = (c: string[]) => (POSITIVE.has(c.at(-1)!) !== c.includes('not') ? 1 : 0);
  const labels = new Set(clauses.map(polarity));
  if (labels.size !== 1) throw new Error(`"${text}" mixes polarities`);
  return { words, ids: encodeWords(words), label: [...labels][0]! };
}

/** Every phrase of the grammar: 24 clauses alone and 288 same-polarity pairs. */
export function sentimentPhrases(): Phrase[] {
  const clauses: string[] = [];
  for (const not of ['', 'not ']) for (const very of ['', 'very ']) for (const adj of ADJECTIVES) clauses.push(`${not}${very}${adj}`);
  const single = clauses.map(phrase);
  const pairs: Phrase[] = [];
  for (const a of single) for (const b of single) if (a.label === b.label) pairs.push(phrase(`${a.words.join(' ')} , ${b.words.join(' ')}`));
  return [...single, ...pairs];
}

/** Each pair's adjectives swapped: the same bag of words, the opposite label (when it exists). */
export function orderFlipped(p: Phrase): Phrase | undefined {
  const comma = p.words.indexOf(',');
  if (comma < 0) return undefined;
  const words = [...p.words];
  const last = words.length - 1;
  [words[comma - 1], words[last]] = [words[last]!, words[comma - 1]!];
  try {
    const flipped = phrase(words.join(' '));
    return flipped.label !== p.label ? flipped : undefined;
  } catch {
    return undefined;
  }
}
