/**
 * What the recurrent model is weakest at after minutes of training, and a character n-gram
 * strongest after milliseconds: repeating text seen before — an identifier, a line pattern, a
 * phrase of the same project. Completion mixes this distribution with the models' (ngram-expert.ts).
 *
 * Modified Kneser–Ney (Chen & Goodman) over histories of a few lengths ℓ_0 = 0 < ℓ_1 < … (all of
 * 0 … n − 1 in the textbook model; here every length up to 8, then sparser up to 23, which keeps
 * most of the benefit of long contexts at a fraction of the memory):
 *
 *   P(c | h) = (n(h c) − D(n(h c))) / n(h ·) + γ(h) · P(c | h⁻),   γ(h) = Σ_c' D(n(h c')) / n(h ·)
 *
 * over the c seen after h, where h⁻ is h cut to the next shorter length, n(h ·) = Σ_c n(h c), and
 * P(c | h) = P(c | h⁻) when h was never seen; under the empty history the recursion ends in the
 * uniform distribution. At the longest history n is the raw count; below it, the continuation
 * count (how many distinct extensions to the next longer length preceded h c), so a character
 * that follows many contexts outweighs one that follows one context often. The discount D depends
 * on the count (1, 2, 3 or more) and the history length, from the counts of counts (see
 * `discounts`); on the keystroke benchmark's tuning corpus it saved ~0.6 point more than one
 * discount per length at the same rate of wrong suggestions.
 *
 * Every text starts with start symbols as its history, so each counted n-gram has a full history
 * and each shorter one a left extension: a new occurrence raises the raw count at the longest
 * length and, only if that n-gram was new, the continuation count one length below, and so on.
 *
 * Histories are stored by a 53-bit hash of their characters (two 32-bit multiplicative hashes),
 * not as strings: collisions are vanishingly rare at these sizes, and a key is one number.
 */

import { yieldToEventLoop } from '@recurrent/topologies';
import { HistoryMap } from './history-map.js';

/**
 * The history lengths counted. Code repeats long spans: on the keystroke benchmark, histories up
 * to 23 characters saved about two points more than up to 13. These take half the memory of all
 * 24 lengths and saved as much on the tuning corpus (as did adding 27 and 31).
 */
export const HISTORY_LENGTHS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 17, 20, 23];

/** Stands for "before the start of the text" in histories (code points are ≥ 0). */
const START = -1;

/**
 * Counts of the n-grams of some texts, counted as Unicode code points. Completion counts symbol
 * strings of the models' vocabulary (see symbols.ts), where a code point is one symbol: one
 * byte of a byte vocabulary's string.
 */
export class NgramTable {
  private readonly followers: HistoryMap;
  /** The last characters (START before the text began), oldest first: as many as the longest history. */
  private readonly history: Int32Array;
  private readonly keys: Float64Array;
  /** Per history length ℓ_i: how many n-grams have count 1, 2, 3 and 4, at [4i … 4i + 3] (for the discounts). */
  readonly countsOfCounts: Float64Array;

  /**
   * @param lengths the history lengths to count: 0 first, then increasing
   * @param expectedChars the text about to be counted, to make room for at once
   */
  constructor(readonly lengths: readonly number[] = HISTORY_LENGTHS, expectedChars = 0) {
    if (lengths[0] !== 0 || lengths.some((l, i) => !Number.isInteger(l) || (i > 0 && l <= lengths[i - 1]!))) {
      throw new RangeError(`NgramTable: history lengths must start at 0 and increase, got [${lengths.join(', ')}]`);
    }
    const longest = lengths.at(-1)!;
    this.history = new Int32Array(longest).fill(START);
    this.keys = new Float64Array(longest + 1);
    this.countsOfCounts = new Float64Array(4 * lengths.length);
    // Code has about a quarter as many new histories per character as there are lengths.
    this.followers = new HistoryMap((expectedChars * lengths.length) / 4);
  }

  /** How many histories are stored (every length). */
  get size(): number {
    return this.followers.size;
  }

  /** Counts a text of its own: its history starts at the start of text. */
  addText(text: string): void {
    this.history.fill(START);
    this.append(text);
  }

  /** Counts characters that continue the text counted last. */
  append(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      this.count(cp);
    }
  }

  /** Calls `visit` with each character that followed the history `key` and its count; false if never seen. */
  forEachFollower(key: number, visit: (codePoint: number, count: number) => void): boolean {
    return this.followers.forEach(key, visit);
  }

  private count(codePoint: number): void {
    const { history, keys, lengths } = this;
    historyKeys(history, history.length, keys);
    for (let j = lengths.length - 1; j >= 0; j--) {
      const n = this.followers.add(keys[lengths[j]!]!, codePoint);
      this.counted(j, n);
      // A new n-gram is one more left extension one length below; a seen one changes nothing there.
      if (n > 1) break;
    }
    history.copyWithin(0, 1);
    if (history.length > 0) history[history.length - 1] = codePoint;
  }

  /** Keeps the counts of counts up to date as one n-gram's count (at the `level`-th length) becomes `n`. */
  private counted(level: number, n: number): void {
    if (n <= 4) this.countsOfCounts[4 * level + n - 1]!++;
    if (n >= 2 && n <= 5) this.countsOfCounts[4 * level + n - 2]!--;
  }
}

/**
 * Keys of the histories of lengths 0 … keys.length − 1 ending at `end` in `ids` (START where `ids`
 * runs out before the start), into `keys`: keys[j] hashes the last j ids.
 */
function historyKeys(ids: ArrayLike<number>, end: number, keys: Float64Array): void {
  let a = 0x811c9dc5, b = 0x9747b28c;
  keys[0] = key(a, b);
  for (let j = 1; j < keys.length; j++) {
    const at = end - j;
    const x = (at >= 0 ? ids[at]! : START) + 2;
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul(b ^ x, 0x5bd1e995);
    b ^= b >>> 15;
    keys[j] = key(a, b);
  }
}

/** 53 bits from two 32-bit hashes; never 0 (HistoryMap's empty slot). */
function key(a: number, b: number): number {
  return (a >>> 11) * 4294967296 + (b >>> 0) || 1;
}

/**
 * Modified Kneser–Ney's discounts for counts 1, 2 and ≥ 3 (Chen & Goodman) from the counts of
 * counts n1 … n4: Y = n1 / (n1 + 2 n2), D_k = k − (k + 1) Y n_{k+1} / n_k; each kept within
 * [0.05, k − 0.05]. Before there is enough to estimate from, 0.75 for all.
 */
function discounts(n: ArrayLike<number>, at: number): [number, number, number] {
  const [n1, n2, n3, n4] = [n[at]!, n[at + 1]!, n[at + 2]!, n[at + 3]!];
  if (!(n1 > 0 && n2 > 0 && n3 > 0 && n4 > 0)) return [0.75, 0.75, 0.75];
  const y = n1 / (n1 + 2 * n2);
  const clamp = (d: number, k: number) => Math.min(k - 0.05, Math.max(0.05, d));
  return [clamp(1 - (2 * y * n2) / n1, 1), clamp(2 - (3 * y * n3) / n2, 2), clamp(3 - (4 * y * n4) / n3, 3)];
}

/** What the n-grams predict after a context. */
export interface NgramPrediction {
  /** P(next symbol) over the vocabulary's ids. */
  distribution: Float64Array;
  /** The longest history length (of the tables' lengths) seen before: how much of the context the counts have met. */
  longestMatch: number;
}

/**
 * P(· | `context`) under the n-grams of `tables` taken together (their counts summed), over a
 * vocabulary of `size` ids, into `out`: `idOf` maps a code point to its id (the vocabulary's
 * unknown symbol for any it lacks). `context` must be the whole text before the cursor from its
 * start, or at least as many of its last characters as the longest history.
 */
export function ngramDistribution(
  tables: readonly NgramTable[], context: string, idOf: (codePoint: number) => number, size: number, out: Float64Array = new Float64Array(size),
): Float64Array {
  return ngramPrediction(tables, context, idOf, size, out).distribution;
}

/**
 * What followed each history (by key) in some tables, merged: valid while the tables do not
 * change, as during one lookahead, whose contexts share their short histories.
 */
export type FollowerCache = Map<number, Map<number, number>>;

/** ngramDistribution, and how long a history of the context the tables have seen (`followers`: see FollowerCache). */
export function ngramPrediction(
  tables: readonly NgramTable[], context: string, idOf: (codePoint: number) => number, size: number, out: Float64Array = new Float64Array(size),
  followers?: FollowerCache,
): NgramPrediction {
  out.fill(0);
  const lengths = tables[0]?.lengths ?? [0];
  for (const t of tables) {
    if (t.lengths !== lengths && t.lengths.join() !== lengths.join()) throw new RangeError(`ngramDistribution: tables of history lengths [${lengths.join(', ')}] and [${t.lengths.join(', ')}]`);
  }
  const keys = new Float64Array(lengths.at(-1)! + 1);
  const last = lastCodePoints(context, keys.length - 1);
  historyKeys(last, last.length, keys);
  // What followed each length's history, summed over the tables, while the histories were seen
  // (they are suffix-closed in every table); then the recursion from the longest down.
  const levels: Map<number, number>[] = [];
  while (levels.length < lengths.length) {
    const key = keys[lengths[levels.length]!]!;
    let merged = followers?.get(key);
    if (!merged) {
      const counts = (merged = new Map<number, number>());
      for (const t of tables) t.forEachFollower(key, (cp, n) => counts.set(cp, (counts.get(cp) ?? 0) + n));
      followers?.set(key, merged);
    }
    // A history seen before has followers.
    if (merged.size === 0) break;
    levels.push(merged);
  }
  let weight = 1;
  for (let j = levels.length - 1; j >= 0; j--) {
    const merged = levels[j]!;
    const countsOfCounts = [0, 0, 0, 0];
    for (const t of tables) for (let k = 0; k < 4; k++) countsOfCounts[k]! += t.countsOfCounts[4 * j + k]!;
    const d = discounts(countsOfCounts, 0);
    let total = 0, held = 0;
    for (const n of merged.values()) total += n;
    for (const [cp, n] of merged) {
      const dn = d[Math.min(n, 3) - 1]!;
      held += dn;
      out[idOf(cp)]! += ((n - dn) * weight) / total;
    }
    weight *= held / total;
  }
  const uniform = weight / size;
  for (let i = 0; i < size; i++) out[i]! += uniform;
  return { distribution: out, longestMatch: levels.length > 0 ? lengths[levels.length - 1]! : 0 };
}

/** The last `n` code points of `text` (fewer if it is shorter). */
function lastCodePoints(text: string, n: number): number[] {
  const out: number[] = [];
  let i = text.length;
  while (i > 0 && out.length < n) {
    const low = text.charCodeAt(i - 1);
    const pair = i >= 2 && low >= 0xdc00 && low <= 0xdfff && text.charCodeAt(i - 2) >= 0xd800 && text.charCodeAt(i - 2) <= 0xdbff;
    i -= pair ? 2 : 1;
    out.push(text.codePointAt(i)!);
  }
  return out.reverse();
}

/** Characters counted per slice when building a table in the background (~5 ms of the host thread each). */
const SLICE = 2048;

/**
 * Counts `texts` (each a text of its own) into a new table a slice at a time, yielding to the
 * event loop between slices, so a few hundred KB of documents never hold up the editor. Resolves
 * to undefined if `cancelled` becomes true on the way (a newer build superseded it).
 */
export async function buildNgramTable(texts: readonly string[], cancelled: () => boolean, lengths = HISTORY_LENGTHS): Promise<NgramTable | undefined> {
  const table = new NgramTable(lengths, texts.reduce((n, t) => n + t.length, 0));
  for (const text of texts) {
    table.addText('');
    for (let i = 0; i < text.length;) {
      if (cancelled()) return undefined;
      let end = Math.min(i + SLICE, text.length);
      if (end < text.length && text.charCodeAt(end - 1) >= 0xd800 && text.charCodeAt(end - 1) <= 0xdbff) end++; // keep a surrogate pair whole
      table.append(text.slice(i, end));
      i = end;
      await yieldToEventLoop();
    }
  }
  return table;
}
