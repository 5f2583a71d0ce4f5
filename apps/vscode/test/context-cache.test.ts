import { CharLM } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
import { buildCache, ContextCache } from '../src/completion/context-cache.js';
import { Predictor } from '../src/completion/predictor.js';
import { vocabularyFor } from '../src/vocabulary.js';

describe('ContextCache', () => {
  it('gives the continuations of the longest context seen, with their counts', () => {
    const cache = new ContextCache();
    cache.add('let total = computeTotal(a); let other = computeTotal(b); let x = computeAverage(c);');
    const found = cache.lookup('let y = computeTotal(')!;
    // "computeTotal(" (13 chars) matches at order 12, followed by "a" once and "b" once.
    expect(found.order).toBe(12);
    expect(Object.fromEntries(found.counts)).toEqual({ a: 1, b: 1 });
    expect(found.total).toBe(2);
    const shorter = cache.lookup(' = compute')!;
    expect(shorter.order).toBe(7);
    expect(Object.fromEntries(shorter.counts)).toEqual({ T: 2, A: 1 });
    expect(cache.lookup('zzzz')).toBeUndefined();
  });

  it('builds in slices without changing the result', async () => {
    const text = 'abcdefghij'.repeat(2000);
    const built = (await buildCache([text], () => false))!;
    const direct = new ContextCache();
    direct.add(text);
    expect(built.lookup('abcdefghijabcd')).toEqual(direct.lookup('abcdefghijabcd'));
    expect(await buildCache([text], () => true)).toBeUndefined();
  });

  it('merges several caches: the longest context any has seen, counts summed', () => {
    const a = new ContextCache(), b = new ContextCache();
    a.add('the cat sat; the cat ran');
    b.add('the cat sat');
    expect(Object.fromEntries(ContextCache.lookupIn([a, b], 'a the cat ')!.counts)).toEqual({ s: 2, r: 1 });
  });

  it('never votes for what is right of the cursor: the predictor adds only the text before it', () => {
    const lm = new CharLM(vocabularyFor(['']), { cell: 'gru', hiddenSize: 8, seed: 1 }); // untrained
    const predictor = new Predictor(lm);
    // The text before the cursor ends with a context seen nowhere else: nothing to offer.
    expect(predictor.predict('d', 0, 'unique context here', { maxLength: 24, minConfidence: 0.3, temperature: 0, caches: [] }).text).toBe('');
  });

  it('lets the predictor complete a word the model never learned but the documents contain', () => {
    const lm = new CharLM(vocabularyFor(['']), { cell: 'gru', hiddenSize: 8, seed: 1 }); // untrained
    const cache = new ContextCache();
    cache.add('frobnicateWidget(); frobnicateWidget(); frobnicateWidget();\n');
    const predictor = new Predictor(lm);
    // 'frobnic' matches at order 7, seen 3 times: weight 3/4 · 7/12 ≈ 0.44 on 'a', the rest near-uniform.
    const options = { maxLength: 24, minConfidence: 0.4, temperature: 0 };
    expect(predictor.predict('d', 0, 'x = frobnic', options).text).toBe('');
    expect(predictor.predict('d', 0, 'x = frobnic', { ...options, caches: [cache] }).text.startsWith('ateWidget()')).toBe(true);
  });
});
