import { Random } from '@recurrent/autograd';
import { argmax, type CharLM, probabilities, type RecurrentStepper, sampleIndex, type StepperState } from '@recurrent/topologies';
import { type CacheDistribution, ContextCache } from './context-cache.js';

export interface PredictOptions {
  /**
   * Caches of text already seen to mix in (see ContextCache: never the completed document's
   * text after the cursor). The text before the cursor given to `predict` is added on the fly.
   * Where the longest context was seen before, its continuation gets a weight growing with how
   * often and how long it matched.
   */
  caches?: readonly ContextCache[] | undefined;
  /** Most characters to offer. */
  maxLength: number;
  /** Stop before the first character whose probability is below this. */
  minConfidence: number;
  /** 0: the most likely character each step; above 0, sampled (seeded, so repeatable). */
  temperature: number;
}

export interface Prediction {
  text: string;
  /** The model's probability of the whole offered text. */
  confidence: number;
}

interface Fed {
  anchor: number;
  text: string;
  state: StepperState;
  /** The same text as a continuation cache, extended as the text is (built only when caches are used). */
  recent: ContextCache | undefined;
}

/**
 * Next characters after the cursor from a CharLM, fast enough to run on every keystroke: the
 * recurrent state after the text before the cursor is kept per document, so typing one more
 * character costs one step, not a re-read of the whole context. `anchor` is where in the
 * document the text starts; a request whose text extends the remembered one (same anchor)
 * continues from its state, anything else starts over.
 */
export class Predictor {
  private readonly stepper: RecurrentStepper;
  private readonly fed = new Map<string, Fed>();

  constructor(readonly model: CharLM) {
    this.stepper = model.stepper();
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
    const known = this.fed.get(key);
    // The text between the anchor and the cursor votes too (the user has just seen or typed it):
    // its cache grows with the text, like the recurrent state.
    let recent: ContextCache | undefined;
    if (known && known.anchor === anchor && text.length >= known.text.length && text.startsWith(known.text)) {
      stepper.restoreState(known.state);
      const added = text.slice(known.text.length);
      this.feed(added);
      recent = known.recent;
      recent?.add(added);
    } else {
      stepper.reset();
      this.feed(text);
    }
    if (options.caches && !recent) {
      recent = new ContextCache();
      recent.add(text);
    }
    if (text.length === 0) return { text: '', confidence: 0 };
    const state = stepper.saveState();
    this.fed.set(key, { anchor, text, state, recent });

    const rng = new Random(text.length);
    const caches = options.caches && recent ? [...options.caches, recent] : undefined;
    let out = '';
    let confidence = 1;
    while ([...out].length < options.maxLength && !cancelled()) {
      const logits = stepper.logits();
      const p = probabilities(logits);
      if (caches) mixCache(p, ContextCache.lookupIn(caches, text + out), model);
      const id = options.temperature > 0 ? sampleIndex(Array.from(p, Math.log), rng, { temperature: options.temperature }) : argmax(p);
      if (id === 0 || p[id]! < options.minConfidence) break; // id 0: the unknown symbol
      const ch = model.vocabulary.symbols[id]!;
      if (ch === '\n' || ch === '\r') break;
      confidence *= p[id]!;
      out += ch;
      stepper.feed(id);
    }
    stepper.restoreState(state);
    return { text: out, confidence: out.length > 0 ? confidence : 0 };
  }

  private feed(text: string): void {
    const { vocabulary } = this.model;
    for (const ch of text) this.stepper.feed(vocabulary.id(ch));
  }
}

/**
 * p ← (1 − w)·p + w·cache, with w = n / (n + 1) · min(1, order / 12): trust grows with how many
 * times the context was seen (n) and how long it is.
 */
function mixCache(p: Float64Array, found: CacheDistribution | undefined, model: CharLM): void {
  if (!found) return;
  const w = (found.total / (found.total + 1)) * Math.min(1, found.order / 12);
  for (let i = 0; i < p.length; i++) p[i] = p[i]! * (1 - w);
  for (const [ch, n] of found.counts) {
    const id = model.vocabulary.id(ch);
    p[id] = p[id]! + (w * n) / found.total;
  }
}
