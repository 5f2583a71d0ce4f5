import { CharVocabulary } from '@recurrent/topologies';

/** Printable ASCII, tab and newline: always in a new model's vocabulary, so code is never "unknown". */
const BASE = ['\t', '\n', ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))];

/**
 * The vocabulary of a new model: the base characters plus the most frequent others of the
 * documents at hand, at most `size` in all (a model's vocabulary is fixed once it exists; any
 * later character maps to the unknown symbol).
 */
export function vocabularyFor(texts: readonly string[], size = 256): CharVocabulary {
  const counts = new Map<string, number>();
  for (const text of texts) for (const ch of text) if (!BASE.includes(ch) && ch !== '\r') counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const extra = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, Math.max(0, size - BASE.length - 1)).map(([ch]) => ch);
  return CharVocabulary.fromText([...BASE, ...extra].join(''));
}
