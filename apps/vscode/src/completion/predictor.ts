import { Random } from '@recurrent/autograd';
import { argmax, type CharLM, probabilities, type RecurrentStepper, sampleIndex, type StepperState } from '@recurrent/topologies';
import { NgramTable, ngramDistribution } from './ngram.js';
import { MixtureWeights } from './mixture.js';
import { judgeOffer } from './offer.js';

export interface PredictOptions {
  /**
   * N-gram tables of text already seen to mix in (never the completed document's own text after
   * the cursor). The text before the cursor given to `predict` is counted on the fly.
   */
  tables?: readonly NgramTable[] | undefined;
  /** Most characters to offer. */
  maxLength: number;
  /** The confidence setting: see judgeOffer. */
  minConfidence: number;
  /** 0: the most likely character each step; above 0, sampled (seeded, so repeatable). */
  temperature: number;
}

export interface Prediction {
  /** What to show ('' when nothing is worth showing). */
  text: string;
  /** The probability that its first word is right. */
  confidence: number;
  /** Keystrokes it is expected to save. */
  expectedSaving: number;
}

interface Fed {
  anchor: number;
  text: string;
  state: StepperState;
  /** The same text as n-gram counts, extended as the text is (only when tables are used). */
  recent: NgramTable | undefined;
  /** Both experts' distributions of the character after `text`, to score them once it is typed. */
  next: { model: Float64Array; ngram: Float64Array } | undefined;
}

const NOTHING: Prediction = { text: '', confidence: 0, expectedSaving: 0 };

/**
 * Next characters after the cursor from a CharLM mixed with n-gram counts (by the weights
 * MixtureWeights learns from what is typed), fast enough to run on every keystroke: the recurrent
 * state after the text before the cursor is kept per document, so typing one more character costs
 * one step, not a re-read of the whole context. `anchor` is where in the document the text
 * starts; a request whose text extends the remembered one (same anchor) continues from its state,
 * anything else starts over.
 */
export class Predictor {
  private readonly stepper: RecurrentStepper;
  private readonly fed = new Map<string, Fed>();
  /** The model's weights against the n-gram, learned from what is typed in every document. */
  readonly mixture = new MixtureWeights();
  /** Code point → the model's id for it (0, the unknown symbol, for any other). */
  private readonly idOf: (codePoint: number) => number;

  constructor(readonly model: CharLM) {
    this.stepper = model.stepper();
    const ids = new Map<number, number>();
    model.vocabulary.symbols.forEach((ch, id) => ids.set(ch.codePointAt(0)!, id));
    this.idOf = (codePoint) => ids.get(codePoint) ?? 0;
  }

  /** Forget every remembered state (the weights changed). */
  invalidate(): void {
    this.fed.clear();
  }

  /** Forget one document's state (it closed). */
  forget(key: string): void {
    this.fed.delete(key);
  }

  predict(key: string, anchor: number, text: string, options: PredictOptions, cancelled: () => boolean = () => false): Prediction {
    const { stepper, model } = this;
    const { vocabulary } = model;
    const known = this.fed.get(key);
    let fed: Fed;
    if (known && known.anchor === anchor && text.length >= known.text.length && text.startsWith(known.text)) {
      stepper.restoreState(known.state);
      const added = text.slice(known.text.length);
      if (known.next && added.length > 0) {
        const x = this.idOf(added.codePointAt(0)!);
        this.mixture.after(lastCharacter(known.text)).observe(known.next.model[x]!, known.next.ngram[x]!);
      }
      for (const id of vocabulary.encode(added)) stepper.feed(id);
      known.recent?.append(added);
      fed = { ...known, text, state: stepper.saveState(), next: undefined };
    } else {
      stepper.reset();
      for (const id of vocabulary.encode(text)) stepper.feed(id);
      fed = { anchor, text, state: stepper.saveState(), recent: undefined, next: undefined };
    }
    // The text between the anchor and the cursor is counted too (the user has just seen or typed it).
    if (options.tables && !fed.recent) {
      fed.recent = new NgramTable(options.tables[0]?.lengths);
      fed.recent.addText(text);
    }
    this.fed.set(key, fed);
    if (text.length === 0) return NOTHING;

    const rng = new Random(text.length);
    const tables = options.tables && fed.recent ? [...options.tables, fed.recent] : undefined;
    const size = vocabulary.size;
    const counted = new Float64Array(size);
    const chars: string[] = [];
    const chances: number[] = [];
    while (chars.length < options.maxLength && !cancelled()) {
      const p = probabilities(stepper.logits());
      if (tables) {
        ngramDistribution(tables, text + chars.join(''), this.idOf, size, counted);
        if (chars.length === 0) fed.next = { model: p.slice(), ngram: counted.slice() };
        this.mixture.after(chars.at(-1) ?? lastCharacter(text)).mix(p, counted, p);
      }
      const id = options.temperature > 0 ? sampleIndex(Array.from(p, Math.log), rng, { temperature: options.temperature }) : argmax(p);
      const ch = vocabulary.symbols[id]!;
      if (id === 0 || ch === '\n' || ch === '\r') break; // id 0: the unknown symbol
      chars.push(ch);
      chances.push(p[id]!);
      stepper.feed(id);
    }
    stepper.restoreState(fed.state);
    if (cancelled()) return NOTHING;
    const offer = judgeOffer(chars, chances, options.minConfidence);
    return { text: offer.worthShowing ? chars.join('') : '', confidence: offer.confidence, expectedSaving: offer.expectedSaving };
  }
}

/** The last character (code point) of `text`, if any. */
function lastCharacter(text: string): string | undefined {
  if (text.length === 0) return undefined;
  const low = text.charCodeAt(text.length - 1);
  return low >= 0xdc00 && low <= 0xdfff && text.length >= 2 ? text.slice(-2) : text.slice(-1);
}
