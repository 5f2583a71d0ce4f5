/**
 * What the recurrent model is weakest at and an n-gram strongest: repeating text that occurred
 * before in the documents — an identifier, a line pattern, a phrase. This cache counts, for a few
 * context lengths, which character followed each context in some text, and gives the
 * next-character distribution of the longest context seen. The predictor mixes it into the
 * model's distribution (a "continuous cache", as language models have long done).
 *
 * Only text the user has already seen may vote: the other documents whole, but the document
 * being completed only up to the cursor — otherwise the cursor's own position (what is right of
 * it, or the end of the text) would always be the longest match and win.
 */
const ORDERS = [24, 12, 7, 4] as const;

export interface CacheDistribution {
  /** Counts of the characters that followed the longest known context. */
  counts: Map<string, number>;
  total: number;
  /** The context length that matched. */
  order: number;
}

export class ContextCache {
  /** tables[i]: hash of the last ORDERS[i] characters → next character → count. */
  private readonly tables = ORDERS.map(() => new Map<number, Map<string, number>>());
  private tail = '';

  /** Adds text that was seen (a document's text, or characters as they are typed). */
  add(text: string): void {
    for (const ch of text) this.push(ch);
  }

  /** Forgets everything (the documents changed wholesale). */
  clear(): void {
    for (const t of this.tables) t.clear();
    this.tail = '';
  }

  /** The continuation statistics of the longest context of `before` that the cache has seen. */
  lookup(before: string): CacheDistribution | undefined {
    return ContextCache.lookupIn([this], before);
  }

  /** The same over several caches at once: the longest context any of them has seen, counts summed. */
  static lookupIn(caches: readonly ContextCache[], before: string): CacheDistribution | undefined {
    for (let i = 0; i < ORDERS.length; i++) {
      const order = ORDERS[i]!;
      if (before.length < order) continue;
      const key = hash(before, before.length - order, before.length);
      let counts: Map<string, number> | undefined;
      for (const cache of caches) {
        const found = cache.tables[i]!.get(key);
        if (!found) continue;
        if (!counts) counts = new Map(found);
        else for (const [ch, n] of found) counts.set(ch, (counts.get(ch) ?? 0) + n);
      }
      if (counts) {
        let total = 0;
        for (const n of counts.values()) total += n;
        return { counts, total, order };
      }
    }
    return undefined;
  }

  private push(ch: string): void {
    const t = this.tail;
    ORDERS.forEach((order, i) => {
      if (t.length < order) return;
      const key = hash(t, t.length - order, t.length);
      let counts = this.tables[i]!.get(key);
      if (!counts) this.tables[i]!.set(key, (counts = new Map()));
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    });
    this.tail = (t + ch).slice(-ORDERS[0]);
  }
}

/** FNV-1a over UTF-16 units: collisions are rare enough at these table sizes to ignore. */
function hash(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Characters added per slice when building a cache in the background. */
const SLICE = 8192;

/**
 * Builds a cache of `texts` a slice at a time, yielding to the event loop between slices, so
 * a few hundred KB of documents never hold up the editor. Resolves to undefined if `cancelled`
 * becomes true on the way (a newer build superseded it).
 */
export async function buildCache(texts: readonly string[], cancelled: () => boolean): Promise<ContextCache | undefined> {
  const cache = new ContextCache();
  for (const text of texts) {
    for (let i = 0; i < text.length; i += SLICE) {
      if (cancelled()) return undefined;
      cache.add(text.slice(i, i + SLICE));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return cache;
}
