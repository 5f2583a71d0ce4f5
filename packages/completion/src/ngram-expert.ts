import type { Vocabulary } from '@recurrent/topologies';
import type { Expert, ExpertReading, Lookahead, ReadContext } from './expert.js';
import { buildNgramTable, type FollowerCache, NgramTable, ngramPrediction } from './ngram.js';
import type { OtherDocuments } from './other-documents.js';

/** A document's text before the anchor up to this many symbols is counted on the spot (a few ms), longer in the background. */
export const PREFIX_COUNTED_AT_ONCE = 2048;

/**
 * The n-gram counts as an expert: what the recurrent model is weakest at, repeating text seen
 * before (an identifier, a line pattern, a phrase of the same project). Only text before the
 * cursor votes: the other documents whole, this one before the anchor (its prefix table, grown
 * as the anchor moves on, rebuilt after an edit before it) and from the anchor to the cursor
 * (its recent table, grown as the user types).
 */
export class NgramExpert implements Expert {
  /** Code point of a symbol → its id (0 for any other). */
  readonly idOf: (codePoint: number) => number;

  /**
   * @param others the table of the other documents
   * @param background count a long text before the anchor in the background (false: at once)
   */
  constructor(readonly vocabulary: Vocabulary, readonly others: OtherDocuments, readonly name = 'ngram', readonly background = true) {
    const ids = new Map<number, number>();
    vocabulary.symbols.forEach((symbol, id) => ids.set(symbol.codePointAt(0)!, id));
    this.idOf = (codePoint) => ids.get(codePoint) ?? 0;
  }

  open(): ExpertReading {
    return new NgramReading(this);
  }
}

/**
 * The band of a longest matched history length: below 3, 3–5, 6–9, 10–16, 17 and more. A
 * context met before at length 10 or more is mostly text repeating itself, where the n-gram
 * is nearly always right; at 2 or less it knows little beyond character frequencies.
 */
export function matchBand(longestMatch: number): number {
  return longestMatch < 3 ? 0 : longestMatch < 6 ? 1 : longestMatch < 10 ? 2 : longestMatch < 17 ? 3 : 4;
}

class NgramReading implements ExpertReading {
  /** The document before the anchor, counted (undefined table: counting in the background). */
  private prefix: { text: string; table: NgramTable | undefined } | undefined;
  /** The text from the anchor to the cursor, counted. */
  private recent: NgramTable | undefined;
  private text = '';
  private tables: NgramTable[] = [];

  constructor(private readonly expert: NgramExpert) {}

  read(text: string, restarted: boolean, context: ReadContext): void {
    if (restarted || !this.recent) {
      this.recent = new NgramTable();
      this.recent.addText(text);
    } else {
      this.recent.append(text.slice(this.text.length));
    }
    this.text = text;
    this.readPrefix(context.before());
    const others = this.expert.others.tableFor(context.key);
    this.tables = [others, this.prefix?.table, this.recent].filter((t): t is NgramTable => t !== undefined);
  }

  /** The prefix table follows the text before the anchor: appended to while it only grows, else counted afresh. */
  private readPrefix(before: string): void {
    const prefix = this.prefix;
    if (prefix?.table && before.startsWith(prefix.text)) {
      prefix.table.append(before.slice(prefix.text.length));
      prefix.text = before;
      return;
    }
    if (prefix?.text === before) return; // still being counted
    const next: NonNullable<NgramReading['prefix']> = { text: before, table: undefined };
    this.prefix = next;
    if (before.length <= PREFIX_COUNTED_AT_ONCE || !this.expert.background) {
      next.table = new NgramTable();
      next.table.addText(before);
    } else {
      void buildNgramTable([before], () => this.prefix !== next).then((table) => (next.table = table));
    }
  }

  lookahead(): Lookahead {
    const { tables } = this;
    const { idOf, vocabulary } = this.expert;
    let context = this.text, longestMatch = 0;
    // The tables stay as they are while looking ahead: the contexts' short histories are merged once.
    const followers: FollowerCache = new Map();
    return {
      logDistribution: (out) => {
        const prediction = ngramPrediction(tables, context, idOf, vocabulary.size, out, followers);
        longestMatch = prediction.longestMatch;
        for (let i = 0; i < out.length; i++) out[i] = Math.log(out[i]!);
        return out;
      },
      push: (symbol) => (context += symbol),
      evidence: () => matchBand(longestMatch),
    };
  }

  /** Counts do not depend on any model's parameters. */
  invalidate(): void {}
}
