/**
 * Text ↔ ids, as a character model reads and writes it. Two kinds: {@link CharVocabulary} (the
 * code points of a training text, one unknown symbol for the rest) and {@link ByteVocabulary}
 * (the 256 bytes of UTF-8: any text, fixed for good, so a model is fine-tuned on any project
 * without a new vocabulary).
 */
export interface Vocabulary {
  /** 'chars': one id per code point; 'bytes': one id per UTF-8 byte. */
  readonly kind: 'chars' | 'bytes';
  /** How many ids. */
  readonly size: number;
  /** The symbol of each id: a code point ('chars') or the byte's Latin-1 character ('bytes'). */
  readonly symbols: readonly string[];
  /** The id of one symbol (a member of `symbols`); 0 for any other string. */
  id(symbol: string): number;
  /** The ids of a text. */
  encode(text: string): Int32Array;
  /** The text of ids; an id outside [0, size) is an error. */
  decode(ids: ArrayLike<number>): string;
  /** The text as a string of symbols, one UTF-16 unit or code point per id: what the ids spell. */
  toSymbols(text: string): string;
  /** The text a string of symbols spells (the inverse of `toSymbols`, an unfinished character dropped). */
  fromSymbols(symbols: string): string;
}

/** Whether two vocabularies give every id the same symbol (a model file's vocabulary is a new object each load). */
export function sameVocabulary(a: Vocabulary, b: Vocabulary): boolean {
  return a === b || (a.kind === b.kind && a.size === b.size && a.symbols.every((s, i) => s === b.symbols[i]));
}

/**
 * Characters ↔ ids. A "character" is one Unicode code point, so an astral symbol such as '𝄞'
 * or an emoji (two UTF-16 units) is one symbol, never two halves of a surrogate pair.
 * Id 0 is the unknown symbol, which stands for any character the vocabulary has not seen;
 * the known symbols follow in code-point order.
 *
 * @example
 * ```ts
 * const vocab = CharVocabulary.fromText(['hello 𝄞']);
 * vocab.encode('he𝄞?');  // Int32Array [id('h'), id('e'), id('𝄞'), 0]
 * vocab.decode(vocab.encode('hello')); // 'hello'
 * ```
 */
export class CharVocabulary implements Vocabulary {
  readonly kind = 'chars';
  /** The stand-in for characters outside the vocabulary (U+FFFD, the replacement character). */
  static readonly UNKNOWN = '\uFFFD';

  readonly symbols: readonly string[];
  private readonly ids: Map<string, number>;

  /** `symbols` in id order, the unknown symbol first. */
  constructor(symbols: readonly string[]) {
    if (symbols[0] !== CharVocabulary.UNKNOWN) throw new RangeError('CharVocabulary: symbol 0 must be the unknown symbol U+FFFD');
    const ids = new Map<string, number>();
    symbols.forEach((s, i) => {
      if ([...s].length !== 1) throw new RangeError(`CharVocabulary: symbol ${i} (${JSON.stringify(s)}) is not one code point`);
      if (ids.has(s)) throw new RangeError(`CharVocabulary: symbol ${JSON.stringify(s)} appears twice`);
      ids.set(s, i);
    });
    this.symbols = Object.freeze([...symbols]);
    this.ids = ids;
  }

  /**
   * The distinct code points of the texts in code-point order. `maxSize` keeps the most
   * frequent ones (ties by code point); the rest map to unknown.
   */
  static fromText(texts: string | readonly string[], options: { maxSize?: number } = {}): CharVocabulary {
    const counts = new Map<string, number>();
    for (const text of typeof texts === 'string' ? [texts] : texts) {
      for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    counts.delete(CharVocabulary.UNKNOWN);
    let chosen = [...counts.keys()];
    const { maxSize } = options;
    if (maxSize !== undefined) {
      if (!Number.isInteger(maxSize) || maxSize < 1) throw new RangeError(`CharVocabulary.fromText: maxSize must be a positive integer, got ${maxSize}`);
      chosen = chosen.sort((a, b) => counts.get(b)! - counts.get(a)! || compareCodePoints(a, b)).slice(0, maxSize);
    }
    return new CharVocabulary([CharVocabulary.UNKNOWN, ...chosen.sort(compareCodePoints)]);
  }

  /** Symbols, the unknown one included. */
  get size(): number {
    return this.symbols.length;
  }

  /** The id of one character (0 when unknown). */
  id(ch: string): number {
    return this.ids.get(ch) ?? 0;
  }

  /** One id per code point. */
  encode(text: string): Int32Array {
    const out: number[] = [];
    for (const ch of text) out.push(this.ids.get(ch) ?? 0);
    return Int32Array.from(out);
  }

  /** Unknown characters become U+FFFD; the rest is the text itself. */
  toSymbols(text: string): string {
    let out = '';
    for (const ch of text) out += this.ids.has(ch) ? ch : CharVocabulary.UNKNOWN;
    return out;
  }

  fromSymbols(symbols: string): string {
    return symbols;
  }

  /** The text of the ids; an id outside the vocabulary is an error. */
  decode(ids: ArrayLike<number>): string {
    let text = '';
    for (let i = 0; i < ids.length; i++) {
      const s = this.symbols[ids[i]!];
      if (s === undefined) throw new RangeError(`CharVocabulary.decode: id ${ids[i]} is outside [0, ${this.size})`);
      text += s;
    }
    return text;
  }
}

/**
 * The CharVocabulary of symbols a user states, in id order. With U+FFFD at id 0 they are one as
 * they are. Without U+FFFD (a PyTorch model's usual `sorted(set(text))`), U+FFFD is added at id 0
 * and their symbols become ids 1..V — `addedUnknown` says so, and the weights trained on them
 * then have one symbol fewer than the vocabulary (addUnknownSymbol remaps them). U+FFFD at any
 * other id is an error: moving it would mean reordering the model's rows, a guess at what the
 * file meant.
 *
 * @example
 * statedCharVocabulary(['a', 'b']); // { vocabulary: symbols ['\uFFFD', 'a', 'b'], addedUnknown: true }
 */
export function statedCharVocabulary(symbols: readonly string[]): { vocabulary: CharVocabulary; addedUnknown: boolean } {
  const at = symbols.indexOf(CharVocabulary.UNKNOWN);
  if (at > 0) throw new RangeError(`the unknown symbol U+FFFD is at id ${at}: it must be at id 0, or absent (then it is added at id 0); moving it would reorder the model's symbols, a guess at what the weights mean`);
  const addedUnknown = at < 0;
  return { vocabulary: new CharVocabulary(addedUnknown ? [CharVocabulary.UNKNOWN, ...symbols] : symbols), addedUnknown };
}

function compareCodePoints(a: string, b: string): number {
  return a.codePointAt(0)! - b.codePointAt(0)!;
}
