/**
 * Working in a vocabulary's symbol space: a "symbol string" has one symbol per model id (one
 * code point per id for a CharVocabulary; one UTF-16 unit per byte for a ByteVocabulary, so
 * ASCII text is its own symbol string). Completion reads and predicts symbols; these helpers
 * say where the characters of the text lie among them.
 */
import type { Vocabulary } from '@recurrent/topologies';
import { type ContextClass, contextOf } from './mixture.js';

/** Whether `symbol` begins a character (false only for a UTF-8 continuation byte of a byte vocabulary). */
export function startsCharacter(vocabulary: Vocabulary, symbol: string): boolean {
  return vocabulary.kind !== 'bytes' || (symbol.charCodeAt(0) & 0xc0) !== 0x80;
}

/**
 * The continuation bytes still owed after `symbol`, `owed` before it, in a byte vocabulary's
 * symbol string; −1 where the bytes stop spelling UTF-8 (a continuation byte where a character
 * should start, a start where a continuation is owed, or a byte no character starts with).
 * Other vocabularies spell a character a symbol: always 0.
 */
export function owedAfter(vocabulary: Vocabulary, symbol: string, owed: number): number {
  if (vocabulary.kind !== 'bytes') return 0;
  const b = symbol.charCodeAt(0);
  if ((b & 0xc0) === 0x80) return owed > 0 ? owed - 1 : -1;
  if (owed > 0) return -1;
  return b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
}

/**
 * The characters a sequence of symbols spells, each with the product of its symbols'
 * probabilities (the chance of the whole character): what judgeOffer weighs, so word
 * boundaries fall between characters, never inside one. An unfinished character at the end is
 * dropped, as `vocabulary.fromSymbols` drops it.
 */
export function charactersOf(vocabulary: Vocabulary, symbols: readonly string[], probabilities: readonly number[]): { characters: string[]; probabilities: number[] } {
  const characters: string[] = [], chances: number[] = [];
  for (let start = 0; start < symbols.length;) {
    let end = start + 1, p = probabilities[start]!;
    while (end < symbols.length && !startsCharacter(vocabulary, symbols[end]!)) p *= probabilities[end++]!;
    const ch = vocabulary.fromSymbols(symbols.slice(start, end).join(''));
    if (ch.length > 0) {
      characters.push(ch);
      chances.push(p);
    }
    start = end;
  }
  return { characters, probabilities: chances };
}

/**
 * The context class after a symbol string: by its last character, or 'inWord' when it ends
 * inside an unfinished character (most characters beyond ASCII are letters).
 */
export function contextOfSymbols(vocabulary: Vocabulary, symbols: string): ContextClass {
  if (symbols.length === 0) return contextOf(undefined);
  if (vocabulary.kind !== 'bytes') return contextOf(String.fromCodePoint(symbols.codePointAt(lastCodePointStart(symbols))!));
  let start = symbols.length - 1;
  while (start > 0 && symbols.length - start < 4 && !startsCharacter(vocabulary, symbols[start]!)) start--;
  const last = vocabulary.fromSymbols(symbols.slice(start));
  return last.length > 0 ? contextOf(String.fromCodePoint(last.codePointAt(0)!)) : 'inWord';
}

/** Where the last code point of a non-empty string starts (a surrogate pair is one). */
function lastCodePointStart(text: string): number {
  const i = text.length - 1;
  const low = text.charCodeAt(i);
  return i > 0 && low >= 0xdc00 && low <= 0xdfff && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff ? i - 1 : i;
}
