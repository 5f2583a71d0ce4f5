import { ByteVocabulary, CharVocabulary } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
import { charactersOf, contextOfSymbols, owedAfter, startsCharacter } from '../src/symbols.js';

const bytes = new ByteVocabulary();

describe('symbol strings', () => {
  it('follows the continuation bytes UTF-8 owes, by hand, and says where bytes stop spelling it', () => {
    const owed = (text: string) => {
      let o = 0;
      return [...text].map((symbol) => (o = o < 0 ? o : owedAfter(bytes, symbol, o)));
    };
    expect(owed(bytes.toSymbols('é!€𝄞'))).toEqual([1, 0, 0, 2, 1, 0, 3, 2, 1, 0]);
    expect(owed('\x80')).toEqual([-1]); // a continuation where a character starts
    expect(owed('\xc3a')).toEqual([1, -1]); // a start where a continuation is owed
    expect(owed('\xc0\x80')).toEqual([-1, -1]); // an overlong lead byte
    expect(owed('\xf5')).toEqual([-1]);
    expect(owedAfter(CharVocabulary.fromText('ab'), 'a', 0)).toBe(0);
  });

  it('groups byte symbols into characters, multiplying their probabilities, and drops an unfinished one', () => {
    const symbols = [...bytes.toSymbols('é!€')]; // c3 a9, 21, e2 82 ac
    expect(symbols).toHaveLength(6);
    expect(symbols.map((s) => startsCharacter(bytes, s))).toEqual([true, false, true, true, false, false]);
    const p = [0.5, 0.8, 0.9, 0.5, 0.5, 0.5];
    const all = charactersOf(bytes, symbols, p);
    expect(all.characters).toEqual(['é', '!', '€']);
    all.probabilities.forEach((q, i) => expect(q).toBeCloseTo([0.4, 0.9, 0.125][i]!, 12));
    expect(charactersOf(bytes, symbols.slice(0, 5), p.slice(0, 5)).characters).toEqual(['é', '!']);
    // A character vocabulary's symbols are its characters.
    const chars = CharVocabulary.fromText('ab𝄞');
    expect(charactersOf(chars, ['a', '𝄞'], [0.5, 0.25])).toEqual({ characters: ['a', '𝄞'], probabilities: [0.5, 0.25] });
  });

  it('classes the context by the last character, inside a character counting as inside a word', () => {
    expect(contextOfSymbols(bytes, '')).toBe('afterSpace');
    expect(contextOfSymbols(bytes, 'a ')).toBe('afterSpace');
    expect(contextOfSymbols(bytes, bytes.toSymbols('caf'))).toBe('inWord');
    expect(contextOfSymbols(bytes, bytes.toSymbols('café'))).toBe('inWord');
    expect(contextOfSymbols(bytes, bytes.toSymbols('x →'))).toBe('afterOther');
    expect(contextOfSymbols(bytes, bytes.toSymbols('→').slice(0, 2))).toBe('inWord');
    expect(contextOfSymbols(bytes, '(')).toBe('afterOther');
    expect(contextOfSymbols(CharVocabulary.fromText('a𝄞'), 'a𝄞')).toBe('afterOther');
  });
});
