import { Tensor } from '@recurrent/autograd';
import { checkInteger, checkTokens } from './batch.js';

/**
 * Token sequences → count vectors [B, vocabularySize]: entry (b, w) is how often word w occurs
 * in sequence b. Word order is lost by construction — "good , not bad" and "bad , not good"
 * give the same vector — which is what makes it the baseline an RNN has to beat.
 *
 * @example
 * ```ts
 * bagOfWords([[0, 2, 2]], 4).toArray(); // [1, 0, 2, 0]
 * ```
 */
export function bagOfWords(sequences: readonly (readonly number[])[], vocabularySize: number): Tensor {
  checkInteger(vocabularySize, 'vocabularySize', 'bagOfWords');
  if (sequences.length === 0) throw new RangeError('bagOfWords: needs at least one sequence');
  const counts = new Float32Array(sequences.length * vocabularySize);
  sequences.forEach((s, b) => {
    checkTokens(s, vocabularySize, 'bagOfWords', `sequence ${b}`);
    for (const id of s) counts[b * vocabularySize + id]! += 1;
  });
  return Tensor.fromArray(counts, [sequences.length, vocabularySize]);
}
