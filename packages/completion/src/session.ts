import { Random } from '@recurrent/autograd';
import { argmax, sampleIndex, type Vocabulary } from '@recurrent/topologies';
import type { Expert, ExpertReading, ReadContext } from './expert.js';
import { evidenceKey, type MixtureWeights } from './mixture.js';
import { isWordBoundary, judgeOffer } from './offer.js';
import { charactersOf, contextOfSymbols, owedAfter, startsCharacter } from './symbols.js';
import type { WrongBudget } from './wrong-budget.js';

/**
 * How far before the cursor a remembered state may start before we start over (in context
 * lengths: 16 K characters at the default 256). The recurrent models use context well beyond a
 * context length: the base model scores held-out Python at 1.636 bits per byte with its state
 * carried from the file's start, 1.661 read in pieces of 512 bytes. From 4 to 64 the quick
 * keystrokes bench (shipped engine) saved 34.3 → 34.8 / 48.1 → 48.3 / 46.2 → 46.7 / 31.3 → 31.1 %
 * (cold, JS project, asyncio, unrelated Python); a request still slices and compares the text
 * from the anchor, at most this much.
 */
const ANCHOR_SLACK = 64;

/** The most shown suggestions a session keeps waiting for the text that judges them (each is judged within its first word typed). */
const SHOWN_LIMIT = 64;
/**
 * The lookahead stops once the path's probability P times the characters still allowed is below
 * this: the characters after it could add at most that much to judgeOffer's expected saving (each
 * adds at most P), and a path that unlikely is where the models are unsure and a lookahead would
 * otherwise run all of maxLength steps. Measured: keystrokes saved typing unrelated Python (quick
 * bench, shipped model) and suggestion p95 typing asyncio through two 512 × 1 models — no cut
 * 30.5 %, 6.3 ms; 0.002: 30.4 %, 5.4 ms; 0.02: 29.9 %, 4.7 ms. Even that little expected saving
 * tips some suggestions into being shown, and in partial accept they pay.
 */
const NEGLIGIBLE_SAVING = 0.002;

/**
 * Where the text the experts read starts: the previous anchor while the cursor moves forward
 * within reach of it (so the remembered states are reused), else `contextLength` before the cursor.
 */
export function anchorFor(previous: number | undefined, offset: number, contextLength: number): number {
  if (previous !== undefined && previous <= offset && offset - previous <= ANCHOR_SLACK * contextLength) return previous;
  return Math.max(0, offset - contextLength);
}

/** The document as a session reads it: offsets are the document's (UTF-16 units). */
export interface DocumentText {
  /** The cursor's offset. */
  readonly cursor: number;
  /** The text in [start, end). */
  slice(start: number, end: number): string;
}

export interface SuggestOptions {
  /** Most characters to offer. */
  maxLength: number;
  /** The confidence setting (see judgeOffer); with `wrongPer100`, where it starts. */
  minConfidence: number;
  /**
   * About this many shown suggestions per 100 characters typed may prove wrong: the confidence
   * adapts, from `minConfidence`, to what is typed (see WrongBudget). Undefined: it stays at
   * `minConfidence`.
   */
  wrongPer100?: number | undefined;
  /** 0: the most likely symbol each step; above 0, sampled (seeded, so repeatable). */
  temperature: number;
  /** Characters before the cursor read when starting over (see anchorFor). */
  contextLength: number;
}

export interface Prediction {
  /** What to show ('' when nothing is worth showing). */
  text: string;
  /** The probability that its first word is right. */
  confidence: number;
  /** Keystrokes it is expected to save. */
  expectedSaving: number;
  /** Everything the experts would suggest here, before judgeOffer cut it (to judge it again at other settings). */
  candidate: { characters: readonly string[]; probabilities: readonly number[] };
}

/** What a session completes with, shared by every session (the Completer). */
export interface SessionHost {
  /** The vocabulary every expert predicts in (undefined: no model yet). */
  readonly vocabulary: Vocabulary | undefined;
  /** The experts taking part, in a fixed order. */
  readonly experts: readonly Expert[];
  /** Their weights, learned from what is typed in every document. */
  readonly mixture: MixtureWeights;
  /** The confidence that keeps the wrong suggestions within their budget, learned from what is typed in every document. */
  readonly budget: WrongBudget;
}

/** A shown suggestion's first word (as symbols) and where it stands in the text read, waiting for the text typed there. */
interface ShownWord {
  readonly at: number;
  readonly word: string;
}

/** The experts' distributions (log-probabilities) of the symbol after the text read, to score them once it is typed. */
export interface NextSymbol {
  readonly names: readonly string[];
  readonly logDistributions: readonly Float64Array[];
  /** What the experts reported of their evidence (see MixtureWeights.of). */
  readonly evidence: string;
}

const NOTHING: Prediction = { text: '', confidence: 0, expectedSaving: 0, candidate: { characters: [], probabilities: [] } };

/**
 * Completion in one document, fast enough to run on every keystroke: each expert's reading of
 * the text from the anchor to the cursor is kept, so typing one more character costs one model
 * step, not a re-read of the context. A request whose text extends the remembered one (same
 * anchor) continues from it, and first scores the experts on the symbol that was typed (the
 * mixture learns); anything else starts over. Works in the vocabulary's symbols: text in,
 * suggestion out are converted here.
 */
export class CompletionSession {
  private anchorOffset: number | undefined;
  /** The symbols read, from the anchor to the cursor. */
  private text = '';
  /** Each expert's reading, in the experts' order. */
  private readings = new Map<string, { expert: Expert; reading: ExpertReading }>();
  private nextSymbol: NextSymbol | undefined;
  private shown: ShownWord[] = [];
  /** The document before the anchor, as last read and as symbols (encoded again only where it changed). */
  private beforeAnchor: { raw: string; symbols: string } | undefined;

  constructor(readonly key: string, private readonly host: SessionHost) {}

  /** Where the text read starts in the document (undefined: nothing read). */
  get anchor(): number | undefined {
    return this.anchorOffset;
  }

  /** The experts that hold a reading of this document. */
  get readers(): string[] {
    return [...this.readings.keys()];
  }

  /** The experts' log-probabilities of the symbol after the text read by the last `suggest`. */
  get next(): NextSymbol | undefined {
    return this.nextSymbol;
  }

  /**
   * The suggestion at the cursor: the mixture's most likely (or sampled) symbols until the line
   * ends, `maxLength` characters, the unknown symbol, or a path too unlikely to matter (see
   * NEGLIGIBLE_SAVING), shown only when judgeOffer finds it worth it, and only as far as
   * judgeOffer finds best.
   */
  suggest(document: DocumentText, options: SuggestOptions, cancelled: () => boolean = () => false): Prediction {
    const { vocabulary, experts, mixture, budget } = this.host;
    if (!vocabulary || experts.length === 0) return NOTHING;
    const anchor = anchorFor(this.anchorOffset, document.cursor, options.contextLength);
    const text = vocabulary.toSymbols(document.slice(anchor, document.cursor));
    const continues = anchor === this.anchorOffset && text.startsWith(this.text);
    const next = this.nextSymbol;
    if (continues && next && text.length > this.text.length) {
      const x = vocabulary.id(String.fromCodePoint(text.codePointAt(this.text.length)!));
      mixture.observe(contextOfSymbols(vocabulary, this.text), next.evidence, next.names, next.logDistributions, x);
    }
    if (continues) {
      const wrong = this.judgeShown(text);
      if (options.wrongPer100 !== undefined) budget.observe(charactersIn(vocabulary, text.slice(this.text.length)), wrong, options.wrongPer100, options.minConfidence);
    } else {
      this.shown = [];
    }
    this.nextSymbol = undefined;
    this.read(text, !continues, anchor, document);
    this.anchorOffset = anchor;
    this.text = text;
    if (text.length === 0) return NOTHING;

    const names = experts.map((e) => e.name);
    const lookaheads = experts.map((e) => this.readings.get(e.name)!.reading.lookahead());
    const logDistributions = experts.map(() => new Float64Array(vocabulary.size));
    const p = new Float64Array(vocabulary.size);
    const rng = new Random(text.length);
    const symbols: string[] = [], chances: number[] = [];
    let characters = 0, owed = 0, tail = text.slice(-8), path = 1;
    while (!cancelled() && path * (options.maxLength - characters) >= NEGLIGIBLE_SAVING) {
      lookaheads.forEach((l, i) => l.logDistribution(logDistributions[i]!));
      const evidence = evidenceKey(names, lookaheads.map((l) => l.evidence?.()));
      if (symbols.length === 0) this.nextSymbol = { names, logDistributions: logDistributions.map((d) => d.slice()), evidence };
      mixture.of(contextOfSymbols(vocabulary, tail), evidence).mix(names, logDistributions, p);
      const id = options.temperature > 0 ? sampleIndex(Array.from(p, Math.log), rng, { temperature: options.temperature }) : argmax(p);
      const symbol = vocabulary.symbols[id]!;
      // Id 0: the unknown symbol (NUL for bytes): never worth offering.
      if (id === 0 || symbol === '\n' || symbol === '\r') break;
      // Where a byte model's symbols stop spelling UTF-8 they offer no character (and a model
      // going on with continuation bytes would never reach maxLength: only starts count).
      owed = owedAfter(vocabulary, symbol, owed);
      if (owed < 0 || (startsCharacter(vocabulary, symbol) && ++characters > options.maxLength)) break;
      symbols.push(symbol);
      chances.push(p[id]!);
      path *= p[id]!;
      tail = (tail + symbol).slice(-8);
      for (const l of lookaheads) l.push(symbol, id);
    }
    if (cancelled()) return NOTHING;
    const suggestion = charactersOf(vocabulary, symbols, chances);
    const confidence = options.wrongPer100 === undefined ? options.minConfidence : budget.confidence(options.minConfidence);
    const offer = judgeOffer(suggestion.characters, suggestion.probabilities, confidence);
    const shown = offer.worthShowing ? suggestion.characters.slice(0, offer.length) : [];
    // Asked again at the same place (nothing typed since), the newer suggestion replaces the one waiting there.
    if (this.shown.at(-1)?.at === text.length) this.shown.pop();
    if (shown.length > 0) this.shown.push({ at: text.length, word: vocabulary.toSymbols(firstWord(shown)) });
    if (this.shown.length > SHOWN_LIMIT) this.shown.shift();
    return { text: shown.join(''), confidence: offer.confidence, expectedSaving: offer.expectedSaving, candidate: suggestion };
  }

  /**
   * The text read now extends to `text`: the shown suggestions whose first word it covers, or
   * contradicts, are judged. Returns how many proved wrong (ghost text the user typed through).
   */
  private judgeShown(text: string): number {
    let wrong = 0;
    this.shown = this.shown.filter(({ at, word }) => {
      const typed = text.slice(at, at + word.length);
      const agrees = word.startsWith(typed);
      if (!agrees) wrong++;
      return agrees && typed.length < word.length;
    });
    return wrong;
  }

  /**
   * Each expert reads `text`: a reading opened for an expert new to this session (or replaced)
   * reads it whole; the readings of experts that left are dropped.
   */
  private read(text: string, restarted: boolean, anchor: number, document: DocumentText): void {
    const { experts, vocabulary } = this.host;
    let before: string | undefined;
    const context: ReadContext = { key: this.key, before: () => (before ??= this.symbolsBefore(vocabulary!, document.slice(0, anchor))) };
    const readings = new Map<string, { expert: Expert; reading: ExpertReading }>();
    for (const expert of experts) {
      const known = this.readings.get(expert.name);
      const held = known?.expert === expert ? known : { expert, reading: expert.open() };
      held.reading.read(text, restarted || held !== known, context);
      readings.set(expert.name, held);
    }
    this.readings = readings;
  }

  /**
   * `raw` as symbols. The text before the anchor is read on every request and mostly unchanged,
   * or grown as the anchor moves on: only what is new is encoded (unless the old text ends in
   * half a surrogate pair, whose other half would be encoded alone).
   */
  private symbolsBefore(vocabulary: Vocabulary, raw: string): string {
    const known = this.beforeAnchor;
    if (known?.raw === raw) return known.symbols;
    const grown = known !== undefined && !endsInHighSurrogate(known.raw) && raw.startsWith(known.raw);
    const symbols = grown ? known.symbols + vocabulary.toSymbols(raw.slice(known.raw.length)) : vocabulary.toSymbols(raw);
    this.beforeAnchor = { raw, symbols };
    return symbols;
  }

  /** The expert `name`'s parameters changed: its reading is redone from the anchor on the next request. */
  invalidate(name: string): void {
    this.readings.get(name)?.reading.invalidate();
  }

  /** Frees everything read (the document closed); a later request starts over. */
  forget(): void {
    this.readings.clear();
    this.anchorOffset = undefined;
    this.text = '';
    this.nextSymbol = undefined;
    this.shown = [];
    this.beforeAnchor = undefined;
  }
}

function endsInHighSurrogate(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}

/** How many characters a symbol string holds (its symbols that start one). */
function charactersIn(vocabulary: Vocabulary, symbols: string): number {
  let n = 0;
  for (const symbol of symbols) if (startsCharacter(vocabulary, symbol)) n++;
  return n;
}

/** The characters up to the first word boundary (accept-next-word's first step), or all of them. */
function firstWord(characters: readonly string[]): string {
  let k = 1;
  while (k < characters.length && !isWordBoundary(characters[k - 1]!, characters[k]!)) k++;
  return characters.slice(0, k).join('');
}
