/**
 * An expert predicts the next symbol of a document. A session (one per document) holds one
 * reading per expert: whatever the expert keeps about that document — a model's recurrent
 * state, the n-gram's tables of its text. The mixture weighs the experts' distributions.
 */

/** What a reading may ask of the document besides the text it reads. */
export interface ReadContext {
  /** The document key (which document is read: the n-gram leaves it out of the other documents). */
  readonly key: string;
  /** The document's text before the anchor, as symbols (read on first call). */
  before(): string;
}

/** One expert's view of one document. */
export interface ExpertReading {
  /**
   * The text from the anchor to the cursor is now `text` (symbols). Unless `restarted`, it
   * extends the text of the previous call (the user typed on); restarted, it is read afresh (a
   * new anchor, or an edit).
   */
  read(text: string, restarted: boolean, context: ReadContext): void;
  /** Starts predicting on from the text read; the reading itself does not change. */
  lookahead(): Lookahead;
  /** Drops what depends on the expert's parameters (they changed): the next `read` reads the whole text again. */
  invalidate(): void;
}

/** Predictions after the text read followed by the symbols pushed so far. */
export interface Lookahead {
  /**
   * log P(next symbol) over the vocabulary's ids, into `out`: the mixture works in logarithms
   * (a model's log-softmax costs one logarithm, its probabilities one per symbol).
   */
  logDistribution(out: Float64Array): Float64Array;
  /** The next symbol is `symbol`, of id `id`. */
  push(symbol: string, id: number): void;
  /**
   * How much the expert has to go on for its last distribution, in a few bands (0, 1, …): the
   * n-gram, how long a history it has met before. The mixture keeps weights for each band, so
   * an expert is trusted where it is sure rather than on average. None: one band.
   */
  evidence?(): number;
}

/** An expert, named (its weights in the mixture are kept by name). */
export interface Expert {
  readonly name: string;
  /** A reading of a document from nothing. */
  open(): ExpertReading;
}
