import type { Vocabulary } from './vocabulary.js';

const SYMBOLS: readonly string[] = Object.freeze(Array.from({ length: 256 }, (_, b) => String.fromCharCode(b)));
// eslint-disable-next-line no-control-regex -- every 7-bit code, NUL and the other controls included, is ASCII
const ASCII = /^[\x00-\x7f]*$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * The 256 bytes of UTF-8 as ids: every text in every script (emoji, NUL, what looks binary)
 * encodes without an unknown symbol, and the vocabulary never changes, so a model trained once
 * is fine-tuned on any text. A character of n UTF-8 bytes takes n steps of the model; ASCII, most
 * of code, takes one.
 *
 * Its symbols are the bytes' Latin-1 characters (`symbols[0xc3] === 'Ã'`), so `toSymbols` turns a
 * text into a "byte string" whose UTF-16 units are its ids: n-gram counts, prefixes and offsets
 * then work byte by byte with plain string operations, and ASCII text is its own byte string.
 *
 * @example
 * ```ts
 * const bytes = new ByteVocabulary();
 * bytes.encode('é!');                 // Int32Array [0xc3, 0xa9, 0x21]
 * bytes.decode([0xf0, 0x9f, 0x98, 0x80]); // '😀'
 * bytes.fromSymbols(bytes.toSymbols('naïve')); // 'naïve'
 * ```
 */
export class ByteVocabulary implements Vocabulary {
  readonly kind = 'bytes';
  readonly size = 256;
  readonly symbols = SYMBOLS;

  id(symbol: string): number {
    const code = symbol.length === 1 ? symbol.charCodeAt(0) : -1;
    return code >= 0 && code < 256 ? code : 0;
  }

  encode(text: string): Int32Array {
    return Int32Array.from(encoder.encode(text));
  }

  /** Invalid UTF-8 (a cut character, stray bytes) decodes to U+FFFD, as TextDecoder does. */
  decode(ids: ArrayLike<number>): string {
    const bytes = new Uint8Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!(Number.isInteger(id) && id >= 0 && id < 256)) throw new RangeError(`ByteVocabulary.decode: id ${id} is outside [0, 256)`);
      bytes[i] = id;
    }
    return decoder.decode(bytes);
  }

  toSymbols(text: string): string {
    if (ASCII.test(text)) return text;
    const bytes = encoder.encode(text);
    let out = '';
    // In slices: String.fromCharCode takes its arguments on the stack.
    for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return out;
  }

  /** Bytes of an unfinished character at the end are dropped (a suggestion cut mid-character). */
  fromSymbols(symbols: string): string {
    if (ASCII.test(symbols)) return symbols;
    const bytes = new Uint8Array(symbols.length);
    for (let i = 0; i < symbols.length; i++) bytes[i] = symbols.charCodeAt(i) & 0xff;
    return decoder.decode(bytes.subarray(0, completeLength(bytes)));
  }
}

/** The length of `bytes` without a UTF-8 sequence cut short at its end. */
function completeLength(bytes: Uint8Array): number {
  let start = bytes.length - 1;
  // Back over at most three continuation bytes (10xxxxxx) to the lead byte.
  while (start >= 0 && bytes.length - start <= 4 && (bytes[start]! & 0xc0) === 0x80) start--;
  if (start < 0) return bytes.length;
  const lead = bytes[start]!;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - start < needed ? start : bytes.length;
}
