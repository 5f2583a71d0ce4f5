import type { Vocabulary } from '@recurrent/topologies';
import { buildNgramTable, NgramTable } from './ngram.js';

/** The documents' text counted into the table of the other documents, at most (the most recent documents first). */
export const NGRAM_TEXT_LIMIT = 1 << 19;

/**
 * The n-gram counts of every learned document but the one being completed, as symbols of the
 * models' vocabulary: one table, so a completion looks up a few tables however many files are
 * open. Counted in the background, most recently changed first and at most NGRAM_TEXT_LIMIT
 * characters (~100 bytes each); a newer count supersedes an unfinished one, and until it is done
 * the previous table serves if it left out the same document.
 */
export class OtherDocuments {
  private vocabulary: Vocabulary | undefined;
  private excluded: string | undefined;
  private counting: { exclude: string | undefined; table: NgramTable | undefined } | undefined;

  /**
   * @param texts the learned documents' texts by key, least recently changed first
   * @param limit the most characters counted
   * @param background count in slices between the host's other work (false: at once, for code that runs synchronously)
   */
  constructor(private readonly texts: () => Iterable<readonly [string, string]>, private readonly limit = NGRAM_TEXT_LIMIT, private readonly background = true) {}

  /** The document the table leaves out (the one last completed in). */
  get exclude(): string | undefined {
    return this.excluded;
  }

  /** Counts in `vocabulary`'s symbols from now on: afresh if it is another one (the old table cannot serve). */
  useVocabulary(vocabulary: Vocabulary | undefined): void {
    if (vocabulary === this.vocabulary) return;
    this.vocabulary = vocabulary;
    this.counting = undefined;
    void this.recount(this.excluded);
  }

  /** The table for completing in `key` (undefined while the first count for it is under way): recounted if it left out another document. */
  tableFor(key: string): NgramTable | undefined {
    if (this.excluded !== key) void this.recount(key);
    return this.counting?.table;
  }

  /** A document changed or was forgotten: recounted unless it is the one left out. */
  changed(key: string): void {
    if (key !== this.excluded) void this.recount(this.excluded);
  }

  /**
   * Counts every document but `exclude` afresh, in the background unless told otherwise (once
   * there is a vocabulary); resolves when this count is done or superseded.
   */
  recount(exclude: string | undefined): Promise<void> {
    this.excluded = exclude;
    const { vocabulary } = this;
    if (!vocabulary) return Promise.resolve();
    const texts: string[] = [];
    let total = 0;
    for (const [key, text] of [...this.texts()].reverse()) {
      if (key === exclude) continue;
      if (total + text.length > this.limit) break;
      texts.push(vocabulary.toSymbols(text));
      total += text.length;
    }
    const previous = this.counting;
    const next = { exclude, table: previous && previous.exclude === exclude ? previous.table : undefined };
    this.counting = next;
    if (!this.background) {
      next.table = new NgramTable(undefined, total);
      for (const text of texts) next.table.addText(text);
      return Promise.resolve();
    }
    return buildNgramTable(texts, () => this.counting !== next).then((table) => {
      if (table) next.table = table;
    });
  }

  /** Drops the table (and any count under way). */
  clear(): void {
    this.counting = undefined;
    this.vocabulary = undefined;
  }
}
